"""The command line: one command per stage, each calling the same functions the API calls.

A user error (DualtraceError, or a bad argument) prints one line and exits non-zero; only a bug
shows a traceback.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict
from functools import partial
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn
from rich.table import Table

from dualtrace import __version__
from dualtrace.commands.lists import delta_line, lists_app, sources_app
from dualtrace.commands.posts import posts_app
from dualtrace.errors import DualtraceError
from dualtrace.graph import build_graph
from dualtrace.pipeline import analyse, investigate, run_demo
from dualtrace.report.findings import describe_edge
from dualtrace.resolve import explain_pair, record_decision, resolve_workspace
from dualtrace.resolve.lookup import canonical_id
from dualtrace.risk import load_rules
from dualtrace.screen.commands import screen_app, serve
from dualtrace.settings import DEFAULT_WORKSPACE, WORKSPACE_ENV, Settings
from dualtrace.sources.registry import FORMATS
from dualtrace.sources.trade.customs import list_rejects, mapped_format
from dualtrace.store import Workspace, ingest_path, init_workspace, open_workspace
from dualtrace.store.ingest import ingest_source
from dualtrace.store.status import workspace_status
from dualtrace.trace import TraceFilter, closest_sanctioned, downstream, upstream

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
    mapping: Annotated[
        Path | None,
        typer.Option("--mapping", "-m", help="Column mapping (YAML) for a customs table layout."),
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """Read source files in their real format and store them, one transaction per input."""
    results = []
    mapped = mapped_format(mapping) if mapping is not None else None
    with _open(workspace) as ws, _progress(as_json or not err.is_terminal) as progress:
        for path in paths:
            task = progress.add_task(f"ingest {path.name}", total=None)
            advance = partial(progress.advance, task)
            result = (
                ingest_source(ws, mapped, mapped.accept(path), on_progress=advance)
                if mapped is not None
                else ingest_path(ws, path, forced_format=format, on_progress=advance)
            )
            progress.remove_task(task)
            results.append(result)
            if not as_json:
                _print_ingest(result)
                delta = delta_line(ws, result)
                if delta:
                    out.print(delta, markup=False)
    if as_json:
        _print_json([asdict(r) for r in results])


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
def rejects(
    workspace: WorkspaceOption = DEFAULT_WORKSPACE,
    ingest_id: Annotated[int | None, typer.Option("--ingest", help="Only this ingest.")] = None,
    limit: Annotated[int, typer.Option("--limit", help="At most this many rows.")] = 100,
    as_json: JsonOption = False,
) -> None:
    """List quarantined rows: file and line, field and reason."""
    with _open(workspace) as ws:
        rows = list_rejects(ws.db, ingest_id, limit)
    if as_json:
        _print_json(rows)
        return
    table = Table("ingest", "dataset", "where", "field", "reason")
    for row in rows:
        table.add_row(*(str(row[k] or "") for k in ("ingest_id", "dataset", "locator", "field")),
                      str(row["reason"]))  # fmt: skip
    out.print(table)


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


resolve_app = typer.Typer(
    help="Resolve records into entities; explain and decide pairs.", no_args_is_help=True
)
app.add_typer(resolve_app, name="resolve")


@resolve_app.command("run")
def resolve_run(
    workspace: WorkspaceOption = DEFAULT_WORKSPACE, as_json: JsonOption = False
) -> None:
    """Cluster source entities into resolved entities (applies analysts' decisions)."""
    with _open(workspace) as ws:
        result = resolve_workspace(ws)
    if as_json:
        _print_json(asdict(result))
        return
    out.print(
        f"{result.entities:,} source entities -> {result.canonical:,} resolved entities "
        f"({result.merged_by_identifier:,} merges by identifier, "
        f"{result.merged_by_name:,} by name, {result.merged_by_decision:,} by decision; "
        f"{result.refused:,} refused for conflicts)"
    )


@resolve_app.command("explain")
def resolve_explain(
    left: Annotated[str, typer.Argument(help="A source entity id.")],
    right: Annotated[str, typer.Argument(help="Another source entity id.")],
    workspace: WorkspaceOption = DEFAULT_WORKSPACE,
    as_json: JsonOption = False,
) -> None:
    """Say why two source entities are, or are not, one entity."""
    with _open(workspace) as ws:
        why = explain_pair(ws, left, right)
    if as_json:
        _print_json(asdict(why))
        return
    verdict = "the same entity" if why.same_entity else "different entities"
    out.print(
        f"[bold]{left}[/] and [bold]{right}[/] are {verdict} "
        f"(resolved as {why.canonical_ids[0]} / {why.canonical_ids[1]})"
    )
    for line in why.evidence_for:
        out.print(f"  [green]+[/] {line}")
    for line in why.evidence_against:
        out.print(f"  [red]-[/] {line}")
    for member, reason in why.path:
        out.print(f"  member {member}: {reason}")


@resolve_app.command("decide")
def resolve_decide(
    left: Annotated[str, typer.Argument(help="A source entity id.")],
    right: Annotated[str, typer.Argument(help="Another source entity id.")],
    judgement: Annotated[str, typer.Argument(help="same, not_same, unsure or retracted.")],
    note: Annotated[str | None, typer.Option(help="Why, for the record.")] = None,
    user: Annotated[str | None, typer.Option(help="Author (default: login name).")] = None,
    workspace: WorkspaceOption = DEFAULT_WORKSPACE,
) -> None:
    """Record an analyst's judgement; it is applied on every later `resolve run`."""
    settings = _settings(workspace)
    with _open(workspace) as ws:
        decision = record_decision(ws, left, right, judgement, user or settings.user, note)
    out.print(
        f"Recorded: {decision.left_id} {decision.judgement} {decision.right_id} "
        f"by {decision.author}; run `dualtrace resolve run` to apply it."
    )


@app.command()
def flag(
    workspace: WorkspaceOption = DEFAULT_WORKSPACE,
    rules: Annotated[
        Path | None, typer.Option(help="A rules YAML replacing the shipped one.")
    ] = None,
    as_of: Annotated[str | None, typer.Option(help="Sanctions in force on this date.")] = None,
    as_json: JsonOption = False,
) -> None:
    """Resolve, build the graph and compute red flags with their evidence."""
    with _open(workspace) as ws:
        analysis = analyse(ws, load_rules(rules), as_of)
    if as_json:
        _print_json(asdict(analysis.risk))
        return
    table = Table("flag", "entities")
    for code, count in sorted(analysis.risk.by_code.items(), key=lambda kv: -kv[1]):
        table.add_row(code, f"{count:,}")
    out.print(table)
    out.print(
        f"{analysis.risk.flags:,} flags on {analysis.risk.entities:,} entities; graph of "
        f"{analysis.graph.node_count:,} entities and {analysis.graph.edge_count:,} relations"
    )


@app.command()
def trace(
    entity: Annotated[str, typer.Argument(help="Entity id (source or resolved).")],
    direction: Annotated[
        str,
        typer.Option(
            help="downstream (to end users), upstream (to suppliers) or sanctioned (closest "
            "sanctioned party)."
        ),
    ] = "downstream",
    max_hops: Annotated[int, typer.Option(min=1, max=10)] = 4,
    since: Annotated[str | None, typer.Option(help="Only relations on or after (ISO).")] = None,
    until: Annotated[str | None, typer.Option(help="Only relations up to (ISO).")] = None,
    hs: Annotated[list[str] | None, typer.Option(help="HS code prefix (repeatable).")] = None,
    via: Annotated[list[str] | None, typer.Option(help="Country passed through (ISO).")] = None,
    as_of: Annotated[str | None, typer.Option(help="Sanctions in force on this date.")] = None,
    workspace: WorkspaceOption = DEFAULT_WORKSPACE,
    as_json: JsonOption = False,
) -> None:
    """Follow goods from an entity to its end users or suppliers, or to sanctions."""
    if direction not in ("downstream", "upstream", "sanctioned"):
        raise DualtraceError(
            f"--direction must be downstream, upstream or sanctioned, not {direction!r}"
        )
    flt = TraceFilter(
        since=since,
        until=until,
        hs_prefixes=tuple(hs or ()),
        through_countries=tuple(v.lower() for v in via or ()),
        max_hops=max_hops,
        as_of=as_of,
    )
    with _open(workspace) as ws:
        eg = build_graph(ws)
        start = canonical_id(ws, entity)
        if not eg.has(start):
            raise DualtraceError(f"unknown entity {entity!r} (run `dualtrace flag` first?)")
        if direction == "sanctioned":
            found = closest_sanctioned(eg, start, flt)
            paths = [found] if found else []
        else:
            walk = downstream if direction == "downstream" else upstream
            paths = walk(eg, start, flt)
    if as_json:
        _print_json(
            [
                {"nodes": p.nodes, "hops": p.hops, "edges": [asdict(e) for e in p.edges]}
                for p in paths
            ]
        )
        return
    if not paths:
        out.print("No path found with these filters.")
    for path in paths:
        out.print(
            " -> ".join(eg.node(n).caption for n in path.nodes) + f"  [dim]({path.hops} hops)[/]"
        )
        for edge in path.edges:
            out.print(f"    {describe_edge(eg, edge)}  [dim]{edge.record_id}[/]")


@app.command()
def report(
    workspace: WorkspaceOption = DEFAULT_WORKSPACE,
    title: Annotated[str, typer.Option(help="Title of the dossier.")] = "dualtrace dossier",
    out_file: Annotated[Path | None, typer.Option("--out", help="HTML file to write.")] = None,
    as_of: Annotated[str | None, typer.Option(help="Sanctions in force on this date.")] = None,
) -> None:
    """Analyse the workspace and write an HTML dossier where every sentence cites records."""
    with _open(workspace) as ws:
        analysis = analyse(ws, None, as_of)
        result = investigate(ws, analysis, title=title, out=out_file)
    out.print(
        f"Dossier written to [bold]{result.dossier}[/] "
        f"({sum(len(f.sentences) for f in result.findings):,} cited sentences)"
    )


app.add_typer(screen_app, name="screen")
app.add_typer(sources_app, name="sources")
app.add_typer(lists_app, name="lists")
app.add_typer(posts_app, name="posts")
app.command()(serve)


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
        _print_json(summary)
        return
    out.print(f"Wrote {summary['kind']} to [bold]{out_dir}[/]: {', '.join(summary['inputs'])}")


@app.command()
def demo(
    workspace: Annotated[
        Path,
        typer.Option(
            "--workspace",
            "-w",
            envvar=WORKSPACE_ENV,
            help="Workspace folder for the investigation (made if missing).",
        ),
    ] = Path("demo-workspace"),
    lines: Annotated[int, typer.Option(help="Sentences shown per finding.")] = 6,
    as_json: JsonOption = False,
) -> None:
    """Run the built-in investigation: seed-case files -> ingest -> resolve -> flag -> dossier."""
    with _progress(as_json or not err.is_terminal) as progress:
        task = progress.add_task("seed case", total=None)
        run = run_demo(
            workspace, on_input=lambda p: progress.update(task, description=f"ingest {p.name}")
        )
    findings = run.investigation.findings
    if as_json:
        _print_json(
            {
                "workspace": str(run.workspace),
                "dossier": str(run.investigation.dossier),
                "inputs": [asdict(r) for r in run.inputs],
                "findings": [
                    {"title": f.title, "sentences": [s.text for s in f.sentences]} for f in findings
                ],
            }
        )
        return
    for r in run.inputs:
        _print_ingest(r)
    res, risk = run.analysis.resolve, run.analysis.risk
    out.print(
        f"\nResolved {res.entities:,} source entities into {res.canonical:,}; "
        f"{risk.flags:,} red flags on {risk.entities:,} entities.\n"
    )
    for finding in findings:
        out.print(f"[bold]{finding.title}[/]")
        for sentence in finding.sentences[:lines]:
            refs = "".join(f"[{n}]" for n in sentence.cites[:4])
            more = "…" if len(sentence.cites) > 4 else ""
            out.print(f"  • {sentence.text} [dim]{refs}{more}[/]", highlight=False)
        if len(finding.sentences) > lines:
            out.print(f"  [dim]… {len(finding.sentences) - lines} more in the dossier[/]")
        out.print()
    out.print(f"Dossier: [bold]{run.investigation.dossier}[/]")


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
