"""The red flags. Each rule is a function from the context to flags; its docstring is the
explanation a reader sees next to the flag, and every flag lists the records behind it."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterator

import numpy as np

from dualtrace.graph import Edge
from dualtrace.risk.concealment import maker_contact_via_hub
from dualtrace.risk.context import Flag, RiskContext, make_flag
from dualtrace.risk.trade import controlled_goods, misdeclared_goods, surge, transshipment_hub
from dualtrace.trace import TraceFilter, sanction_tree, tree_path

Rule = Callable[[RiskContext], Iterator[Flag]]


_flag = make_flag


def sanctioned(ctx: RiskContext) -> Iterator[Flag]:
    """Listed on a sanctions list in force on the date of analysis."""
    for node in ctx.eg.nodes():
        if node.is_authority:
            continue
        edges = ctx.eg.sanctions(node.entity_id, ctx.as_of)
        if not edges:
            continue
        listings = sorted(
            {
                f"{e.props.get('authority', ctx.caption(e.target_id))}"
                f" ({e.props.get('program', 'no programme given')})"
                for e in edges
            }
        )
        yield _flag(
            ctx,
            node.entity_id,
            "sanctioned",
            "Sanctioned: " + "; ".join(listings),
            [e.record_id for e in edges],
        )


def sanctioned_ownership(ctx: RiskContext) -> Iterator[Flag]:
    """Owned 50% or more, directly or through owned companies, in aggregate, by sanctioned
    parties (the 50 percent rule), though not listed itself."""
    blocked = {n.entity_id for n in ctx.eg.nodes() if ctx.eg.sanctions(n.entity_id, ctx.as_of)}
    owners: dict[str, list[Edge]] = defaultdict(list)
    for edge in ctx.edges_of_type("owns"):
        if edge.active_on(ctx.as_of):
            owners[edge.target_id].append(edge)
    derived: dict[str, list[Edge]] = {}
    changed = True
    while changed:
        changed = False
        for asset, edges in owners.items():
            if asset in blocked:
                continue
            by_blocked = [e for e in edges if e.source_id in blocked]
            share = sum(_share(e) for e in by_blocked)
            if share >= 50:
                blocked.add(asset)
                derived[asset] = by_blocked
                changed = True
    for asset, edges in sorted(derived.items()):
        parts = ", ".join(f"{ctx.caption(e.source_id)} {_share(e):g}%" for e in edges)
        yield _flag(
            ctx,
            asset,
            "sanctioned_ownership",
            f"Owned at least 50% in aggregate by sanctioned parties: {parts}",
            [e.record_id for e in edges],
        )


def _share(edge: Edge) -> float:
    try:
        return float(str(edge.props.get("share_pct", 0)).replace(",", "."))
    except ValueError:
        return 0.0


def sanctions_proximity(ctx: RiskContext) -> Iterator[Flag]:
    """Linked to a sanctioned party within a few hops (shipments, payments, ownership,
    directorships, travel), closer counting more."""
    hops = ctx.rules.sanctions_proximity_max_hops
    flt = TraceFilter(max_hops=hops, as_of=ctx.as_of)
    tree = sanction_tree(ctx.eg, flt)
    for cid in sorted(ctx.eg.ids[i] for i in np.flatnonzero(tree.distance > 0)):
        path = tree_path(ctx.eg, tree, cid)
        if path is None:
            continue
        chain = " -> ".join(ctx.caption(n) for n in path.nodes)
        yield _flag(
            ctx,
            cid,
            "sanctions_proximity",
            f"{path.hops} hop(s) from sanctioned {ctx.caption(path.nodes[-1])}: {chain}",
            list(path.record_ids),
            factor=1.0 / path.hops,
        )


def military_activity_code(ctx: RiskContext) -> Iterator[Flag]:
    """Registered under an activity code of military production or defence; a research code
    typical of military-linked scientific bodies counts only with another military flag."""
    for node in ctx.eg.nodes():
        props = ctx.props(node.entity_id)
        codes = [
            (v, r) for p in ("okvedCode", "sector", "classification") for v, r in props.get(p, [])
        ]
        hits = [(v, r) for v, r in codes if _code_in(v, ctx.rules.military_activity_codes)]
        if hits:
            yield _flag(
                ctx,
                node.entity_id,
                "military_activity_code",
                "Activity code of military production or defence: "
                + ", ".join(sorted({v for v, _ in hits})),
                [r for _, r in hits],
            )
        research = [(v, r) for v, r in codes if _code_in(v, ctx.rules.military_research_codes)]
        if research:
            yield _flag(
                ctx,
                node.entity_id,
                "military_research_code",
                "Research code typical of military-linked scientific bodies: "
                + ", ".join(sorted({v for v, _ in research})),
                [r for _, r in research],
            )


def _code_in(value: str, codes: tuple[str, ...]) -> bool:
    code = value.strip().split()[0] if value.strip() else ""
    return any(code == c or code.startswith(c + ".") for c in codes)


def military_use_posts(ctx: RiskContext) -> Iterator[Flag]:
    """Its own posts or pages describe military end use: training servicemen, the National
    Guard or the mobilized, the front, drop munitions (holiday greetings to servicemen aside)."""
    by_owner: dict[str, list[Edge]] = defaultdict(list)
    publishers = _publishers(ctx)
    for edge in _end_use_mentions(ctx):
        owner = publishers.get(edge.source_id, edge.source_id)
        by_owner[owner].append(edge)
    for owner, edges in sorted(by_owner.items()):
        if not ctx.eg.has(owner):
            continue
        quotes = sorted({str(e.props.get("quote", "")) for e in edges}, key=lambda q: (-len(q), q))
        sample = "; ".join(f"«{q}»" for q in quotes[:2])
        yield _flag(
            ctx,
            owner,
            "military_use_posts",
            f"{len(quotes)} passage(s) of its own posts or pages describe military end "
            f"use, e.g. {sample}",
            [e.record_id for e in edges],
        )


def _end_use_mentions(ctx: RiskContext) -> list[Edge]:
    """Mentions of a military user or use, less those in a greeting. A shop that congratulates
    servicemen on Defender of the Fatherland Day, as most Russian businesses do every 23
    February, says nothing of who uses its goods, even when it advertises a drone in the next
    sentence; a brand's mention is of military use only through such a mention, so goods
    mentions are not counted on their own."""
    greetings = ctx.rules.greeting_words
    out = []
    for edge in ctx.edges_of_type("mentions"):
        if str(edge.props.get("military_use", "")).lower() not in ("true", "1", "yes"):
            continue
        if ctx.eg.has(edge.target_id) and ctx.eg.node(edge.target_id).schema == "Product":
            continue
        quote = str(edge.props.get("quote", "")).lower()
        if any(word in quote for word in greetings):
            continue
        out.append(edge)
    return out


def _publishers(ctx: RiskContext) -> dict[str, str]:
    """Document -> the entity that published it: a post's `sender` (the channel or the
    author), or a `represents` link with the role 'publisher'."""
    out: dict[str, str] = {}
    for edge in ctx.edges_of_type("mentions"):
        senders = ctx.props(edge.source_id).get("sender", [])
        if senders:
            out[edge.source_id] = ctx.canonical(senders[0][0])
    for edge in ctx.eg.edges():
        if edge.type == "represents" and edge.props.get("role") == "publisher":
            out[edge.source_id] = edge.target_id
    return out


def co_travel(ctx: RiskContext, flagged: set[str]) -> Iterator[Flag]:
    """Its people travelled with, or visited, people of a sanctioned or military-flagged
    party (colleagues travelling together do not count)."""
    org_of: dict[str, set[str]] = defaultdict(set)
    for edge in ctx.edges_of_type("represents"):
        org_of[edge.source_id].add(edge.target_id)
    trips: dict[tuple[str, str], list[tuple[Edge, str, str]]] = defaultdict(list)
    for edge in ctx.eg.edges():
        if edge.type not in ("travelled_with", "visited"):
            continue
        for me, other in ((edge.source_id, edge.target_id), (edge.target_id, edge.source_id)):
            parties = ({other} | org_of.get(other, set())) & flagged
            for who in org_of.get(me) or {me}:
                for party in parties - {who}:
                    trips[(who, party)].append((edge, me, other))
    for (who, party), items in sorted(trips.items()):
        legs = sorted({_trip(ctx, edge, me, other) for edge, me, other in items})
        more = f" and {len(legs) - 3} more" if len(legs) > 3 else ""
        records = [
            r
            for edge, _, _ in items
            for r in (edge.record_id, str(edge.props.get("other_record") or ""))
        ]
        yield _flag(
            ctx,
            who,
            "co_travel",
            f"Its people travelled with people of {ctx.caption(party)}: "
            + "; ".join(legs[:3])
            + more,
            [r for r in records if r],
        )


def _trip(ctx: RiskContext, edge: Edge, me: str, other: str) -> str:
    where = " ".join(str(edge.props[k]) for k in ("flight",) if edge.props.get(k))
    route = "→".join(str(edge.props[k]) for k in ("origin", "destination") if edge.props.get(k))
    when = edge.start or ""
    detail = ", ".join(x for x in (where, route, when) if x)
    verb = "with" if edge.type == "travelled_with" else "visiting"
    return f"{ctx.caption(me)} {verb} {ctx.caption(other)}" + (f" ({detail})" if detail else "")


BASE_RULES: tuple[Rule, ...] = (
    sanctioned,
    sanctioned_ownership,
    sanctions_proximity,
    military_activity_code,
    military_use_posts,
    controlled_goods,
    transshipment_hub,
    surge,
    misdeclared_goods,
    maker_contact_via_hub,
)
"""The rules that need no other flag; co-travel and shared contacts run after them."""
