"""Direct flows against flows through hub countries, and the share of each over time.

The two levels see a route differently. Trade statistics of the exporting country show goods
leaving for the destination itself (direct) or for a hub, where they may be sold on: the hub
share is an upper bound of diversion. A destination's import declarations show where the goods
were made and where they were dispatched from: Chinese-made goods dispatched from Kazakhstan
went through Kazakhstan, whatever the exporter's statistics say.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Final

from dualtrace.flows.frame import FlowFilter, check_converted, filter_where, prepare
from dualtrace.flows.totals import DIMENSIONS
from dualtrace.normalize.money import ExchangeRates
from dualtrace.store import Workspace

DIRECT: Final = "direct"


@dataclass(frozen=True, slots=True)
class RouteShare:
    level: str
    period: str
    route: str
    """'direct', or the ISO code of the hub the goods went to or through."""
    value_usd: float
    quantity: float
    period_total_usd: float

    @property
    def share(self) -> float | None:
        return self.value_usd / self.period_total_usd if self.period_total_usd else None

    def as_row(self) -> dict[str, Any]:
        return {
            "level": self.level,
            "period": self.period,
            "route": self.route,
            "value_usd": round(self.value_usd, 2),
            "quantity": self.quantity,
            "share": None if self.share is None else round(self.share, 4),
        }


def routes(
    ws: Workspace,
    flt: FlowFilter,
    *,
    origin: str = "cn",
    destination: str = "ru",
    period: str = "month",
    rates: ExchangeRates | None = None,
) -> list[RouteShare]:
    """Per period and level: the direct route and each hub, with its share of their sum."""
    if period not in ("month", "quarter", "year"):
        raise ValueError(f"period {period!r}: use month, quarter or year")
    source = prepare(ws.db, rates)
    where = filter_where(
        FlowFilter(hs=flt.hs, first=flt.first, last=flt.last, levels=flt.levels, hubs=flt.hubs)
    )
    hubs = tuple(h for h in flt.hubs if h != destination)
    marks = ", ".join("?" for _ in hubs) or "NULL"
    # Statistics: exporter = origin, importer = destination (direct) or a hub.
    # Shipments: made in origin, bound for destination, dispatched from it or via a country.
    where.add(
        f"""((level = 'statistics' AND exporter = ? AND (importer = ? OR importer IN ({marks})))
          OR (level = 'shipment' AND origin = ? AND importer = ?))""",
        origin, destination, *hubs, origin, destination,
    )  # fmt: skip
    check_converted(ws.db, where, source)
    rows = ws.db.execute(
        f"""
        WITH r AS (
            SELECT level, {DIMENSIONS[period]} AS period,
                   CASE WHEN level = 'statistics' AND importer <> ? THEN importer
                        WHEN level = 'shipment' AND route IS NOT NULL THEN route
                        ELSE '{DIRECT}' END AS route,
                   value_usd, quantity
            FROM {source} WHERE {where.sql}
        )
        SELECT level, period, route, coalesce(sum(value_usd), 0), coalesce(sum(quantity), 0),
               sum(coalesce(sum(value_usd), 0)) OVER (PARTITION BY level, period)
        FROM r GROUP BY level, period, route ORDER BY level, period, route <> '{DIRECT}', route
        """,
        [destination, *where.params],
    ).fetchall()
    return [
        RouteShare(str(lv), str(p), str(rt), float(v), float(q), float(t))
        for lv, p, rt, v, q, t in rows
    ]


def hub_share(found: list[RouteShare]) -> dict[tuple[str, str], float | None]:
    """(level, period) -> share of value that went to or through hubs."""
    totals: dict[tuple[str, str], float] = {}
    direct: dict[tuple[str, str], float] = {}
    for r in found:
        key = (r.level, r.period)
        totals[key] = r.period_total_usd
        if r.route == DIRECT:
            direct[key] = r.value_usd
    return {k: (1 - direct.get(k, 0.0) / t) if t else None for k, t in totals.items()}
