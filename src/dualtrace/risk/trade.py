"""Red flags read from the movement of goods: controlled goods, routing through hub countries,
new intermediaries, sudden surges after a control, and goods declared under the wrong code.
Each rule's docstring is the explanation a reader sees next to its flag."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from datetime import date

from dualtrace.graph import Edge
from dualtrace.normalize.countries import country_code
from dualtrace.risk.context import Flag, RiskContext, make_flag


def _hs(edge: Edge) -> str:
    return "".join(ch for ch in str(edge.props.get("hs_code") or "") if ch.isdigit())


def _controlled_label(ctx: RiskContext, hs: str) -> str | None:
    tier = ctx.rules.chpl_tier(hs)
    label = f"CHPL tier {tier}" if tier else None
    if hs.startswith(ctx.rules.drone_hs_prefixes):
        label = "drone heading" + (f", {label}" if label else "")
    return label


def controlled_goods(ctx: RiskContext) -> Iterator[Flag]:
    """Ships or receives drones or goods on the Common High Priority List."""
    hits: dict[str, list[tuple[Edge, str]]] = defaultdict(list)
    for edge in ctx.edges_of_type("shipped"):
        hs = _hs(edge)
        label = _controlled_label(ctx, hs) if hs else None
        if label:
            for cid in (edge.source_id, edge.target_id):
                hits[cid].append((edge, f"{hs[:6]} ({label})"))
    for cid, items in sorted(hits.items()):
        codes = sorted({code for _, code in items})
        yield make_flag(
            ctx,
            cid,
            "controlled_goods",
            f"{len(items)} shipment(s) of controlled goods: {', '.join(codes[:5])}",
            [e.record_id for e, _ in items],
        )


def _prop_country(edge: Edge, key: str) -> str:
    value = str(edge.props.get(key) or "")
    return country_code(value) or value.lower()


def _via_hub(ctx: RiskContext, edge: Edge) -> bool:
    """A shipment dispatched from, or sent by a party in, a transshipment hub country."""
    hubs = ctx.rules.transshipment_hubs
    return _prop_country(edge, "dispatch_country") in hubs or bool(
        ctx.countries(edge.source_id) & hubs
    )


def transshipment_hub(ctx: RiskContext) -> Iterator[Flag]:
    """Sends goods from China or Hong Kong on to Russia or Belarus from a transshipment hub
    country: goods received from there, or declared of Chinese origin, and shipped on."""
    r = ctx.rules
    inbound: dict[str, list[Edge]] = defaultdict(list)
    outbound: dict[str, list[Edge]] = defaultdict(list)
    for edge in ctx.edges_of_type("shipped", "supplied"):
        source, target = ctx.countries(edge.source_id), ctx.countries(edge.target_id)
        if target & r.transshipment_hubs and source & r.origin_of_concern:
            inbound[edge.target_id].append(edge)
        if edge.type != "shipped" or not source & r.transshipment_hubs:
            continue
        if (target | {_prop_country(edge, "destination_country")}) & r.destination_of_concern:
            outbound[edge.source_id].append(edge)
    for cid, out in sorted(outbound.items()):
        ins = inbound.get(cid, [])
        routed = [e for e in out if _prop_country(e, "origin_country") in r.origin_of_concern]
        if not (ins or routed):
            continue
        hub = ", ".join(sorted(ctx.countries(cid) & r.transshipment_hubs)).upper()
        yield make_flag(
            ctx,
            cid,
            "transshipment_hub",
            f"Intermediary in {hub}: {len(ins)} supply link(s) in from China/Hong Kong, "
            f"{len(out)} shipment(s) out to Russia/Belarus ({len(routed)} of Chinese origin)",
            [e.record_id for e in (ins + out)[:50]],
        )
        yield from _new_intermediary(ctx, cid, ins + out)


def _new_intermediary(ctx: RiskContext, cid: str, trades: list[Edge]) -> Iterator[Flag]:
    after = ctx.rules.new_intermediary_after
    first = min((e.start for e in trades if e.start), default=None)
    founded = sorted(v for v, _ in ctx.props(cid).get("incorporationDate", []))
    if founded and founded[0] >= after:
        records = [r for v, r in ctx.props(cid)["incorporationDate"] if v == founded[0]]
        yield make_flag(
            ctx, cid, "new_intermediary", f"Incorporated on {founded[0]}, after {after}", records
        )
    elif first and first >= after:
        yield make_flag(
            ctx,
            cid,
            "new_intermediary",
            f"First trade seen on {first}, after {after}",
            [e.record_id for e in trades if e.start == first],
        )


def surge(ctx: RiskContext) -> Iterator[Flag]:
    """Controlled goods routed through hub countries surged after an export control came into
    force: many times the shipments of the same span of months before it."""
    r = ctx.rules
    by_party: dict[str, list[Edge]] = defaultdict(list)
    for edge in ctx.edges_of_type("shipped"):
        hs = _hs(edge)
        if edge.start and hs and _controlled_label(ctx, hs) and _via_hub(ctx, edge):
            by_party[edge.source_id].append(edge)
            by_party[edge.target_id].append(edge)
    seen = sorted(e.start for e in ctx.edges_of_type("shipped") if e.start)
    if not seen:
        return
    # A control counts only when the data cover the whole span before it: a surge measured
    # against months nobody recorded is an artefact of the data's start.
    controls = [c for c in r.surge_controls if _shift(c, -r.surge_months) >= seen[0][:10]]
    for cid, edges in sorted(by_party.items()):
        best: tuple[float, str, list[Edge], int] | None = None
        for control in controls:
            lo, hi = _shift(control, -r.surge_months), _shift(control, r.surge_months)
            before = sum(1 for e in edges if lo <= (e.start or "") < control)
            after = [e for e in edges if control <= (e.start or "") < hi]
            ratio = len(after) / max(before, 1)
            enough = len(after) >= r.surge_min_after and ratio >= r.surge_factor
            if enough and (best is None or ratio > best[0]):
                best = (ratio, control, after, before)
        if best is None:
            continue
        ratio, control, after, before = best
        yield make_flag(
            ctx,
            cid,
            "surge",
            f"Controlled goods through hub countries: {before} shipment(s) in the "
            f"{r.surge_months} months before the control of {control}, {len(after)} in the "
            f"{r.surge_months} months after",
            [e.record_id for e in sorted(after, key=lambda e: e.start or "")[:20]],
        )


def _shift(day: str, months: int) -> str:
    d = date.fromisoformat(day[:10])
    total = d.year * 12 + d.month - 1 + months
    return f"{total // 12:04d}-{total % 12 + 1:02d}-{d.day:02d}"


def misdeclared_goods(ctx: RiskContext) -> Iterator[Flag]:
    """Goods described as drones but declared under a code for toys or unrelated goods."""
    hits: dict[str, list[Edge]] = defaultdict(list)
    for edge in ctx.edges_of_type("shipped"):
        text = str(edge.props.get("description") or "").lower()
        hs = _hs(edge)
        if not text or not hs or not any(w in text for w in ctx.rules.drone_words):
            continue
        if any(w in text for w in ctx.rules.drone_part_words):
            continue
        if not hs.startswith(ctx.rules.drone_hs_prefixes) and not hs.startswith(("8525", "8802")):
            for cid in (edge.source_id, edge.target_id):
                hits[cid].append(edge)
    for cid, edges in sorted(hits.items()):
        codes = sorted({str(e.props.get("hs_code")) for e in edges})
        yield make_flag(
            ctx,
            cid,
            "misdeclared_goods",
            f"{len(edges)} shipment(s) described as drones declared under {', '.join(codes[:5])}",
            [e.record_id for e in edges],
        )
