"""One resolution run: candidate pairs, constrained merges, and the stored result.

Order of evidence, strongest first: analysts' 'same' decisions, then equal valid decisive
identifiers, then equal name keys (script, legal form and word order removed) with nothing
conflicting, then the probabilistic pass (Splink on DuckDB by default): pairs the decisive
rules left apart, blocked on spellings, name ends and identifiers, scored feature by feature,
and merged from the settings' threshold up, best first, through the same constraints. Every
stage blocks, so the work grows with the number of entities, not its square.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

import pyarrow as pa
import pyarrow.compute as pc

from dualtrace.resolve.clusters import Clustering
from dualtrace.resolve.decisions import current_decisions
from dualtrace.resolve.features import EntityFeatures, load_features
from dualtrace.resolve.keys import han_core
from dualtrace.resolve.probabilistic import Scored, score_candidates
from dualtrace.resolve.scoring import ProbabilisticSettings
from dualtrace.resolve.steps import Steps, StepTime
from dualtrace.store import Workspace
from dualtrace.store.tables import replace_tables


@dataclass(frozen=True, slots=True)
class ResolveResult:
    entities: int
    canonical: int
    merged_by_decision: int
    merged_by_identifier: int
    merged_by_name: int
    refused: int
    merged_by_score: int = 0
    candidate_pairs: int = 0
    """Pairs the probabilistic pass scored (0 when it did not run)."""
    comparisons: int = 0
    """Pairs its blocking generated before duplicates were removed."""
    engine: str | None = None
    steps: dict[str, StepTime] = field(default_factory=dict)
    """Wall and processor time of each step, in the order they ran."""


def resolve_workspace(
    ws: Workspace,
    probabilistic: ProbabilisticSettings | None = None,
    *,
    scores: bool = True,
    threads: int | None = None,
) -> ResolveResult:
    """Resolve every source entity of the workspace and store the result.

    `scores=False` runs the decisive rules alone (the baseline the probabilistic pass is
    measured against); `probabilistic` replaces the packaged settings.
    """
    steps = Steps()
    with steps.step("features"):
        features = load_features(ws)
    with steps.step("decisive rules"):
        clustering = Clustering(features)
        counts = _decisive(ws, clustering, features)
    scored: Scored | None = None
    outcomes: list[str] = []
    if scores:
        settings = probabilistic or ProbabilisticSettings.load()
        scored = score_candidates(features, clustering.find, settings, threads, steps)
        with steps.step("merging"):
            outcomes = _merge_scored(clustering, features, scored, settings.threshold, counts)
    with steps.step("storing"):
        groups = clustering.groups()
        _store(ws, clustering, groups, features)
        _store_scores(ws, scored, outcomes)
    return ResolveResult(
        len(features),
        len(groups),
        counts["decision"],
        counts["identifier"],
        counts["name"],
        counts["refused"],
        counts["score"],
        scored.blocking.pairs.num_rows if scored else 0,
        scored.blocking.comparisons if scored else 0,
        scored.engine if scored else None,
        steps.times,
    )


def _decisive(
    ws: Workspace, clustering: Clustering, features: dict[str, EntityFeatures]
) -> dict[str, int]:
    """Analysts' decisions, equal valid identifiers, equal name keys: merges that need no
    score, strongest first."""
    decisions = current_decisions(ws)
    for d in decisions:
        if d.judgement == "not_same":
            clustering.forbidden.add(frozenset((d.left_id, d.right_id)))
    counts = {"decision": 0, "identifier": 0, "name": 0, "refused": 0, "score": 0}
    for d in decisions:
        if d.judgement == "same" and d.left_id in features and d.right_id in features:
            reason = f"analyst {d.author} decided same on {d.decided_at:%Y-%m-%d}"
            counts["decision"] += _merge(
                clustering, d.left_id, d.right_id, reason, counts, decisive=True
            )
    for (prop, value), members in _blocks_by_identifier(features).items():
        for other in members[1:]:
            counts["identifier"] += _merge(
                clustering, members[0], other, f"same {prop} {value}", counts
            )
    for key, members in _blocks_by_name(features).items():
        for i, first in enumerate(members):
            for other in members[i + 1 :]:
                if _name_alone_may_decide(features[first], features[other]):
                    counts["name"] += _merge(
                        clustering, first, other, f"same name key '{key}'", counts
                    )
    return counts


def _merge_scored(
    clustering: Clustering,
    features: dict[str, EntityFeatures],
    scored: Scored,
    threshold: float,
    counts: dict[str, int],
) -> list[str]:
    """Merge the pairs at or above the threshold, best first; the outcome of every pair.

    Scores arrive best first, so only the head above the threshold becomes Python objects;
    the rest (most pairs, at a million entities several million) stays in Arrow.
    """
    table = scored.scores
    above = int(pc.sum(pc.greater_equal(table.column("match_probability"), threshold)).as_py() or 0)
    head = table.slice(0, above)
    outcomes: list[str] = []
    left = head.column("left_id").to_pylist()
    right = head.column("right_id").to_pylist()
    probability = head.column("match_probability").to_pylist()
    features_col = head.column("features").to_pylist()
    for a, b, p, feats in zip(left, right, probability, features_col, strict=True):
        if clustering.find(a) == clustering.find(b):
            outcomes.append("same_cluster")
            continue
        if not _name_alone_may_decide(features[a], features[b]) and not _more_than_names(feats):
            outcomes.append("a name alone does not decide for these two")
            continue
        why = clustering.conflict(a, b)
        if why is not None:
            counts["refused"] += 1
            outcomes.append(why)
            continue
        clustering.merge(a, b, _score_reason(scored.engine, p, feats))
        counts["score"] += 1
        outcomes.append("merged")
    return outcomes + ["below_threshold"] * (table.num_rows - above)


def _more_than_names(feats: list[dict[str, object]]) -> bool:
    """Whether something besides the name (an identifier, a country) weighs for the pair."""
    return any(
        f["comparison"] not in ("prior", "name") and float(str(f["weight"])) > 0 for f in feats
    )


def _score_reason(engine: str, probability: float, feats: list[dict[str, object]]) -> str:
    parts = [
        f"{f['comparison']} {float(str(f['weight'])):+.1f} ({f['level']})"
        for f in feats
        if f["comparison"] != "prior"
    ]
    return f"match probability {probability:.4f} ({engine}): " + "; ".join(parts)


def _merge(
    clustering: Clustering,
    a: str,
    b: str,
    reason: str,
    counts: dict[str, int],
    *,
    decisive: bool = False,
) -> int:
    if clustering.find(a) == clustering.find(b):
        return 0
    if clustering.merge(a, b, reason, decisive=decisive):
        return 1
    counts["refused"] += 1
    return 0


def _name_alone_may_decide(a: EntityFeatures, b: EntityFeatures) -> bool:
    """Equal name keys merge only across sources, and people need one more agreeing fact.

    Within one list, two entries are two listings by the authority's own decision (branches
    of one foundation share names); two people with one name are common; two Chinese names
    in different characters share a key only through their pinyin (城信, 成信: homophones).
    """
    if a.dataset == b.dataset and a.listing:
        return False
    han_a = {h for h in map(han_core, a.names) if h}
    han_b = {h for h in map(han_core, b.names) if h}
    if han_a and han_b and not han_a & han_b:
        return False
    if "Person" in (a.schema, b.schema):
        return bool(a.birth_dates & b.birth_dates) or bool(a.countries & b.countries)
    return True


def _blocks_by_identifier(features: dict[str, EntityFeatures]) -> dict[tuple[str, str], list[str]]:
    blocks: dict[tuple[str, str], list[str]] = defaultdict(list)
    for entity_id in sorted(features):
        for prop, values in features[entity_id].identifiers.items():
            for value in values:
                blocks[(prop, value)].append(entity_id)
    return {k: v for k, v in blocks.items() if len(v) > 1}


def _blocks_by_name(features: dict[str, EntityFeatures]) -> dict[str, list[str]]:
    blocks: dict[str, list[str]] = defaultdict(list)
    for entity_id in sorted(features):
        for key in features[entity_id].name_keys:
            blocks[key].append(entity_id)
    return {k: v for k, v in blocks.items() if len(v) > 1}


def _store(
    ws: Workspace,
    clustering: Clustering,
    groups: dict[str, set[str]],
    features: dict[str, EntityFeatures],
) -> None:
    entity_ids: list[str] = []
    canonical_ids: list[str] = []
    reasons: list[str] = []
    canon_rows: dict[str, list[object]] = defaultdict(list)
    for members in groups.values():
        canonical = min(members)
        for member in sorted(members):
            entity_ids.append(member)
            canonical_ids.append(canonical)
            reasons.append(clustering.reasons.get(member, "only record"))
        names = sorted({n for m in members for n in features[m].names})
        cluster = clustering.clusters[clustering.find(canonical)]
        canon_rows["canonical_id"].append(canonical)
        canon_rows["schema"].append(cluster.schema)
        canon_rows["caption"].append(_caption(canonical, members, features))
        canon_rows["names"].append(names)
        canon_rows["countries"].append(sorted({c for m in members for c in features[m].countries}))
        canon_rows["datasets"].append(sorted({features[m].dataset for m in members}))
        canon_rows["members"].append(len(members))
    resolved = pa.table({"entity_id": entity_ids, "canonical_id": canonical_ids, "reason": reasons})
    canonical_table = pa.table(canon_rows) if canon_rows else None
    replace_tables(ws, {"resolved": resolved, "canonical_entities": canonical_table})


def _store_scores(ws: Workspace, scored: Scored | None, outcomes: list[str]) -> None:
    table = None
    if scored is not None and scored.scores.num_rows:
        table = scored.scores.append_column(
            "outcome", pa.array(outcomes, pa.string())
        ).append_column("engine", pa.array([scored.engine] * len(outcomes), pa.string()))
    replace_tables(ws, {"match_scores": table})


def _caption(canonical: str, members: set[str], features: dict[str, EntityFeatures]) -> str:
    """A name a reader recognises: Latin script first (the dossier's readers are mixed), then
    the spelling most sources agree on, then the shortest (full legal forms are in `names`)."""
    votes: dict[str, int] = defaultdict(int)
    for member in members:
        for name in features[member].primary_names or features[member].names:
            votes[name] += 1
    if not votes:
        return canonical
    return min(votes, key=lambda n: (not n.isascii(), -votes[n], len(n), n))
