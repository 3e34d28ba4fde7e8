"""Running every rule, keeping the flags with their evidence, and the score that adds them."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

import pyarrow as pa

from dualtrace.graph import EvidenceGraph
from dualtrace.risk.contacts import shared_contact
from dualtrace.risk.context import Flag, RiskContext
from dualtrace.risk.flags import BASE_RULES, co_travel
from dualtrace.risk.rules import RiskRules
from dualtrace.store import Workspace
from dualtrace.store.tables import replace_tables

MILITARY_CODES = frozenset({"military_activity_code", "military_use_posts"})
CORROBORATED_ONLY = "military_research_code"


@dataclass(frozen=True, slots=True)
class RiskResult:
    flags: int
    entities: int
    by_code: dict[str, int]


def flag_workspace(
    ws: Workspace, eg: EvidenceGraph, rules: RiskRules, as_of: str | None = None
) -> RiskResult:
    ctx = RiskContext(ws, eg, rules, as_of)
    flags: list[Flag] = [f for rule in BASE_RULES for f in rule(ctx)]
    codes_of: dict[str, set[str]] = defaultdict(set)
    for f in flags:
        codes_of[f.canonical_id].add(f.code)
    # A research code counts only when another military flag corroborates it.
    flags = [
        f for f in flags if f.code != CORROBORATED_ONLY or codes_of[f.canonical_id] & MILITARY_CODES
    ]
    flagged = end_users_of_concern(flags, rules)
    flags.extend(dict.fromkeys(co_travel(ctx, flagged)))
    flags.extend(shared_contact(ctx, flagged))
    _store(ws, flags)
    return RiskResult(
        len(flags), len({f.canonical_id for f in flags}), dict(Counter(f.code for f in flags))
    )


def _store(ws: Workspace, flags: list[Flag]) -> None:
    table = pa.table(
        {
            "canonical_id": [f.canonical_id for f in flags],
            "code": [f.code for f in flags],
            "weight": pa.array([f.weight for f in flags], pa.float64()),
            "explanation": [f.explanation for f in flags],
            "evidence": pa.array([list(f.evidence) for f in flags], pa.list_(pa.string())),
        }
    )
    replace_tables(ws, {"flags": table})


def end_users_of_concern(flags: Iterable[Flag], rules: RiskRules) -> set[str]:
    """The entities with a flag that makes them an end user of concern (rules.yaml
    `end_user_flags`): where a goods trace from a maker ends."""
    return {f.canonical_id for f in flags if f.code in rules.end_user_flags}


def stored_flags(ws: Workspace, canonical_id: str | None = None) -> list[Flag]:
    query = "SELECT canonical_id, code, weight, explanation, evidence FROM flags"
    params: list[str] = []
    if canonical_id:
        query += " WHERE canonical_id = ?"
        params.append(canonical_id)
    rows = ws.db.execute(query + " ORDER BY weight DESC, canonical_id, code", params).fetchall()
    return [Flag(r[0], r[1], float(r[2]), r[3], tuple(r[4])) for r in rows]
