"""`dualtrace screen ...` and `dualtrace serve`: the screening commands, attached in cli.py.

They take the same `--workspace/-w` option (and environment variable) as every command.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table

from dualtrace.commands.common import JsonOption, WorkspaceOption, err, out, print_json
from dualtrace.screen import DEFAULT_THRESHOLD, Query, Screener, build_screener
from dualtrace.screen.batch import score_pairs, screen_file
from dualtrace.settings import DEFAULT_WORKSPACE, Settings
from dualtrace.store import open_workspace

screen_app = typer.Typer(
    help="Screen names or counterparty files against the sanctions lists, with explanations.",
    no_args_is_help=True,
)

ThresholdOption = Annotated[
    float, typer.Option("--threshold", min=0.0, max=1.0, help="Score at which a result matches.")
]
DatasetOption = Annotated[
    list[str] | None,
    typer.Option("--dataset", "-d", help="Also screen against every entity of this dataset."),
]


def _screener(
    workspace: Path, threshold: float, datasets: list[str] | None, workers: int = 1
) -> Screener:
    ws = open_workspace(Settings(workspace=workspace).workspace)
    try:
        return build_screener(ws, datasets=datasets or (), threshold=threshold, workers=workers)
    finally:
        ws.close()


@screen_app.command("name")
def screen_name(
    name: Annotated[str, typer.Argument(help="The name to screen, in any script.")],
    workspace: WorkspaceOption = DEFAULT_WORKSPACE,
    schema: Annotated[
        str, typer.Option(help="FollowTheMoney schema of the query.")
    ] = "LegalEntity",
    country: Annotated[str | None, typer.Option(help="Country of the query.")] = None,
    limit: Annotated[int, typer.Option(min=1, max=100)] = 5,
    threshold: ThresholdOption = DEFAULT_THRESHOLD,
    dataset: DatasetOption = None,
    as_json: JsonOption = False,
) -> None:
    """Screen one name and show the closest listed entities, and why."""
    props = {"name": [name]} | ({"country": [country]} if country else {})
    query = Query.from_example(schema, props)
    results = _screener(workspace, threshold, dataset).screen(query, limit=limit)
    if as_json:
        print_json(
            [
                {
                    "id": r.entity.id,
                    "caption": r.entity.caption,
                    "schema": r.entity.schema,
                    "datasets": list(r.entity.datasets),
                    "programs": list(r.entity.programs),
                    "score": r.score,
                    "match": r.match,
                    "features": r.features,
                    "explanation": r.explanation,
                }
                for r in results
            ]
        )
        return
    if not results:
        out.print(f"No listed entity resembles {name!r}.")
        return
    table = Table("match", "score", "id", "name", "schema", "why")
    for r in results:
        table.add_row(
            "[bold red]MATCH[/]" if r.match else "",
            f"{r.score:.2f}",
            r.entity.id,
            r.entity.caption,
            r.entity.schema,
            "\n".join(r.explanation),
        )
    out.print(table)


@screen_app.command("file")
def screen_file_command(
    source: Annotated[
        Path, typer.Argument(help="Counterparties: .csv or .xlsx with a name column.")
    ],
    out_path: Annotated[Path, typer.Option("--out", "-o", help="Screened copy: .csv or .xlsx.")],
    workspace: WorkspaceOption = DEFAULT_WORKSPACE,
    threshold: ThresholdOption = DEFAULT_THRESHOLD,
    dataset: DatasetOption = None,
    workers: Annotated[int, typer.Option(min=1, help="Worker processes.")] = os.cpu_count() or 1,
    as_json: JsonOption = False,
) -> None:
    """Screen every row of a counterparty file; bad rows are kept, marked and listed."""
    screener = _screener(workspace, threshold, dataset, workers)
    progress = Progress(
        TextColumn("screening"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        console=err,
        transient=True,
        disable=as_json or not err.is_terminal,
    )
    with progress:
        task = progress.add_task("screen", total=None)
        report = screen_file(
            screener,
            source,
            out_path,
            workers=workers,
            on_total=lambda n: progress.update(task, total=n),
            on_progress=lambda n: progress.advance(task, n),
        )
    if as_json:
        print_json(
            {
                "rows": report.rows,
                "screened": report.screened,
                "matched": report.matched,
                "bad_rows": [{"row": n, "reason": r} for n, r in report.bad_rows],
                "out": str(out_path),
            }
        )
        return
    out.print(
        f"{source}: {report.rows:,} rows, {report.screened:,} screened, "
        f"[bold]{report.matched:,} matched[/], {len(report.bad_rows):,} bad -> {out_path}"
    )
    for row, reason in report.bad_rows[:50]:
        out.print(f"  row {row}: {reason}", markup=False)
    if len(report.bad_rows) > 50:
        out.print(f"  ... and {len(report.bad_rows) - 50} more (see the status column)")


@screen_app.command("pairs")
def screen_pairs(
    source: Annotated[Path, typer.Argument(help="CSV with columns name1, name2, schema.")],
    out_path: Annotated[Path, typer.Option("--out", "-o", help="CSV with score and match added.")],
    threshold: ThresholdOption = DEFAULT_THRESHOLD,
    as_json: JsonOption = False,
) -> None:
    """Score labelled name pairs with the screening scorer, to test a configuration."""
    scored, bad = score_pairs(source, out_path, threshold=threshold)
    if as_json:
        print_json({"scored": scored, "bad_rows": [{"row": n, "reason": r} for n, r in bad]})
        return
    out.print(f"{source}: {scored:,} pairs scored, {len(bad):,} bad -> {out_path}")
    for row, reason in bad[:50]:
        out.print(f"  row {row}: {reason}", markup=False)


def serve(
    workspace: WorkspaceOption = DEFAULT_WORKSPACE,
    port: Annotated[int, typer.Option(min=1, max=65535, help="Port on 127.0.0.1.")] = 8000,
    threshold: ThresholdOption = DEFAULT_THRESHOLD,
    dataset: DatasetOption = None,
) -> None:
    """Serve the web app (/ui) and the HTTP API (/match, /search, /entities, /trace,
    /reconcile, /docs) on 127.0.0.1."""
    import uvicorn

    from dualtrace.api.service import ScreenSettings
    from dualtrace.web import create_app

    settings = Settings(workspace=workspace)
    open_workspace(settings.workspace).close()  # a missing workspace fails here, in one line
    app = create_app(settings, ScreenSettings(threshold=threshold, datasets=tuple(dataset or ())))
    app.state.service.screener()  # build the index before the first request
    out.print(f"Web app: http://127.0.0.1:{port}/ui/  API: http://127.0.0.1:{port}/docs")
    uvicorn.run(app, host="127.0.0.1", port=port, log_level="info")
