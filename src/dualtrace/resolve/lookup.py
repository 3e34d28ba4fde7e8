"""From any id a user types (source entity or resolved entity) to the resolved entity."""

from __future__ import annotations

from dualtrace.store import Workspace


def canonical_id(ws: Workspace, entity_id: str) -> str:
    row = ws.db.execute(
        "SELECT canonical_id FROM resolved WHERE entity_id = ? OR canonical_id = ? LIMIT 1",
        [entity_id, entity_id],
    ).fetchone()
    return str(row[0]) if row else entity_id
