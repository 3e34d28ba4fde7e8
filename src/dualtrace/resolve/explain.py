"""Why two source entities are, or are not, one entity: the answer to `resolve explain A B`."""

from __future__ import annotations

from dataclasses import dataclass, field

from dualtrace.errors import DualtraceError
from dualtrace.resolve.clusters import compatible_schemata
from dualtrace.resolve.decisions import current_decisions
from dualtrace.resolve.features import DECISIVE_PROPS, load_features
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
    return Explanation(left_id, right_id, same, (ca, cb), pro, con, path)
