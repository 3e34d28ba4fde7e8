"""`dualtrace flows ...`: one command per trade-flow analysis, each a table for people, `--json`
for scripts and `--out FILE` (CSV, or JSON by extension) for spreadsheets."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Table

from dualtrace.commands.common import JsonOption, WorkspaceOption, opened, out, print_json
from dualtrace.errors import DualtraceError
from dualtrace.flows import (
    HUB_COUNTRIES,
    FlowFilter,
    add_control_date,
    control_dates,
    event_study,
    hub_share,
    mirror,
    new_intermediaries,
    routes,
    totals,
)
from dualtrace.flows.charts import draw_charts
from dualtrace.flows.frame import LEVELS
from dualtrace.flows.tables import write_rows
from dualtrace.flows.totals import DIMENSIONS, DimensionError
from dualtrace.normalize.money import ExchangeRates
from dualtrace.settings import DEFAULT_WORKSPACE

flows_app = typer.Typer(
    help="Trade flows: totals, routes through hubs, mirror statistics, control dates.",
    no_args_is_help=True,
)


class FlowOptionError(DualtraceError):
    """An option of a flows command that cannot be used."""


HsOption = Annotated[
    list[str] | None,
    typer.Option("--hs", help="HS heading (4 digits, with the pre-2022 concordance) or code "
                 "prefix; repeat for several."),
]  # fmt: skip
ExporterOption = Annotated[
    list[str] | None, typer.Option("--exporter", help="Exporting country (ISO-2); repeatable.")
]
OriginOption = Annotated[
    list[str] | None,
    typer.Option("--origin", help="Country where the goods were made (ISO-2); repeatable."),
]
ImporterOption = Annotated[
    list[str] | None, typer.Option("--importer", help="Importing country (ISO-2); repeatable.")
]
FromOption = Annotated[str | None, typer.Option("--from", help="First month, YYYY-MM.")]
ToOption = Annotated[str | None, typer.Option("--to", help="Last month, YYYY-MM.")]
LevelOption = Annotated[
    str, typer.Option("--level", help="shipment, statistics, or all (side by side).")
]
RatesOption = Annotated[
    Path | None,
    typer.Option("--rates", help="Exchange rates CSV (currency,month,per_usd) to use instead "
                 "of the bundled table."),
]  # fmt: skip
OutOption = Annotated[
    Path | None, typer.Option("--out", "-o", help="Also write the rows to this CSV or .json.")
]
HubsOption = Annotated[
    str, typer.Option("--hubs", help="Hub countries, comma-separated ISO-2 codes.")
]
DEFAULT_HUBS = ",".join(HUB_COUNTRIES)
MonthsOption = Annotated[int, typer.Option("--months", help="Months compared on each side.")]


def _codes(values: Sequence[str] | None) -> tuple[str, ...]:
    return tuple(v.strip().lower() for v in values or () if v.strip())


def _levels(level: str) -> tuple[str, ...]:
    if level == "all":
        return LEVELS
    if level not in LEVELS:
        raise FlowOptionError(f"--level {level!r}: use shipment, statistics or all")
    return (level,)


def _filter(
    hs: list[str] | None,
    exporter: list[str] | None,
    importer: list[str] | None,
    first: str | None,
    last: str | None,
    level: str,
    hubs: str = DEFAULT_HUBS,
    origin: list[str] | None = None,
) -> FlowFilter:
    for month in (first, last):
        if month is not None and not (len(month) == 7 and month[4] == "-"):
            raise FlowOptionError(f"month {month!r}: write it as YYYY-MM")
    return FlowFilter(
        hs=tuple(hs or ()),
        origins=_codes(origin),
        exporters=_codes(exporter),
        importers=_codes(importer),
        first=first,
        last=last,
        levels=_levels(level),
        hubs=_codes(hubs.split(",")),
    )


def _rates(path: Path | None) -> ExchangeRates | None:
    return ExchangeRates.load(path) if path is not None else None


def _emit(rows: list[dict[str, Any]], as_json: bool, target: Path | None, title: str) -> None:
    if target is not None:
        write_rows(rows, target)
    if as_json:
        print_json(rows)
        return
    if not rows:
        out.print(f"{title}: no rows match.")
        return
    table = Table(*rows[0].keys(), title=title)
    for row in rows:
        table.add_row(*(_show(v) for v in row.values()))
    out.print(table)
    if target is not None:
        out.print(f"Wrote {len(rows):,} rows to [bold]{target}[/]")


def _show(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else ""
    if isinstance(value, float):
        return f"{value:,.4f}" if abs(value) < 10 else f"{value:,.0f}"
    if isinstance(value, list):
        return ", ".join(map(str, value[:3])) + (" …" if len(value) > 3 else "")
    return str(value)


@flows_app.command("totals")
def totals_command(
    workspace: WorkspaceOption = DEFAULT_WORKSPACE,
    by: Annotated[
        str, typer.Option("--by", help=f"Group by, comma-separated: {', '.join(DIMENSIONS)}.")
    ] = "month",
    hs: HsOption = None,
    origin: OriginOption = None,
    exporter: ExporterOption = None,
    importer: ImporterOption = None,
    first: FromOption = None,
    last: ToOption = None,
    level: LevelOption = "all",
    rates: RatesOption = None,
    target: OutOption = None,
    as_json: JsonOption = False,
) -> None:
    """Value, weight, quantity and unit value, by HS code, countries, route and period."""
    flt = _filter(hs, exporter, importer, first, last, level, origin=origin)
    groups = tuple(b.strip() for b in by.split(",") if b.strip())
    # Annual statistics count only when no month is asked for (grouped or filtered).
    monthly = any(g in ("month", "quarter") for g in groups) or bool(first or last)
    flt = replace(flt, monthly=monthly)
    with opened(workspace) as ws:
        try:
            found = totals(ws, flt, groups, _rates(rates))
        except DimensionError as exc:
            raise FlowOptionError(str(exc)) from None
    _emit([t.as_row() for t in found], as_json, target, "Trade flows")


@flows_app.command("routes")
def routes_command(
    workspace: WorkspaceOption = DEFAULT_WORKSPACE,
    origin: Annotated[str, typer.Option("--origin", help="Where the goods were made.")] = "cn",
    destination: Annotated[str, typer.Option("--destination", help="Where they went.")] = "ru",
    period: Annotated[str, typer.Option("--period", help="month, quarter or year.")] = "quarter",
    hs: HsOption = None,
    first: FromOption = None,
    last: ToOption = None,
    level: LevelOption = "all",
    hubs: HubsOption = DEFAULT_HUBS,
    rates: RatesOption = None,
    target: OutOption = None,
    as_json: JsonOption = False,
) -> None:
    """Direct against via hubs, per period, with the share of each."""
    if period not in ("month", "quarter", "year"):
        raise FlowOptionError(f"--period {period!r}: use month, quarter or year")
    flt = _filter(hs or ["8806"], None, None, first, last, level, hubs)
    with opened(workspace) as ws:
        found = routes(
            ws, flt, origin=origin.lower(), destination=destination.lower(), period=period,
            rates=_rates(rates),
        )  # fmt: skip
    rows = [r.as_row() for r in found]
    _emit(rows, as_json, target, f"Routes from {origin.upper()} to {destination.upper()}")
    if not as_json and rows:
        shares = hub_share(found)
        line = ", ".join(f"{p} {s:.0%}" for (lv, p), s in shares.items() if s is not None
                         and lv == found[-1].level)  # fmt: skip
        out.print(f"Share via hubs ({found[-1].level}): {line}")


@flows_app.command("mirror")
def mirror_command(
    workspace: WorkspaceOption = DEFAULT_WORKSPACE,
    period: Annotated[str, typer.Option("--period", help="month, quarter or year.")] = "year",
    hs: HsOption = None,
    exporter: ExporterOption = None,
    importer: ImporterOption = None,
    first: FromOption = None,
    last: ToOption = None,
    rates: RatesOption = None,
    target: OutOption = None,
    as_json: JsonOption = False,
) -> None:
    """What exporters reported against what importers reported or declared, with the gaps."""
    if period not in ("month", "quarter", "year"):
        raise FlowOptionError(f"--period {period!r}: use month, quarter or year")
    flt = _filter(hs or ["8806"], exporter, importer, first, last, "all")
    with opened(workspace) as ws:
        found = mirror(ws, flt, period=period, rates=_rates(rates))
    _emit([m.as_row() for m in found], as_json, target, "Mirror statistics")


@flows_app.command("event")
def event_command(
    day: Annotated[
        str | None, typer.Argument(help="Control date YYYY-MM-DD (default: all).")
    ] = None,
    workspace: WorkspaceOption = DEFAULT_WORKSPACE,
    months: MonthsOption = 6,
    hs: HsOption = None,
    origin: OriginOption = None,
    exporter: ExporterOption = None,
    importer: ImporterOption = None,
    level: LevelOption = "all",
    rates: RatesOption = None,
    target: OutOption = None,
    as_json: JsonOption = False,
) -> None:
    """Before and after a control date: by destination, new routes, unit values, stockpiling."""
    flt = _filter(hs or ["8806"], exporter, importer, None, None, level, origin=origin or ["cn"])
    with opened(workspace) as ws:
        days = [day] if day else [d.day for d in control_dates(ws)]
        studies = [event_study(ws, d, flt, months=months, rates=_rates(rates)) for d in days]
    if as_json or target is not None:
        data = [s.as_dict() for s in studies]
        if target is not None:
            write_rows([{"date": s.control.day, "part": part, **row} for s in studies
                        for part, rows in (("destination", s.destinations),
                                           ("new_route", s.new_routes))
                        for row in (r.as_row() for r in rows)], target)  # fmt: skip
        if as_json:
            print_json(data)
            return
    for s in studies:
        w = s.windows
        title = (f"{s.control.day} {s.control.label}: {w.before[0]}..{w.before[1]} against "
                 f"{w.after[0]}..{w.after[1]} (run-up {w.run_up[0]}..{w.run_up[1]})")  # fmt: skip
        _emit([r.as_row() for r in s.destinations], False, None, title)
        _emit([r.as_row() for r in s.new_routes], False, None, f"New routes after {s.control.day}")


@flows_app.command("intermediaries")
def intermediaries_command(
    day: Annotated[str, typer.Argument(help="Control date YYYY-MM-DD.")] = "2023-09-01",
    workspace: WorkspaceOption = DEFAULT_WORKSPACE,
    months: MonthsOption = 6,
    limit: Annotated[int, typer.Option("--limit", help="At most this many.")] = 10,
    all_senders: Annotated[
        bool, typer.Option("--all-senders", help="Also senders in the country of origin.")
    ] = False,
    hs: HsOption = None,
    importer: ImporterOption = None,
    rates: RatesOption = None,
    target: OutOption = None,
    as_json: JsonOption = False,
) -> None:
    """The top new intermediaries after a date, by resolved entity (graph node id)."""
    flt = _filter(hs or ["8806"], None, importer or ["ru"], None, None, "shipment")
    with opened(workspace) as ws:
        found = new_intermediaries(
            ws, day, flt, months=months, limit=limit, third_country_only=not all_senders,
            rates=_rates(rates),
        )  # fmt: skip
    _emit([i.as_row() for i in found], as_json, target, f"New intermediaries after {day}")


@flows_app.command("charts")
def charts_command(
    workspace: WorkspaceOption = DEFAULT_WORKSPACE,
    origin: Annotated[str, typer.Option("--origin", help="Where the goods were made.")] = "cn",
    destination: Annotated[str, typer.Option("--destination", help="Where they went.")] = "ru",
    hs: HsOption = None,
    rates: RatesOption = None,
    as_json: JsonOption = False,
) -> None:
    """Draw the charts (PNG and SVG) under the workspace's reports/flows/."""
    with opened(workspace) as ws:
        charts = draw_charts(
            ws, origin=origin.lower(), destination=destination.lower(),
            hs=tuple(hs or ["8806"]), rates=_rates(rates),
        )  # fmt: skip
    rows = [{"chart": c.name, "png": str(c.png), "svg": str(c.svg)} for c in charts]
    if as_json:
        print_json(rows)
        return
    for row in rows:
        out.print(f"{row['chart']}: {row['png']} {row['svg']}")


@flows_app.command("dates")
def dates_command(
    workspace: WorkspaceOption = DEFAULT_WORKSPACE,
    add: Annotated[str | None, typer.Option("--add", help="Add a date, YYYY-MM-DD.")] = None,
    label: Annotated[str, typer.Option("--label", help="What happened on it.")] = "",
    as_json: JsonOption = False,
) -> None:
    """List the control dates studied (built in and added), or add one."""
    with opened(workspace) as ws:
        if add is not None:
            add_control_date(ws, add, label)
        dates = control_dates(ws)
    rows = [{"date": d.day, "label": d.label, "builtin": d.builtin} for d in dates]
    if as_json:
        print_json(rows)
        return
    _emit(rows, False, None, "Control dates")
