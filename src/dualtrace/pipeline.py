"""The whole run, from stored records to a dossier: the one sequence the CLI, the API and the
demo all call, so that each stage is invoked the same way everywhere.

    resolve -> graph -> flags -> findings (paths, flags, flows) -> dossier
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from dualtrace.graph import EvidenceGraph, build_graph
from dualtrace.normalize.countries import country_code
from dualtrace.report import CitationIndex, Finding, build_dossier, write_dossier
from dualtrace.report.findings import (
    flag_finding,
    flags_by_entity,
    path_finding,
    risk_finding,
)
from dualtrace.report.trade import trade_finding
from dualtrace.resolve import ResolveResult, resolve_workspace
from dualtrace.risk import RiskResult, RiskRules, end_users_of_concern, load_rules, stored_flags
from dualtrace.risk import flag_workspace as run_flags
from dualtrace.store import IngestResult, Workspace, ingest_path, init_workspace, open_workspace
from dualtrace.store.workspace import DB_NAME
from dualtrace.synth.seedcase import write_seed_case
from dualtrace.trace import Path as TracePath
from dualtrace.trace import TraceFilter, downstream, upstream

MAKER_COUNTRIES = frozenset({"cn", "hk"})


@dataclass
class Analysis:
    resolve: ResolveResult
    graph: EvidenceGraph
    risk: RiskResult


@dataclass
class Investigation:
    dossier: Path
    findings: list[Finding] = field(default_factory=list)


StepCallback = Callable[[str], None]


def _say(on_step: StepCallback | None, step: str) -> None:
    if on_step is not None:
        on_step(step)


def analyse(
    ws: Workspace,
    rules: RiskRules | None = None,
    as_of: str | None = None,
    on_step: StepCallback | None = None,
) -> Analysis:
    """Resolve, build the graph and flag, in that order (each reads the previous output)."""
    _say(on_step, "resolving entities")
    resolved = resolve_workspace(ws)
    _say(on_step, "building the evidence graph")
    graph = build_graph(ws)
    _say(on_step, "computing red flags")
    risk = run_flags(ws, graph, rules or load_rules(), as_of)
    return Analysis(resolved, graph, risk)


def maker_to_military_paths(
    eg: EvidenceGraph, military: set[str], flt: TraceFilter | None = None
) -> list[TracePath]:
    """Goods paths from entities in China or Hong Kong to military or sanctioned end users."""
    flt = flt or TraceFilter(max_hops=4)
    paths: list[TracePath] = []
    for node in eg.nodes():
        countries = {country_code(c) or c for c in node.countries}
        if node.is_authority or not countries & MAKER_COUNTRIES:
            continue
        paths.extend(downstream(eg, node.entity_id, flt, is_end=military.__contains__))
    return sorted(paths, key=lambda p: (p.hops, p.nodes))


def investigate(
    ws: Workspace,
    analysis: Analysis,
    *,
    title: str,
    notes: list[str] | None = None,
    extra: list[Finding] | None = None,
    out: Path | None = None,
    trade: bool = True,
) -> Investigation:
    """Write the dossier of what the analysis found: paths, flags, and any extra findings."""
    eg = analysis.graph
    flags = stored_flags(ws)
    by_entity = flags_by_entity(flags)
    rules = load_rules()
    military = end_users_of_concern(flags, rules)
    sanctioned = {cid for cid, fl in by_entity.items() if any(f.code == "sanctioned" for f in fl)}
    cites = CitationIndex(ws)
    all_paths = maker_to_military_paths(eg, military)
    to_sanctioned = [p for p in all_paths if p.nodes[-1] in sanctioned]
    to_military = [p for p in all_paths if p.nodes[-1] not in sanctioned]
    findings = [
        path_finding(
            "military-end-users",
            "From Chinese makers to military end users",
            eg,
            _shortest_per_pair(to_military),
            by_entity,
            cites,
            rules.end_user_flags,
        ),
        path_finding(
            "sanctioned-end-users",
            "Supplies reaching sanctioned parties",
            eg,
            _shortest_per_pair(to_sanctioned),
            by_entity,
            cites,
            rules.end_user_flags,
        ),
        flag_finding("co-travel", "Travel and visits", eg, flags, "co_travel", cites),
        *([trade_finding(ws, cites)] if trade else []),
        *(extra or []),
        risk_finding(eg, flags, cites),
    ]
    dossier = build_dossier(ws, title, findings, cites, notes)
    target = out or ws.reports_dir / "dossier.html"
    return Investigation(write_dossier(dossier, target), dossier.findings)


def _shortest_per_pair(paths: list[TracePath]) -> list[TracePath]:
    best: dict[tuple[str, str], TracePath] = {}
    for path in paths:
        key = (path.nodes[0], path.nodes[-1])
        if key not in best or path.hops < best[key].hops:
            best[key] = path
    return sorted(best.values(), key=lambda p: (p.hops, p.nodes))


def suppliers_of(
    eg: EvidenceGraph, entity_id: str, flt: TraceFilter | None = None
) -> list[TracePath]:
    """Upstream goods paths ending at `entity_id`, for the API and CLI."""
    return upstream(eg, entity_id, flt)


@dataclass
class DemoRun:
    workspace: Path
    inputs: list[IngestResult]
    analysis: Analysis
    investigation: Investigation


DEMO_TITLE = "Dual-use drones to Russian military end users: the built-in investigation"
DEMO_NOTES = [
    "Built from facts reported in public (report A: Radio Free Europe/Radio Liberty, autumn "
    "2023, on research by Molfar; report B: a 2025 report with inputs from Reuters on IEMZ "
    "Kupol), embedded in generated noise. Real names and reported facts are labelled with "
    "their report; every certificate number, date, address, identifier, post text and "
    "shipment added around them is synthetic and marked so in the records cited below.",
]


def run_demo(
    root: Path, *, seed: int | None = None, on_step: StepCallback | None = None
) -> DemoRun:
    """Write the seed case's raw files, ingest them like any data, analyse, write the dossier.

    Re-running reuses the workspace: the same files are recognised as already ingested.
    """
    ws = open_workspace(root) if (root / DB_NAME).exists() else init_workspace(root)
    try:
        case = write_seed_case(root / "inputs" / "seed-case", **({"seed": seed} if seed else {}))
        results = []
        for path in case.inputs:
            _say(on_step, f"ingesting {path.name}")
            results.append(ingest_path(ws, path))
        analysis = analyse(ws, on_step=on_step)
        _say(on_step, "writing the dossier")
        investigation = investigate(ws, analysis, title=DEMO_TITLE, notes=DEMO_NOTES)
        return DemoRun(root, results, analysis, investigation)
    finally:
        ws.close()
