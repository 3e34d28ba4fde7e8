"""Value, weight, quantity and unit value, grouped by any of HS code, countries and period.

Shipment rows and statistics stay apart (the level is always a group): a customs sample and a
national total are different measurements of the same trade, and adding them would count the
goods twice.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Final

import duckdb

from dualtrace.flows.frame import FlowFilter, check_converted, filter_where, prepare
from dualtrace.normalize.money import ExchangeRates
from dualtrace.store import Workspace

DIMENSIONS: Final = {
    "hs6": "hs6",
    "heading": "heading",
    "hs": "hs_code",
    "origin": "origin",
    "exporter": "exporter",
    "destination": "importer",
    "route": "coalesce(route, 'direct')",
    "month": "month",
    "quarter": "concat(year, '-Q', (CAST(substr(month, 6, 2) AS INTEGER) + 2) // 3)",
    "year": "CAST(year AS VARCHAR)",
    "dataset": "dataset",
}
"""Names a user can group by, and the column or expression each one means."""


class DimensionError(ValueError):
    pass


@dataclass(frozen=True, slots=True)
class Total:
    level: str
    keys: dict[str, str | None]
    value_usd: float
    net_weight_kg: float
    quantity: float
    rows: int
    record_ids: tuple[str, ...]

    @property
    def unit_value(self) -> float | None:
        return self.value_usd / self.quantity if self.quantity else None

    def as_row(self) -> dict[str, Any]:
        return {
            "level": self.level,
            **self.keys,
            "value_usd": round(self.value_usd, 2),
            "net_weight_kg": round(self.net_weight_kg, 3),
            "quantity": self.quantity,
            "unit_value_usd": None if self.unit_value is None else round(self.unit_value, 2),
            "rows": self.rows,
        }


def group_sql(source: str, by: tuple[str, ...], where_sql: str, *, with_ids: bool) -> str:
    unknown = [b for b in by if b not in DIMENSIONS]
    if unknown:
        raise DimensionError(
            f"cannot group by {', '.join(unknown)}; use any of {', '.join(DIMENSIONS)}"
        )
    keys = "".join(f", {DIMENSIONS[b]} AS {b}" for b in by)
    ids = ", list(record_id ORDER BY record_id)" if with_ids else ", []"
    order = ", ".join(["level", *by])
    return f"""
        SELECT level{keys}, coalesce(sum(value_usd), 0), coalesce(sum(net_weight_kg), 0),
               coalesce(sum(quantity), 0), count(*){ids},
               count(*) FILTER (value IS NOT NULL AND value_usd IS NULL)
        FROM {source} WHERE {where_sql}
        GROUP BY ALL ORDER BY {order}
    """


def run_totals(
    db: duckdb.DuckDBPyConnection,
    source: str,
    flt: FlowFilter,
    by: tuple[str, ...],
    *,
    with_ids: bool = True,
) -> list[Total]:
    where = filter_where(flt)
    rows = db.execute(group_sql(source, by, where.sql, with_ids=with_ids), where.params).fetchall()
    if any(row[-1] for row in rows):
        check_converted(db, where, source)  # names the currencies and months, and raises
    out = []
    for row in rows:
        level, keys, rest = row[0], row[1 : 1 + len(by)], row[1 + len(by) : -1]
        value, weight, qty, n, ids = rest
        out.append(
            Total(
                str(level),
                {b: (None if k is None else str(k)) for b, k in zip(by, keys, strict=True)},
                float(value),
                float(weight),
                float(qty),
                int(n),
                tuple(ids or ()),
            )
        )
    return out


def totals(
    ws: Workspace,
    flt: FlowFilter,
    by: tuple[str, ...] = ("month",),
    rates: ExchangeRates | None = None,
) -> list[Total]:
    """Totals of the workspace's current shipments and statistics, one row per group."""
    source = prepare(ws.db, rates)
    return run_totals(ws.db, source, flt, by)


def monthly_by_hs6_and_partner(
    db: duckdb.DuckDBPyConnection,
    shipments: str,
    rates: ExchangeRates | None = None,
    flt: FlowFilter | None = None,
) -> list[Total]:
    """Monthly flows by HS-6 and partner over a shipments relation (e.g. Parquet files with the
    columns of the `shipments` table): the query the benchmark times at 100 million rows."""
    source = prepare(db, rates, shipments, statistics=False)
    return run_totals(
        db,
        source,
        flt or FlowFilter(levels=("shipment",)),
        ("month", "hs6", "exporter"),
        with_ids=False,
    )
