"""`dualtrace sources ...` (fetching lists) and `dualtrace lists ...` (their versions, deltas).

Attached in cli.py; they take the same `--workspace/-w` option and environment variable as every
command, and `--json` where they print results.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Table

from dualtrace.commands.common import JsonOption, WorkspaceOption, out, print_json
from dualtrace.errors import DualtraceError
from dualtrace.settings import DEFAULT_WORKSPACE, Settings
from dualtrace.sources.fetch import fetch_list, list_sources
from dualtrace.store import IngestResult, Workspace, ingest_path, open_workspace
from dualtrace.store.deltas import Delta, diff_ingests, latest_delta, list_versions

sources_app = typer.Typer(help="Fetch lists from their official addresses.", no_args_is_help=True)
lists_app = typer.Typer(help="Versions of the lists and what changed.", no_args_is_help=True)

ConfigOption = Annotated[
    list[Path] | None,
    typer.Option("--config", help="YAML file of list addresses overriding the shipped ones."),
]
WORKSPACE_CONFIG = "sources.yaml"
FETCH_DIR = "fetched"


def delta_line(ws: Workspace, result: IngestResult) -> str | None:
    """One line on what a superseding ingest changed, for `dualtrace ingest` to print."""
    if result.unchanged or not result.superseded:
        return None
    delta = latest_delta(ws, result.dataset)
    return f"  delta: {delta.summary()}" if delta is not None else None


@sources_app.command("list")
def sources_list(
    workspace: WorkspaceOption = DEFAULT_WORKSPACE,
    config: ConfigOption = None,
    as_json: JsonOption = False,
) -> None:
    """Show the lists `sources fetch` knows and their official addresses."""
    overrides = [workspace / WORKSPACE_CONFIG, *(config or [])]
    found = list_sources(overrides)
    rows: list[dict[str, Any]] = [
        {"name": s.name, "description": s.description, "urls": list(s.files.values())}
        for s in found.values()
    ]
    if as_json:
        print_json(rows)
        return
    table = Table("name", "what", "address")
    for row in rows:
        table.add_row(row["name"], row["description"], "\n".join(row["urls"]))
    out.print(table)


@sources_app.command("fetch")
def sources_fetch(
    name: Annotated[str, typer.Argument(help="List name (see `dualtrace sources list`).")],
    workspace: WorkspaceOption = DEFAULT_WORKSPACE,
    url: Annotated[
        str | None, typer.Option("--url", help="Download from this address instead.")
    ] = None,
    config: ConfigOption = None,
    ingest: Annotated[
        bool, typer.Option("--ingest/--no-ingest", help="Ingest the list once downloaded.")
    ] = True,
    as_json: JsonOption = False,
) -> None:
    """Download a list from its official address, record when and its sha256, then ingest it."""
    ws = open_workspace(Settings(workspace=workspace).workspace)
    try:
        overrides = [ws.root / WORKSPACE_CONFIG, *(config or [])]
        fetched = fetch_list(name, ws.raw_dir / FETCH_DIR, url=url, overrides=overrides)
        result = ingest_path(ws, fetched.path, forced_format=fetched.format) if ingest else None
        delta = delta_line(ws, result) if result is not None else None
    finally:
        ws.close()
    if as_json:
        data = fetched.as_dict()
        data["ingest"] = (
            None if result is None else {k: getattr(result, k) for k in result.__slots__}
        )
        print_json(data)
        return
    for file in fetched.files:
        out.print(
            f"fetched {file.url} at {fetched.retrieved_at}: {file.size_bytes:,} bytes, "
            f"sha256 {file.sha256}",
            soft_wrap=True,
        )
    if result is not None:
        state = (
            "unchanged, nothing stored"
            if result.unchanged
            else (
                f"ingest {result.ingest_id}: {result.n_records:,} records, "
                f"{result.n_rejected:,} rejected"
            )
        )
        out.print(f"{fetched.path}: {result.format} -> {result.dataset} {state}", soft_wrap=True)
    if delta:
        out.print(delta, soft_wrap=True)


@lists_app.command("versions")
def lists_versions(
    workspace: WorkspaceOption = DEFAULT_WORKSPACE, as_json: JsonOption = False
) -> None:
    """Every stored version of every list, newest first."""
    ws = open_workspace(Settings(workspace=workspace).workspace)
    try:
        rows = list_versions(ws)
    finally:
        ws.close()
    if as_json:
        print_json(rows)
        return
    table = Table("dataset", "ingest", "format", "ingested", "records", "superseded by")
    for r in rows:
        table.add_row(
            r["dataset"], str(r["ingest_id"]), r["format"], r["finished_at"],
            f"{r['records']:,}", str(r["superseded_by"] or "current"),
        )  # fmt: skip
    out.print(table)


@lists_app.command("diff")
def lists_diff(
    dataset: Annotated[str | None, typer.Argument(help="Dataset, e.g. un_sc_sanctions.")] = None,
    workspace: WorkspaceOption = DEFAULT_WORKSPACE,
    old: Annotated[int | None, typer.Option("--old", help="Older ingest id.")] = None,
    new: Annotated[int | None, typer.Option("--new", help="Newer ingest id.")] = None,
    limit: Annotated[int, typer.Option("--limit", help="Entities shown (0: all).")] = 50,
    as_json: JsonOption = False,
) -> None:
    """What changed between two versions of a list (by default, the current and the one before)."""
    ws = open_workspace(Settings(workspace=workspace).workspace)
    try:
        deltas: list[Delta] = []
        if old is not None and new is not None:
            deltas.append(diff_ingests(ws, old, new))
        elif old is not None or new is not None:
            raise DualtraceError("give both --old and --new, or neither")
        else:
            names = [dataset] if dataset else sorted({r["dataset"] for r in list_versions(ws)})
            for name in names:
                found = latest_delta(ws, name)
                if found is not None:
                    deltas.append(found)
            if dataset and not deltas:
                raise DualtraceError(
                    f"{dataset}: fewer than two versions stored; nothing to compare"
                )
    finally:
        ws.close()
    if as_json:
        print_json([d.as_dict() for d in deltas])
        return
    if not deltas:
        out.print("No list has two versions yet.")
    for delta in deltas:
        out.print(f"[bold]{delta.summary()}[/]", soft_wrap=True)
        shown = delta.entities if limit == 0 else delta.entities[:limit]
        for change in shown:
            details = []
            for sign, values in (("+", change.added), ("-", change.removed)):
                for kind, items in values.items():
                    details.append(f"{sign}{kind}: {'; '.join(items)}")
            label = f"{change.change:8} {change.entity_id} {change.name or ''}".rstrip()
            out.print(
                label + (f"  ({' | '.join(details)})" if details else ""),
                markup=False,
                soft_wrap=True,
            )
        if len(shown) < len(delta.entities):
            out.print(f"... {len(delta.entities) - len(shown):,} more (use --limit 0 or --json)")
