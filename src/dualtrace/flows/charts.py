"""Charts of the flows, as PNG (for the dossier) and SVG (for the web app), drawn with
matplotlib's object API: no pyplot state, so charts can be drawn from any thread or server.

The same data gives the same bytes: SVG ids are salted with a constant and no date is written
into either file, so a re-run of the dossier does not show charts as changed.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import matplotlib
from matplotlib.axes import Axes
from matplotlib.dates import date2num
from matplotlib.figure import Figure

from dualtrace.flows.events import EventStudy, control_dates, event_study
from dualtrace.flows.frame import FlowFilter
from dualtrace.flows.routes import DIRECT, RouteShare, routes
from dualtrace.normalize.money import ExchangeRates
from dualtrace.store import Workspace

CHART_DIR = "flows"
_COLOURS = {"direct": "#b2182b", "hubs": "#2166ac", "after": "#b2182b", "before": "#999999"}
_LEVEL_TITLES = {"statistics": "exporter's statistics", "shipment": "import declarations"}


@dataclass(frozen=True, slots=True)
class Chart:
    name: str
    png: Path
    svg: Path


def _save(fig: Figure, folder: Path, name: str) -> Chart:
    folder.mkdir(parents=True, exist_ok=True)
    png, svg = folder / f"{name}.png", folder / f"{name}.svg"
    with matplotlib.rc_context({"svg.hashsalt": "dualtrace", "svg.fonttype": "none"}):
        fig.savefig(png, dpi=110, metadata={"Software": None})
        fig.savefig(svg, metadata={"Date": None, "Creator": None})
    return Chart(name, png, svg)


def _month_x(period: str) -> float:
    return float(date2num(date(int(period[:4]), int(period[5:7]), 15)))  # type: ignore[no-untyped-call]


def _mark_dates(ax: Axes, control_dates: list[str]) -> None:
    ax.xaxis_date()
    for day in control_dates:
        x = float(date2num(date.fromisoformat(day)))  # type: ignore[no-untyped-call]
        ax.axvline(x, color="black", linestyle="--", linewidth=0.9)
        ax.annotate(
            day, (x, 1), xycoords=("data", "axes fraction"), xytext=(3, -12),
            textcoords="offset points", fontsize=8,
        )  # fmt: skip


def _levels(rows: list[RouteShare]) -> list[str]:
    return [lv for lv in ("statistics", "shipment") if any(r.level == lv for r in rows)]


def routes_chart(
    rows: list[RouteShare], folder: Path, control_dates: list[str], *, title: str
) -> Chart | None:
    """Monthly value sent direct and through hubs, stacked, one panel per level."""
    levels = _levels([r for r in rows if len(r.period) == 7])
    if not levels:
        return None
    fig = Figure(figsize=(9, 3.2 * len(levels)), layout="constrained")
    for i, level in enumerate(levels):
        ax = fig.add_subplot(len(levels), 1, i + 1)
        direct: dict[str, float] = defaultdict(float)
        hubs: dict[str, float] = defaultdict(float)
        for r in rows:
            if r.level == level:
                (direct if r.route == DIRECT else hubs)[r.period] += r.value_usd / 1e6
        periods = sorted(set(direct) | set(hubs))
        xs = [_month_x(p) for p in periods]
        ax.stackplot(
            xs,
            [direct.get(p, 0.0) for p in periods],
            [hubs.get(p, 0.0) for p in periods],
            labels=["direct", "to or through hub countries"],
            colors=[_COLOURS["direct"], _COLOURS["hubs"]],
            alpha=0.85,
        )
        _mark_dates(ax, control_dates)
        ax.set_ylabel("US$ million a month")
        ax.set_title(f"{title} ({_LEVEL_TITLES[level]})", fontsize=10)
        ax.legend(loc="upper left", fontsize=8, frameon=False)
    return _save(fig, folder, "routes")


def unit_value_chart(
    rows: list[RouteShare], folder: Path, control_dates: list[str], *, title: str
) -> Chart | None:
    """Monthly unit value: the direct route in statistics, every route in declarations (which
    show where goods were made, whichever way they came)."""
    series: dict[str, dict[str, list[float]]] = {}
    for r in rows:
        if len(r.period) != 7 or (r.level == "statistics" and r.route != DIRECT):
            continue
        acc = series.setdefault(r.level, {}).setdefault(r.period, [0.0, 0.0])
        acc[0] += r.value_usd
        acc[1] += r.quantity
    if not series:
        return None
    fig = Figure(figsize=(9, 3.4), layout="constrained")
    ax = fig.add_subplot()
    for level, months in sorted(series.items()):
        periods = sorted(p for p, (_, q) in months.items() if q)
        ax.plot(
            [_month_x(p) for p in periods],
            [months[p][0] / months[p][1] for p in periods],
            marker="o", markersize=3, label=_LEVEL_TITLES[level],
        )  # fmt: skip
    _mark_dates(ax, control_dates)
    ax.set_ylabel("US$ per unit")
    ax.set_title(title, fontsize=10)
    ax.legend(loc="upper left", fontsize=8, frameon=False)
    return _save(fig, folder, "unit-value")


def event_chart(study: EventStudy, folder: Path, *, level: str = "statistics") -> Chart | None:
    """Monthly average value by destination, before the run-up and after the date."""
    sides = sorted(
        (s for s in study.destinations if s.level == level),
        key=lambda s: -(s.before_usd + s.after_usd),
    )[:12]
    if not sides:
        return None
    fig = Figure(figsize=(8, 0.45 * len(sides) + 1.4), layout="constrained")
    ax = fig.add_subplot()
    ys = range(len(sides))
    months = study.months
    ax.barh(
        [y + 0.2 for y in ys],
        [s.before_usd / months / 1e6 for s in sides],
        height=0.4,
        color=_COLOURS["before"],
        label=f"{study.windows.before[0]}..{study.windows.before[1]}",
    )
    ax.barh(
        [y - 0.2 for y in ys],
        [s.after_usd / months / 1e6 for s in sides],
        height=0.4,
        color=_COLOURS["after"],
        label=f"{study.windows.after[0]}..{study.windows.after[1]}",
    )
    ax.set_yticks(list(ys), [s.key.upper() for s in sides])
    ax.invert_yaxis()
    ax.set_xlabel("US$ million a month")
    ax.set_title(f"By destination around {study.control.day} ({_LEVEL_TITLES[level]})",
                 fontsize=10)  # fmt: skip
    ax.legend(loc="lower right", fontsize=8, frameon=False)
    return _save(fig, folder, f"event-{study.control.day}")


def draw_charts(
    ws: Workspace,
    *,
    origin: str = "cn",
    destination: str = "ru",
    hs: tuple[str, ...] = ("8806",),
    rates: ExchangeRates | None = None,
    folder: Path | None = None,
) -> list[Chart]:
    """The standard charts of a workspace, under reports/flows/: routes, unit value, and the
    destinations around each control date."""
    target = folder or ws.reports_dir / CHART_DIR
    dates = [d.day for d in control_dates(ws)]
    flt = FlowFilter(hs=hs)
    shares = routes(ws, flt, origin=origin, destination=destination, rates=rates)
    what = f"HS {'+'.join(hs)} from {origin.upper()} to {destination.upper()}"
    charts = [
        routes_chart(shares, target, dates, title=f"Direct and via hubs: {what}"),
        unit_value_chart(shares, target, dates, title=f"Unit value: {what}"),
    ]
    for day in dates:
        study = event_study(ws, day, FlowFilter(hs=hs, origins=(origin,)), rates=rates)
        charts.append(event_chart(study, target))
    return [c for c in charts if c is not None]
