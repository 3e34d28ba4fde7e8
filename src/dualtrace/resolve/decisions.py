"""Analysts' judgements on pairs of source entities: stored with author and time, never deleted.

The newest judgement on a pair wins; a retraction is itself a judgement. They are applied on
every resolution run, so a re-ingest or a new source never undoes an analyst's work.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Literal

from dualtrace.errors import DualtraceError
from dualtrace.store import Workspace

Judgement = Literal["same", "not_same", "unsure", "retracted"]
JUDGEMENTS: tuple[str, ...] = ("same", "not_same", "unsure", "retracted")


@dataclass(frozen=True, slots=True)
class Decision:
    left_id: str
    right_id: str
    judgement: str
    author: str
    decided_at: datetime
    note: str | None


def record_decision(
    ws: Workspace,
    left_id: str,
    right_id: str,
    judgement: str,
    author: str,
    note: str | None = None,
) -> Decision:
    if judgement not in JUDGEMENTS:
        raise DualtraceError(f"judgement must be one of {', '.join(JUDGEMENTS)}, not {judgement!r}")
    if left_id == right_id:
        raise DualtraceError("a decision needs two different entities")
    known = ws.db.execute(
        "SELECT count(DISTINCT entity_id) FROM current_statements WHERE entity_id IN (?, ?)",
        [left_id, right_id],
    ).fetchone()
    if not known or known[0] != 2:
        raise DualtraceError(f"unknown entity: {left_id} or {right_id} is not in the workspace")
    left_id, right_id = sorted((left_id, right_id))
    decision = Decision(
        left_id, right_id, judgement, author, datetime.now(UTC).replace(tzinfo=None), note
    )
    ws.db.execute(
        "INSERT INTO decisions VALUES (?, ?, ?, ?, ?, ?)",
        [decision.left_id, decision.right_id, judgement, author, decision.decided_at, note],
    )
    return decision


def current_decisions(ws: Workspace) -> list[Decision]:
    """The newest judgement on each pair, leaving out pairs whose newest is a retraction."""
    rows = ws.db.execute(
        """
        SELECT left_id, right_id, judgement, author, decided_at, note FROM decisions
        QUALIFY row_number() OVER (PARTITION BY left_id, right_id ORDER BY decided_at DESC) = 1
        """
    ).fetchall()
    return [Decision(*row) for row in rows if row[2] != "retracted"]
