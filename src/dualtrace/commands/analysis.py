"""`dualtrace resolve ...`, `flag`, `trace`, `report` and `demo`: the analysis stages, each a
thin call into the pipeline and the stage functions, with tables for people and JSON for
scripts."""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from dualtrace.commands.common import (
    JsonOption,
    WorkspaceOption,
    opened,
    out,
    print_ingest,
    print_json,
    progress,
    settings_for,
)
from dualtrace.errors import DualtraceError
from dualtrace.graph import build_graph
from dualtrace.pipeline import analyse, investigate, run_demo
from dualtrace.report.findings import describe_edge
from dualtrace.resolve import explain_pair, record_decision, resolve_workspace
from dualtrace.resolve.lookup import canonical_id
from dualtrace.risk import load_rules
from dualtrace.settings import DEFAULT_WORKSPACE, WORKSPACE_ENV
from dualtrace.trace import TraceFilter, closest_sanctioned, downstream, upstream

resolve_app = typer.Typer(
    help="Resolve records into entities; explain and decide pairs.", no_args_is_help=True
)


@resolve_app.command("run")
def resolve_run(
    workspace: WorkspaceOption = DEFAULT_WORKSPACE, as_json: JsonOption = False
) -> None:
    """Cluster source entities into resolved entities (applies analysts' decisions)."""
    with opened(workspace) as ws:
        result = resolve_workspace(ws)
    if as_json:
        print_json(asdict(result))
        return
    out.print(
        f"{result.entities:,} source entities -> {result.canonical:,} resolved entities "
        f"({result.merged_by_identifier:,} merges by identifier, "
        f"{result.merged_by_name:,} by name, {result.merged_by_decision:,} by decision, "
        f"{result.merged_by_score:,} by match probability ({result.candidate_pairs:,} pairs "
        f"scored by {result.engine}); {result.refused:,} refused for conflicts)"
    )


@resolve_app.command("explain")
def resolve_explain(
    left: Annotated[str, typer.Argument(help="A source entity id.")],
    right: Annotated[str, typer.Argument(help="Another source entity id.")],
    workspace: WorkspaceOption = DEFAULT_WORKSPACE,
    as_json: JsonOption = False,
) -> None:
    """Say why two source entities are, or are not, one entity."""
    with opened(workspace) as ws:
        why = explain_pair(ws, left, right)
    if as_json:
        print_json(asdict(why))
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
    if why.score is not None:
        sc = why.score
        out.print(
            f"  match probability {sc.match_probability:.4f} (weight {sc.match_weight:+.1f}, "
            f"threshold {sc.threshold}; {sc.engine}: {sc.outcome})"
        )
        for comparison, level, weight in sc.features:
            out.print(f"    {weight:+6.1f}  {comparison}: {level}")


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
    settings = settings_for(workspace)
    with opened(workspace) as ws:
        decision = record_decision(ws, left, right, judgement, user or settings.user, note)
    out.print(
        f"Recorded: {decision.left_id} {decision.judgement} {decision.right_id} "
        f"by {decision.author}; run `dualtrace resolve run` to apply it."
    )


def flag(
    workspace: WorkspaceOption = DEFAULT_WORKSPACE,
    rules: Annotated[
        Path | None, typer.Option(help="A rules YAML replacing the shipped one.")
    ] = None,
    as_of: Annotated[str | None, typer.Option(help="Sanctions in force on this date.")] = None,
    as_json: JsonOption = False,
) -> None:
    """Resolve, build the graph and compute red flags with their evidence."""
    with opened(workspace) as ws, progress(as_json) as bar:
        task = bar.add_task("analysing", total=None)
        analysis = analyse(ws, load_rules(rules), as_of, lambda s: bar.update(task, description=s))
    if as_json:
        print_json(asdict(analysis.risk))
        return
    table = Table("flag", "entities")
    for code, count in sorted(analysis.risk.by_code.items(), key=lambda kv: -kv[1]):
        table.add_row(code, f"{count:,}")
    out.print(table)
    out.print(
        f"{analysis.risk.flags:,} flags on {analysis.risk.entities:,} entities; graph of "
        f"{analysis.graph.node_count:,} entities and {analysis.graph.edge_count:,} relations"
    )


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
    with opened(workspace) as ws:
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
        print_json(
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


def report(
    workspace: WorkspaceOption = DEFAULT_WORKSPACE,
    title: Annotated[str, typer.Option(help="Title of the dossier.")] = "dualtrace dossier",
    out_file: Annotated[Path | None, typer.Option("--out", help="HTML file to write.")] = None,
    as_of: Annotated[str | None, typer.Option(help="Sanctions in force on this date.")] = None,
) -> None:
    """Analyse the workspace and write an HTML dossier where every sentence cites records."""
    with opened(workspace) as ws, progress(False) as bar:
        task = bar.add_task("analysing", total=None)
        analysis = analyse(ws, None, as_of, lambda s: bar.update(task, description=s))
        result = investigate(ws, analysis, title=title, out=out_file)
    out.print(
        f"Dossier written to [bold]{result.dossier}[/] "
        f"({sum(len(f.sentences) for f in result.findings):,} cited sentences)"
    )


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
    with progress(as_json) as bar:
        task = bar.add_task("seed case", total=None)
        run = run_demo(workspace, on_step=lambda step: bar.update(task, description=step))
    findings = run.investigation.findings
    if as_json:
        print_json(
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
        print_ingest(r)
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


def register(app: typer.Typer) -> None:
    """Attach these commands to the main app."""
    app.add_typer(resolve_app, name="resolve")
    for command in (flag, trace, report, demo):
        app.command()(command)
