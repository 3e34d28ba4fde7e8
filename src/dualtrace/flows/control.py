"""Totals for a period, and the shift around a control date, in the terms a dossier cites.

Each figure comes back with the record ids that add up to it, so a sentence can cite them.
The windows are fixed here once for every analysis around a date: `months` before the two-month
run-up, the run-up itself, and `months` from the month of the date on.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from dualtrace.flows.frame import HUB_COUNTRIES, FlowFilter, prepare
from dualtrace.flows.totals import run_totals
from dualtrace.normalize.money import ExchangeRates
from dualtrace.store import Workspace

CONTROL_DATES = ("2023-09-01", "2024-09-01")
RUN_UP_MONTHS = 2


@dataclass(frozen=True, slots=True)
class Figure:
    value_usd: float
    quantity: float
    record_ids: tuple[str, ...]

    @property
    def unit_value(self) -> float | None:
        return self.value_usd / self.quantity if self.quantity else None


@dataclass(frozen=True, slots=True)
class Windows:
    """The months compared around a date, each as (first, last) 'YYYY-MM'."""

    before: tuple[str, str]
    run_up: tuple[str, str]
    after: tuple[str, str]


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
        return change(self.direct_before.value_usd, self.direct_after.value_usd)

    @property
    def hubs_change(self) -> float | None:
        return change(self.hubs_before.value_usd, self.hubs_after.value_usd)

    @property
    def unit_value_change(self) -> float | None:
        return change(self.direct_before.unit_value, self.direct_after.unit_value)


def change(before: float | None, after: float | None) -> float | None:
    """Relative change, or None when there is no base to compare with."""
    if before is None or after is None or not before:
        return None
    return (after - before) / before


def month_offset(day: date, offset: int) -> str:
    index = day.year * 12 + day.month - 1 + offset
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def windows(control_date: str, months: int = 6) -> Windows:
    """`months` before the run-up, the run-up, and `months` from the date's month on. The
    run-up is kept out of the baseline: buyers stockpile then, and counting it would hide the
    fall that follows."""
    day = date.fromisoformat(control_date)
    return Windows(
        (month_offset(day, -months - RUN_UP_MONTHS), month_offset(day, -RUN_UP_MONTHS - 1)),
        (month_offset(day, -RUN_UP_MONTHS), month_offset(day, -1)),
        (month_offset(day, 0), month_offset(day, months - 1)),
    )


def period_total(
    ws: Workspace,
    *,
    exporter: str,
    importers: tuple[str, ...],
    hs_prefix: str,
    first: str,
    last: str,
    level: str = "statistics",
    rates: ExchangeRates | None = None,
) -> Figure:
    """Value and quantity from `exporter` to any of `importers`, months first..last."""
    if not importers:
        return Figure(0.0, 0.0, ())
    flt = FlowFilter(
        hs=(hs_prefix,),
        exporters=(exporter,),
        importers=importers,
        first=first,
        last=last,
        levels=(level,),
    )
    found = run_totals(ws.db, prepare(ws.db, rates), flt, ())
    if not found:
        return Figure(0.0, 0.0, ())
    return Figure(found[0].value_usd, found[0].quantity, found[0].record_ids)


def control_shift(
    ws: Workspace,
    control_date: str,
    *,
    exporter: str = "cn",
    destination: str = "ru",
    hs_prefix: str = "8806",
    months: int = 6,
    hubs: tuple[str, ...] = HUB_COUNTRIES,
    level: str = "statistics",
    rates: ExchangeRates | None = None,
) -> ControlShift:
    """The direct route and the hub countries, before and after the date (see `windows`)."""
    w = windows(control_date, months)

    def total(importers: tuple[str, ...], span: tuple[str, str]) -> Figure:
        return period_total(
            ws,
            exporter=exporter,
            importers=importers,
            hs_prefix=hs_prefix,
            first=span[0],
            last=span[1],
            level=level,
            rates=rates,
        )

    return ControlShift(
        control_date,
        months,
        total((destination,), w.before),
        total((destination,), w.after),
        total(hubs, w.before),
        total(hubs, w.after),
        total((destination,), w.run_up),
    )
