"""Why two source entities are, or are not, one entity: the answer to `resolve explain A B`.

Beside the decisive facts (identifiers, name keys, list entries, analysts' decisions) it gives
the probabilistic comparison of the pair feature by feature: as stored by the last run, or,
for a pair blocking never brought together, scored now with the same settings.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

import pyarrow as pa

from dualtrace.errors import DualtraceError
from dualtrace.resolve.clusters import compatible_schemata
from dualtrace.resolve.decisions import current_decisions
from dualtrace.resolve.features import DECISIVE_PROPS, EntityFeatures, load_features
from dualtrace.resolve.probabilistic import entity_table, name_key_counts
from dualtrace.resolve.scoring import ProbabilisticSettings, make_scorer
from dualtrace.store import Workspace


@dataclass(frozen=True, slots=True)
class Explanation:
    left_id: str
    right_id: str
    same_entity: bool
    canonical_ids: tuple[str | None, str | None]
    evidence_for: list[str] = field(default_factory=list)
    evidence_against: list[str] = field(default_factory=list)
    path: list[tuple[str, str]] = field(default_factory=list)
    """Members of the shared cluster with the reason each joined it."""
    score: PairScore | None = None
    """The probabilistic comparison of the two, feature by feature."""


@dataclass(frozen=True, slots=True)
class PairScore:
    engine: str
    match_probability: float
    match_weight: float
    features: list[tuple[str, str, float]]
    """(comparison, level, match weight), the prior first; the weights add up."""
    outcome: str
    """What the last run did with the pair: merged, below_threshold, same_cluster, a
    refusal, or 'scored now' when blocking never made it a candidate."""
    threshold: float


def explain_pair(ws: Workspace, left_id: str, right_id: str) -> Explanation:
    features = load_features(ws)
    for entity_id in (left_id, right_id):
        if entity_id not in features:
            raise DualtraceError(f"unknown entity {entity_id!r}")
    a, b = features[left_id], features[right_id]
    rows = dict(
        ws.db.execute(
            "SELECT entity_id, canonical_id FROM resolved WHERE entity_id IN (?, ?)",
            [left_id, right_id],
        ).fetchall()
    )
    ca, cb = rows.get(left_id), rows.get(right_id)
    same = ca is not None and ca == cb
    pro: list[str] = []
    con: list[str] = []
    for prop in DECISIVE_PROPS:
        va, vb = a.identifiers.get(prop, set()), b.identifiers.get(prop, set())
        if va & vb:
            pro.append(f"same valid {prop}: {', '.join(sorted(va & vb))}")
        elif va and vb:
            con.append(
                f"different valid {prop}: {', '.join(sorted(va))} vs {', '.join(sorted(vb))}"
            )
    shared_keys = a.name_keys & b.name_keys
    if shared_keys:
        pro.append(f"same name key: {', '.join(sorted(shared_keys))}")
    else:
        con.append("no name in common once script, legal form and word order are removed")
    if a.listing and a.dataset == b.dataset:
        con.append(f"both are entries of the list {a.dataset}, which keeps its entries apart")
    if compatible_schemata(a.schema, b.schema) is None:
        con.append(f"{a.schema} and {b.schema} cannot be one entity")
    if a.countries and b.countries and not a.countries & b.countries:
        con.append(f"countries differ: {sorted(a.countries)} vs {sorted(b.countries)}")
    for d in current_decisions(ws):
        if {d.left_id, d.right_id} == {left_id, right_id}:
            text = f"analyst {d.author} judged '{d.judgement}' on {d.decided_at:%Y-%m-%d}"
            (pro if d.judgement == "same" else con).append(text)
    path: list[tuple[str, str]] = []
    if same:
        path = [
            (eid, reason)
            for eid, reason in ws.db.execute(
                "SELECT entity_id, reason FROM resolved WHERE canonical_id = ? ORDER BY entity_id",
                [ca],
            ).fetchall()
        ]
    score = pair_score(ws, left_id, right_id, features)
    return Explanation(left_id, right_id, same, (ca, cb), pro, con, path, score)


def pair_score(
    ws: Workspace,
    left_id: str,
    right_id: str,
    features: dict[str, EntityFeatures],
    settings: ProbabilisticSettings | None = None,
) -> PairScore:
    """The stored score of the pair from the last run, or the pair scored now."""
    settings = settings or ProbabilisticSettings.load()
    a, b = sorted((left_id, right_id))
    row = ws.db.execute(
        "SELECT engine, match_probability, match_weight, features, outcome FROM match_scores "
        "WHERE left_id = ? AND right_id = ?",
        [a, b],
    ).fetchone()
    if row is not None:
        engine, probability, weight, feats, outcome = row
    else:
        pair = {k: features[k] for k in (a, b)}
        entities = entity_table(
            pair, lambda entity_id: entity_id, key_counts=name_key_counts(features)
        )
        scorer = make_scorer(replace(settings, keep_above=0.0))
        table = scorer.score(
            entities.drop_columns(["cluster_id", "block_keys"]),
            pa.table({"left_id": [a], "right_id": [b]}),
        )
        engine, outcome = scorer.name, "scored now (not a candidate pair in the last run)"
        probability = table.column("match_probability")[0].as_py()
        weight = table.column("match_weight")[0].as_py()
        feats = table.column("features")[0].as_py()
    return PairScore(
        str(engine),
        float(probability),
        float(weight),
        [(str(f["comparison"]), str(f["level"]), float(f["weight"])) for f in feats],
        str(outcome),
        settings.threshold,
    )
