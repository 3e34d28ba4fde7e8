"""The trade finding of a dossier: half-year totals and the shift around each control date."""

from __future__ import annotations

import os

from dualtrace.flows.charts import draw_charts
from dualtrace.flows.control import CONTROL_DATES, control_shift, period_total
from dualtrace.report.citations import CitationIndex
from dualtrace.report.dossier import Finding
from dualtrace.store import Workspace


def _usd(value: float) -> str:
    return f"${value / 1e6:,.2f} million" if value >= 1e6 else f"${value / 1e3:,.0f} thousand"


def _pct(change: float | None) -> str:
    return "n/a" if change is None else f"{change:+.0%}"


def trade_finding(
    ws: Workspace,
    cites: CitationIndex,
    *,
    year: int = 2023,
    hs_prefix: str = "8806",
    charts: bool = True,
) -> Finding:
    """Half-year totals, the shift around each control date, and the charts under
    reports/flows/ (linked relative to reports/, where the dossier is written)."""
    finding = Finding("trade", f"Trade in drones (HS {hs_prefix}) before and after the controls")
    first, last = f"{year}-01", f"{year}-06"
    for name, iso in (("Russia", "ru"), ("Ukraine", "ua")):
        fig = period_total(
            ws, exporter="cn", importers=(iso,), hs_prefix=hs_prefix, first=first, last=last
        )
        if fig.record_ids:
            finding.add(
                f"From January to June {year}, China reported exports of drones to "
                f"{name} worth {_usd(fig.value_usd)}.",
                cites.cite(list(fig.record_ids)),
            )
    for control in CONTROL_DATES:
        shift = control_shift(ws, control, hs_prefix=hs_prefix)
        if not (shift.direct_before.record_ids or shift.direct_after.record_ids):
            continue
        months = shift.months
        finding.add(
            f"Around the control of {control}: direct exports to Russia averaged "
            f"{_usd(shift.direct_before.value_usd / months)} a month in the {months} months "
            f"before the two-month run-up and {_usd(shift.direct_after.value_usd / months)} "
            f"in the {months} months from the date ({_pct(shift.direct_change)}).",
            cites.cite(list(shift.direct_before.record_ids + shift.direct_after.record_ids)),
        )
        if shift.run_up.record_ids:
            baseline = max(shift.direct_before.value_usd / months, 1.0)
            ratio = shift.run_up.value_usd / 2 / baseline
            finding.add(
                f"In the two months before {control}, exports to Russia reached "
                f"{_usd(shift.run_up.value_usd)}, {ratio:.1f} times the monthly baseline "
                f"each month: stock bought ahead of the control.",
                cites.cite(list(shift.run_up.record_ids)),
            )
        if shift.hubs_before.record_ids or shift.hubs_after.record_ids:
            finding.add(
                f"Exports to transshipment hubs (Armenia, Belarus, Central Asia, Turkey, the UAE, "
                f"...) went from {_usd(shift.hubs_before.value_usd / months)} to "
                f"{_usd(shift.hubs_after.value_usd / months)} a month "
                f"({_pct(shift.hubs_change)}).",
                cites.cite(list(shift.hubs_before.record_ids + shift.hubs_after.record_ids)),
            )
        if shift.unit_value_change is not None:
            finding.add(
                f"The unit value of direct exports to Russia changed by "
                f"{_pct(shift.unit_value_change)} (from ${shift.direct_before.unit_value:,.0f} "
                f"to ${shift.direct_after.unit_value:,.0f} per unit).",
                cites.cite(list(shift.direct_before.record_ids + shift.direct_after.record_ids)),
            )
    if charts and finding.sentences:
        for chart in draw_charts(ws, hs=(hs_prefix,)):
            finding.charts.append(os.path.relpath(chart.png, ws.reports_dir))
    return finding
