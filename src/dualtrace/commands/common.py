"""What every command shares: the consoles, the --workspace and --json options, printing JSON,
opening the workspace, and the progress bar (drawn on stderr, so --json output stays clean)."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn

from dualtrace.settings import WORKSPACE_ENV, Settings
from dualtrace.store import IngestResult, Workspace, open_workspace

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


def settings_for(workspace: Path) -> Settings:
    return Settings(workspace=workspace)


@contextmanager
def opened(workspace: Path) -> Iterator[Workspace]:
    ws = open_workspace(settings_for(workspace).workspace)
    try:
        yield ws
    finally:
        ws.close()


def progress(disabled: bool) -> Progress:
    return Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        console=err,
        transient=True,
        disable=disabled or not err.is_terminal,
    )


def print_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2, default=str) + "\n")


def print_ingest(r: IngestResult) -> None:
    """One line per ingest: what was read, stored and rejected (the counts reconcile)."""
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
