"""The command line: one command per stage, each calling the same functions the API calls.

A user error (DualtraceError, or a bad argument) prints one line and exits non-zero; only a bug
shows a traceback.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from functools import partial
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn
from rich.table import Table

from dualtrace import __version__
from dualtrace.errors import DualtraceError
from dualtrace.screen.commands import screen_app, serve
from dualtrace.settings import DEFAULT_WORKSPACE, WORKSPACE_ENV, Settings
from dualtrace.sources.registry import FORMATS
from dualtrace.store import Workspace, ingest_path, init_workspace, open_workspace
from dualtrace.store.status import vars_of, workspace_status

app = typer.Typer(
    name="dualtrace",
    help="Trace dual-use goods from makers to military and sanctioned end users, with evidence.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
out = Console()
err = Console(stderr=True)

WorkspaceOption = Annotated[
    Path,
    typer.Option(
        "--workspace",
        "-w",
        envvar=WORKSPACE_ENV,
        help=f"Workspace folder (or ${WORKSPACE_ENV}).",
        show_default=True,
    ),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print machine-readable JSON.")]


def _settings(workspace: Path) -> Settings:
    return Settings(workspace=workspace)


@contextmanager
def _open(workspace: Path) -> Iterator[Workspace]:
    ws = open_workspace(_settings(workspace).workspace)
    try:
        yield ws
    finally:
        ws.close()


def _progress(disabled: bool) -> Progress:
    return Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        console=err,
        transient=True,
        disable=disabled,
    )


def _print_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2, default=str) + "\n")


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
        _print_json({"workspace": str(directory), "schema_version": version})
    else:
        out.print(f"Created workspace [bold]{directory}[/] (schema {version}).")


@app.command()
def ingest(
    paths: Annotated[list[Path], typer.Argument(help="Files or folders to ingest.")],
    workspace: WorkspaceOption = DEFAULT_WORKSPACE,
    format: Annotated[
        str | None, typer.Option("--format", "-f", help="Force a format instead of recognising it.")
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """Read source files in their real format and store them, one transaction per input."""
    results = []
    with _open(workspace) as ws, _progress(as_json or not err.is_terminal) as progress:
        for path in paths:
            task = progress.add_task(f"ingest {path.name}", total=None)
            result = ingest_path(
                ws, path, forced_format=format, on_progress=partial(progress.advance, task)
            )
            progress.remove_task(task)
            results.append(result)
            if not as_json:
                _print_ingest(result)
    if as_json:
        _print_json([vars_of(r) for r in results])


def _print_ingest(r: Any) -> None:
    if r.unchanged:
        out.print(
            f"{r.path}: [dim]unchanged[/] ({r.format}, {r.dataset}, same content as "
            f"ingest {r.ingest_id}); nothing stored"
        )
        return
    line = (
        f"{r.path}: {r.format} -> [bold]{r.dataset}[/] ingest {r.ingest_id}: "
        f"read {r.n_read:,} = {r.n_records:,} stored + {r.n_rejected:,} rejected; "
        f"{r.n_statements:,} statements, {r.n_relations:,} relations"
    )
    if r.superseded:
        line += f"; supersedes ingest {', '.join(map(str, r.superseded))}"
    out.print(line)


@app.command()
def status(workspace: WorkspaceOption = DEFAULT_WORKSPACE, as_json: JsonOption = False) -> None:
    """Show what the workspace holds: datasets, counts, rejects, entities, flags."""
    with _open(workspace) as ws:
        st = workspace_status(ws)
    if as_json:
        _print_json(st.as_dict())
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
        _print_json(rows)
        return
    table = Table("format", "versions", "what")
    for row in rows:
        table.add_row(row["name"], row["mode"], row["description"])
    out.print(table)


app.add_typer(screen_app, name="screen")
app.command()(serve)


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
