"""The command line: one command per stage, each calling the same functions the API calls.

A user error (DualtraceError, or a bad argument) prints one line and exits non-zero; only a bug
shows a traceback.
"""

from __future__ import annotations

import sys
from dataclasses import asdict
from functools import partial
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from dualtrace import __version__
from dualtrace.commands import analysis
from dualtrace.commands.common import (
    JsonOption,
    WorkspaceOption,
    err,
    opened,
    out,
    print_ingest,
    print_json,
    progress,
)
from dualtrace.commands.flows import flows_app
from dualtrace.commands.lists import delta_line, lists_app, sources_app
from dualtrace.commands.posts import posts_app
from dualtrace.commands.screen import screen_app, serve
from dualtrace.errors import DualtraceError
from dualtrace.settings import DEFAULT_WORKSPACE
from dualtrace.sources.registry import FORMATS
from dualtrace.sources.trade.customs import list_rejects, mapped_format
from dualtrace.store import ingest_path, init_workspace
from dualtrace.store.ingest import ingest_source
from dualtrace.store.status import workspace_status

app = typer.Typer(
    name="dualtrace",
    help="Trace dual-use goods from makers to military and sanctioned end users, with evidence.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


@app.command()
def init(
    directory: Annotated[
        Path, typer.Argument(help="Folder for the new workspace.")
    ] = DEFAULT_WORKSPACE,
    as_json: JsonOption = False,
) -> None:
    """Create a workspace: a DuckDB database, raw/ for original files, reports/."""
    ws = init_workspace(directory)
    version = ws.schema_version()
    ws.close()
    if as_json:
        print_json({"workspace": str(directory), "schema_version": version})
    else:
        out.print(f"Created workspace [bold]{directory}[/] (schema {version}).")


@app.command()
def ingest(
    paths: Annotated[list[Path], typer.Argument(help="Files or folders to ingest.")],
    workspace: WorkspaceOption = DEFAULT_WORKSPACE,
    format: Annotated[
        str | None, typer.Option("--format", "-f", help="Force a format instead of recognising it.")
    ] = None,
    mapping: Annotated[
        Path | None,
        typer.Option("--mapping", "-m", help="Column mapping (YAML) for a customs table layout."),
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """Read source files in their real format and store them, one transaction per input."""
    results = []
    mapped = mapped_format(mapping) if mapping is not None else None
    with opened(workspace) as ws, progress(as_json) as bar:
        for path in paths:
            task = bar.add_task(f"ingest {path.name}", total=None)
            advance = partial(bar.advance, task)
            result = (
                ingest_source(ws, mapped, mapped.accept(path), on_progress=advance)
                if mapped is not None
                else ingest_path(ws, path, forced_format=format, on_progress=advance)
            )
            bar.remove_task(task)
            results.append(result)
            if not as_json:
                print_ingest(result)
                delta = delta_line(ws, result)
                if delta:
                    out.print(delta, markup=False)
    if as_json:
        print_json([asdict(r) for r in results])


@app.command()
def rejects(
    workspace: WorkspaceOption = DEFAULT_WORKSPACE,
    ingest_id: Annotated[int | None, typer.Option("--ingest", help="Only this ingest.")] = None,
    limit: Annotated[int, typer.Option("--limit", help="At most this many rows.")] = 100,
    as_json: JsonOption = False,
) -> None:
    """List quarantined rows: file and line, field and reason."""
    with opened(workspace) as ws:
        rows = list_rejects(ws.db, ingest_id, limit)
    if as_json:
        print_json(rows)
        return
    table = Table("ingest", "dataset", "where", "field", "reason")
    for row in rows:
        table.add_row(*(str(row[k] or "") for k in ("ingest_id", "dataset", "locator", "field")),
                      str(row["reason"]))  # fmt: skip
    out.print(table)


@app.command()
def status(workspace: WorkspaceOption = DEFAULT_WORKSPACE, as_json: JsonOption = False) -> None:
    """Show what the workspace holds: datasets, counts, rejects, entities, flags."""
    with opened(workspace) as ws:
        st = workspace_status(ws)
    if as_json:
        print_json(st.as_dict())
        return
    out.print(f"Workspace [bold]{st.root}[/] (schema {st.schema_version})")
    table = Table(
        "dataset",
        "format",
        "ingests",
        "records",
        "rejected",
        "statements",
        "relations",
        "last ingested",
    )
    for d in st.datasets:
        table.add_row(
            d.dataset,
            d.format,
            str(d.ingests),
            f"{d.records:,}",
            f"{d.rejected:,}",
            f"{d.statements:,}",
            f"{d.relations:,}",
            d.last_ingested,
        )
    out.print(table)
    out.print(
        f"{st.entities:,} source entities, {st.canonical_entities:,} resolved entities, "
        f"{st.flags:,} red flags"
    )


@app.command()
def formats(as_json: JsonOption = False) -> None:
    """List the source formats dualtrace reads."""
    rows = [{"name": f.name, "mode": f.mode, "description": f.description} for f in FORMATS]
    if as_json:
        print_json(rows)
        return
    table = Table("format", "versions", "what")
    for row in rows:
        table.add_row(row["name"], row["mode"], row["description"])
    out.print(table)


app.add_typer(screen_app, name="screen")
app.add_typer(sources_app, name="sources")
app.add_typer(lists_app, name="lists")
app.add_typer(posts_app, name="posts")
app.add_typer(flows_app, name="flows")
app.command()(serve)
analysis.register(app)


@app.command()
def synth(
    out_dir: Annotated[Path, typer.Argument(help="Folder to write the raw files and truth/ into.")],
    seed: Annotated[int, typer.Option("--seed", help="Random seed; equal seeds, equal bytes.")] = 1,
    scale: Annotated[
        str, typer.Option("--scale", help="tiny, small, medium, large or a number of rows.")
    ] = "tiny",
    shipments: Annotated[
        str | None, typer.Option("--shipments", help="csv or parquet (default by scale).")
    ] = None,
    seed_case: Annotated[
        bool, typer.Option("--seed-case", help="Write the seed case instead of a world.")
    ] = False,
    workspace: WorkspaceOption = DEFAULT_WORKSPACE,
    as_json: JsonOption = False,
) -> None:
    """Generate a world with known truth (or the seed case) as raw files in real formats."""
    from dualtrace.synth.command import run_synth

    summary = run_synth(out_dir, seed, scale, shipments, seed_case)
    if as_json:
        print_json(summary)
        return
    out.print(f"Wrote {summary['kind']} to [bold]{out_dir}[/]: {', '.join(summary['inputs'])}")


def _version(value: bool) -> None:
    if value:
        out.print(f"dualtrace {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, help="Show the version and exit."
        ),
    ] = False,
) -> None:
    """Trace dual-use goods from makers to military and sanctioned end users, with evidence."""


def main() -> None:
    """Entry point: user errors as one line on stderr, exit 1; usage errors exit 2."""
    try:
        app(standalone_mode=False)
    except DualtraceError as exc:
        err.print(f"error: {exc}", markup=False, highlight=False, soft_wrap=True)
        sys.exit(1)
    except typer.Abort:
        err.print("aborted", markup=False)
        sys.exit(130)
    except typer.Exit as exc:
        sys.exit(exc.exit_code)
    except typer.TyperException as exc:
        # Click's usage errors (typer vendors click): a missing or bad argument, an unknown
        # command. One line, with where to look for help.
        ctx = getattr(exc, "ctx", None)
        hint = f" (see `{ctx.command_path} --help`)" if ctx is not None else ""
        message = exc.format_message() if hasattr(exc, "format_message") else str(exc)
        err.print(f"error: {message}{hint}", markup=False, highlight=False, soft_wrap=True)
        sys.exit(getattr(exc, "exit_code", 2))


if __name__ == "__main__":
    main()
