"""Mirror statistics: what the exporting country reported against what the importing country
reported (or declared, shipment by shipment), pair by pair, with the gaps.

Importers record goods by country of origin, exporters by country of last known destination:
Chinese drones that China reports as exports to Kazakhstan and Russia declares as imports of
Chinese origin show up as Russia's imports exceeding China's reported exports to Russia. So the
importer side counts shipments by origin, the exporter side by destination.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from dualtrace.flows.frame import FlowFilter, check_converted, filter_where, prepare
from dualtrace.flows.totals import DIMENSIONS
from dualtrace.normalize.money import ExchangeRates
from dualtrace.store import Workspace


@dataclass(frozen=True, slots=True)
class Mirror:
    period: str
    exporter: str
    importer: str
    exporter_reported_usd: float
    importer_reported_usd: float
    declared_usd: float
    """Sum of the importer's shipment-level declarations held in the workspace."""

    @property
    def gap_usd(self) -> float:
        """Importer's figure (statistics, else declarations) minus the exporter's."""
        return self.importer_side - self.exporter_reported_usd

    @property
    def importer_side(self) -> float:
        return self.importer_reported_usd or self.declared_usd

    @property
    def ratio(self) -> float | None:
        if not self.exporter_reported_usd:
            return None
        return self.importer_side / self.exporter_reported_usd

    def as_row(self) -> dict[str, Any]:
        return {
            "period": self.period,
            "exporter": self.exporter,
            "importer": self.importer,
            "exporter_reported_usd": round(self.exporter_reported_usd, 2),
            "importer_reported_usd": round(self.importer_reported_usd, 2),
            "declared_usd": round(self.declared_usd, 2),
            "gap_usd": round(self.gap_usd, 2),
            "ratio": None if self.ratio is None else round(self.ratio, 4),
        }


def mirror(
    ws: Workspace,
    flt: FlowFilter,
    *,
    period: str = "year",
    rates: ExchangeRates | None = None,
) -> list[Mirror]:
    """One row per period and (exporter, importer) pair that either side reported."""
    if period not in ("month", "quarter", "year"):
        raise ValueError(f"period {period!r}: use month, quarter or year")
    source = prepare(ws.db, rates)
    bare = FlowFilter(hs=flt.hs, first=flt.first, last=flt.last, levels=flt.levels)
    where = filter_where(bare)
    check_converted(ws.db, where, source)
    pair_exporter = "CASE WHEN level = 'shipment' THEN origin ELSE exporter END"
    outer = filter_where(
        FlowFilter(exporters=flt.exporters, importers=flt.importers, levels=(), monthly=False)
    )
    rows = ws.db.execute(
        f"""
        SELECT * FROM (
            SELECT {DIMENSIONS[period]} AS period, {pair_exporter} AS exporter, importer,
                coalesce(sum(value_usd) FILTER (
                    level = 'statistics' AND reported_by = 'exporter'), 0),
                coalesce(sum(value_usd) FILTER (
                    level = 'statistics' AND reported_by = 'importer'), 0),
                coalesce(sum(value_usd) FILTER (level = 'shipment'), 0)
            FROM {source} WHERE {where.sql} AND importer IS NOT NULL
            GROUP BY ALL
        ) WHERE {outer.sql}
        ORDER BY period, exporter, importer
        """,
        [*where.params, *outer.params],
    ).fetchall()
    return [
        Mirror(str(p), str(e), str(i), float(x), float(m), float(d))
        for p, e, i, x, m, d in rows
        if e is not None
    ]
