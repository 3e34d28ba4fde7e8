"""Meeting the maker, buying through a hub: a route that hides who the goods are for.

A buyer in Russia whose director or staff travel together with the people of a Chinese
maker knows the maker; if the maker's goods nonetheless reach it through an intermediary in
a transshipment hub, whether or not other goods come directly, the detour is not for want of
a supplier. Export
controls and the maker's own end-use checks see the hub's name on the sale, not the buyer's:
the pattern of the reported diversion cases, and the reason this flag ends a goods trace.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

import numpy as np

from dualtrace.graph import Edge
from dualtrace.risk.context import Flag, RiskContext, make_flag

GOODS_LINKS = ("shipped", "supplied")
"""Edges whose source's goods go to their target: a shipment, a maker's goods shipped on."""
PEOPLE_LINKS = ("represents", "directs")
"""A person's organisations: a passenger's listed employer, a registered director."""


def maker_contact_via_hub(ctx: RiskContext) -> Iterator[Flag]:
    """Its people travelled with people of a maker in China whose goods it receives through
    an intermediary in a transshipment hub."""
    eg, rules = ctx.eg, ctx.rules
    rows = np.flatnonzero(eg.type_mask(*GOODS_LINKS))
    first: dict[tuple[int, int], int] = {}
    for row, a, b in zip(rows.tolist(), eg.src[rows].tolist(), eg.dst[rows].tolist(), strict=True):
        first.setdefault((a, b), row)
    goods_to: dict[int, set[int]] = defaultdict(set)
    for a, b in first:
        goods_to[a].add(b)
    org_of: dict[str, set[str]] = defaultdict(set)
    for edge in ctx.edges_of_type(*PEOPLE_LINKS):
        org_of[edge.source_id].add(edge.target_id)
    found: dict[tuple[str, str], list[tuple[Edge, int, int, int]]] = defaultdict(list)
    for trip in ctx.edges_of_type("travelled_with"):
        sides = [org_of.get(trip.source_id, set()), org_of.get(trip.target_id, set())]
        for makers, buyers in (sides, sides[::-1]):
            for maker in makers:
                if not ctx.countries(maker) & rules.origin_of_concern:
                    continue
                for buyer in buyers - {maker}:
                    if not ctx.countries(buyer) & rules.destination_of_concern:
                        continue
                    m, b = eg.index[maker], eg.index[buyer]
                    for hub in sorted(goods_to.get(m, ())):
                        if b in goods_to.get(hub, ()) and _in_hub(ctx, eg.ids[hub]):
                            found[(buyer, maker)].append((trip, m, hub, b))
    for (buyer, maker), items in sorted(found.items()):
        hubs = sorted({ctx.caption(eg.ids[h]) for _, _, h, _ in items})
        direct = eg.index[buyer] in goods_to.get(eg.index[maker], ())
        flights = sorted({_flight(trip) for trip, _, _, _ in items})
        evidence = [
            record
            for trip, m, h, b in items
            for record in (
                trip.record_id,
                str(trip.props.get("other_record") or ""),
                eg.edge(first[(m, h)]).record_id,
                eg.edge(first[(h, b)]).record_id,
            )
            if record
        ]
        yield make_flag(
            ctx,
            buyer,
            "maker_contact_via_hub",
            f"Its people travelled with people of {ctx.caption(maker)} "
            f"({'; '.join(flights[:3])}), whose goods it receives through "
            + ", ".join(hubs[:3])
            + (" as well as directly" if direct else " and not from the maker directly"),
            evidence,
        )


def _in_hub(ctx: RiskContext, entity_id: str) -> bool:
    return bool(ctx.countries(entity_id) & ctx.rules.transshipment_hubs)


def _flight(trip: Edge) -> str:
    parts = [str(trip.props[k]) for k in ("flight",) if trip.props.get(k)]
    return " ".join([*parts, trip.start or ""]).strip() or trip.record_id
