"""Event studies around control dates: who received less or more, by which new routes, at what
unit value, and whether buyers stocked up before the date.

Two dates are built in (China's drone export controls of 1 September 2023 and their extension
of 1 September 2024); an analyst adds others (a sanctions package, a designation) to the
workspace's `control_dates.csv`, so that every later run studies them too.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import Any, Final

from dualtrace.errors import DualtraceError
from dualtrace.flows.control import RUN_UP_MONTHS, Windows, change, windows
from dualtrace.flows.frame import FlowFilter, Where, check_converted, filter_where, prepare
from dualtrace.normalize.money import ExchangeRates
from dualtrace.store import Workspace

DATES_FILE: Final = "control_dates.csv"
STOCKPILE_RATIO: Final = 1.5
"""A run-up month above 1.5 times the baseline month counts as stocking up ahead."""


class ControlDateError(DualtraceError):
    """A control date that is not a date, or a dates file that cannot be read."""


@dataclass(frozen=True, slots=True)
class ControlDate:
    day: str
    label: str
    builtin: bool = False


BUILTIN: Final = (
    ControlDate("2023-09-01", "China's export controls on drones and drone parts", True),
    ControlDate("2024-09-01", "China's wider controls on drones and drone components", True),
)


def _checked(day: str) -> str:
    try:
        return date.fromisoformat(day.strip()).isoformat()
    except ValueError:
        raise ControlDateError(f"{day!r} is not a date (YYYY-MM-DD)") from None


def control_dates(ws: Workspace) -> list[ControlDate]:
    """The built-in dates and those the analyst added, in date order."""
    found = {d.day: d for d in BUILTIN}
    path = ws.root / DATES_FILE
    if path.exists():
        with path.open(encoding="utf-8", newline="") as handle:
            for number, row in enumerate(csv.DictReader(handle), start=2):
                if not row.get("date"):
                    raise ControlDateError(f"{path}: line {number}: no date")
                day = _checked(row["date"])
                found[day] = ControlDate(day, (row.get("label") or "").strip())
    return sorted(found.values(), key=lambda d: d.day)


def add_control_date(ws: Workspace, day: str, label: str) -> ControlDate:
    """Record a date to study (kept in the workspace, beside the database)."""
    added = ControlDate(_checked(day), label.strip())
    path: Path = ws.root / DATES_FILE
    new = not path.exists()
    with path.open("a", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        if new:
            writer.writerow(["date", "label"])
        writer.writerow([added.day, added.label])
    return added


@dataclass(frozen=True, slots=True)
class Side:
    """One destination (or route) before, in the run-up to and after the date."""

    level: str
    key: str
    before_usd: float
    run_up_usd: float
    after_usd: float
    before_qty: float
    after_qty: float
    months: int
    like_for_like: float | None = None
    """Unit-value change code by code (declared HS code), weighted by value before: a change
    of price, not of the mix of goods."""

    @property
    def change(self) -> float | None:
        return change(self.before_usd, self.after_usd)

    @property
    def unit_value_before(self) -> float | None:
        return self.before_usd / self.before_qty if self.before_qty else None

    @property
    def unit_value_after(self) -> float | None:
        return self.after_usd / self.after_qty if self.after_qty else None

    @property
    def unit_value_change(self) -> float | None:
        return change(self.unit_value_before, self.unit_value_after)

    @property
    def run_up_ratio(self) -> float | None:
        """Run-up month against baseline month (above 1.5: stocking up)."""
        base = self.before_usd / self.months
        return (self.run_up_usd / RUN_UP_MONTHS) / base if base else None

    @property
    def is_new(self) -> bool:
        return self.before_usd == 0 and self.run_up_usd == 0 and self.after_usd > 0

    def as_row(self) -> dict[str, Any]:
        def r(x: float | None, n: int = 4) -> float | None:
            return None if x is None else round(x, n)

        return {
            "level": self.level,
            "key": self.key,
            "before_usd": round(self.before_usd, 2),
            "run_up_usd": round(self.run_up_usd, 2),
            "after_usd": round(self.after_usd, 2),
            "change": r(self.change),
            "unit_value_before": r(self.unit_value_before, 2),
            "unit_value_after": r(self.unit_value_after, 2),
            "unit_value_change": r(self.unit_value_change),
            "unit_value_like_for_like": r(self.like_for_like),
            "run_up_ratio": r(self.run_up_ratio),
            "stockpiling": (self.run_up_ratio or 0) > STOCKPILE_RATIO,
            "new": self.is_new,
        }


@dataclass(frozen=True, slots=True)
class EventStudy:
    control: ControlDate
    windows: Windows
    months: int
    destinations: list[Side]
    routes: list[Side]

    @property
    def new_routes(self) -> list[Side]:
        return [r for r in self.routes if r.is_new]

    def as_dict(self) -> dict[str, Any]:
        return {
            "date": self.control.day,
            "label": self.control.label,
            "months": self.months,
            "before": list(self.windows.before),
            "run_up": list(self.windows.run_up),
            "after": list(self.windows.after),
            "destinations": [s.as_row() for s in self.destinations],
            "new_routes": [s.as_row() for s in self.new_routes],
        }


def _sides(
    ws: Workspace, source: str, key_sql: str, w: Windows, where: Where, months: int
) -> list[Side]:
    rows = ws.db.execute(
        f"""
        SELECT level, {key_sql} AS key, hs_code,
            coalesce(sum(value_usd) FILTER (month BETWEEN ? AND ?), 0),
            coalesce(sum(value_usd) FILTER (month BETWEEN ? AND ?), 0),
            coalesce(sum(value_usd) FILTER (month BETWEEN ? AND ?), 0),
            coalesce(sum(quantity) FILTER (month BETWEEN ? AND ?), 0),
            coalesce(sum(quantity) FILTER (month BETWEEN ? AND ?), 0)
        FROM {source}
        WHERE {where.sql} AND month BETWEEN ? AND ?
        GROUP BY ALL ORDER BY level, key, hs_code
        """,
        [*w.before, *w.run_up, *w.after, *w.before, *w.after, *where.params, w.before[0],
         w.after[1]],
    ).fetchall()  # fmt: skip
    by_key: dict[tuple[str, str], list[tuple[float, ...]]] = {}
    for level, key, _, *figures in rows:
        by_key.setdefault((str(level), str(key)), []).append(tuple(map(float, figures)))
    sides = []
    for (level, key), codes in by_key.items():
        b, u, a, bq, aq = (sum(c[i] for c in codes) for i in range(5))
        sides.append(Side(level, key, b, u, a, bq, aq, months, _like_for_like(codes)))
    return sides


def _like_for_like(codes: list[tuple[float, ...]]) -> float | None:
    """Value-weighted mean of each code's unit-value ratio, minus one."""
    weighted = [
        (before, (after / after_qty) / (before / before_qty))
        for before, _, after, before_qty, after_qty in codes
        if before and after and before_qty and after_qty
    ]
    total = sum(weight for weight, _ in weighted)
    return sum(w * ratio for w, ratio in weighted) / total - 1 if total else None


ROUTE_KEY: Final = (
    "concat_ws(' > ', origin, CASE WHEN level = 'shipment' THEN route ELSE NULL END, importer)"
)


def event_study(
    ws: Workspace,
    control: ControlDate | str,
    flt: FlowFilter,
    *,
    months: int = 6,
    rates: ExchangeRates | None = None,
) -> EventStudy:
    """Each destination and each route, `months` before the run-up against `months` after."""
    if isinstance(control, str):
        known = {d.day: d for d in control_dates(ws)}
        day = _checked(control)
        control = known.get(day, ControlDate(day, ""))
    w = windows(control.day, months)
    source = prepare(ws.db, rates)
    bare = replace(flt, first=None, last=None)
    where = filter_where(bare)
    check_converted(ws.db, where, source)
    destinations = _sides(ws, source, "importer", w, where, months)
    routes = _sides(ws, source, ROUTE_KEY, w, where, months)
    return EventStudy(control, w, months, destinations, routes)
