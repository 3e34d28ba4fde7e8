"""Totals for a period, and the shift around a control date, over the `trade_flows` view.

Everything is plain SQL over the view that puts shipment-level records and trade statistics
on one footing; each figure comes back with the record ids that add up to it, so a dossier
can cite them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from dualtrace.store import Workspace

CONTROL_DATES = ("2023-09-01", "2024-09-01")
HUB_COUNTRIES = ("am", "kz", "kg", "uz", "tr", "ae", "ge", "by", "hk")


@dataclass(frozen=True, slots=True)
class Figure:
    value_usd: float
    quantity: float
    record_ids: tuple[str, ...]

    @property
    def unit_value(self) -> float | None:
        return self.value_usd / self.quantity if self.quantity else None


@dataclass(frozen=True, slots=True)
class ControlShift:
    control_date: str
    months: int
    direct_before: Figure
    direct_after: Figure
    hubs_before: Figure
    hubs_after: Figure
    run_up: Figure
    """The two months just before the date (stockpiling shows here)."""

    @property
    def direct_change(self) -> float | None:
        before = self.direct_before.value_usd
        return (self.direct_after.value_usd - before) / before if before else None

    @property
    def hubs_change(self) -> float | None:
        before = self.hubs_before.value_usd
        return (self.hubs_after.value_usd - before) / before if before else None

    @property
    def unit_value_change(self) -> float | None:
        a, b = self.direct_after.unit_value, self.direct_before.unit_value
        return (a - b) / b if a is not None and b else None


def period_total(
    ws: Workspace,
    *,
    exporter: str,
    importers: tuple[str, ...],
    hs_prefix: str,
    first: str,
    last: str,
    level: str = "statistics",
) -> Figure:
    """Value and quantity from `exporter` to any of `importers`, periods first..last (YYYY-MM)."""
    if not importers:
        return Figure(0.0, 0.0, ())
    marks = ", ".join("?" for _ in importers)
    row = ws.db.execute(
        f"""
        SELECT coalesce(sum(value_usd), 0), coalesce(sum(quantity), 0), list(record_id)
        FROM trade_flows
        WHERE level = ? AND exporter_country = ? AND importer_country IN ({marks})
          AND starts_with(hs_code, ?) AND period BETWEEN ? AND ?
          AND flow_code IN ('X', 'M')
        """,
        [level, exporter, *importers, hs_prefix, first, last],
    ).fetchone()
    assert row is not None
    return Figure(float(row[0]), float(row[1]), tuple(sorted(row[2] or [])))


def _month(day: date, offset: int) -> str:
    index = day.year * 12 + day.month - 1 + offset
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def control_shift(
    ws: Workspace,
    control_date: str,
    *,
    exporter: str = "cn",
    destination: str = "ru",
    hs_prefix: str = "8806",
    months: int = 6,
    hubs: tuple[str, ...] = HUB_COUNTRIES,
) -> ControlShift:
    """`months` before the date against `months` after it (the month of the date included
    after), for the direct route and for the hub countries. The two months just before the
    date are left out of the baseline and reported apart: buyers stockpile then, and counting
    them would hide the fall that follows."""
    day = date.fromisoformat(control_date)
    before = (_month(day, -months - 2), _month(day, -3))
    after = (_month(day, 0), _month(day, months - 1))
    run_up = (_month(day, -2), _month(day, -1))

    def total(importers: tuple[str, ...], span: tuple[str, str]) -> Figure:
        return period_total(
            ws,
            exporter=exporter,
            importers=importers,
            hs_prefix=hs_prefix,
            first=span[0],
            last=span[1],
        )

    return ControlShift(
        control_date,
        months,
        total((destination,), before),
        total((destination,), after),
        total(hubs, before),
        total(hubs, after),
        total((destination,), run_up),
    )
