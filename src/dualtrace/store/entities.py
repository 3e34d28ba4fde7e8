"""Reading one source entity as stored: its statements and the relations around it.

The API's entity endpoint and any other reader share this query instead of writing their own.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from dualtrace.model import relation_props
from dualtrace.store.workspace import Workspace


@dataclass(frozen=True, slots=True)
class AdjacentRelation:
    relation_id: str
    type: str
    outgoing: bool
    other_id: str
    other_caption: str | None
    start: str | None
    end: str | None
    props: dict[str, Any]
    record_id: str


@dataclass(frozen=True, slots=True)
class StoredEntity:
    entity_id: str
    schemata: frozenset[str]
    properties: dict[str, list[str]]
    datasets: list[str]
    relations: list[AdjacentRelation] = field(default_factory=list)
    relations_total: int = 0


def stored_entity(ws: Workspace, entity_id: str, max_relations: int) -> StoredEntity | None:
    """The entity's current statements and up to `max_relations` adjacent relations, or None
    if the workspace holds no current statement about it."""
    rows = ws.db.execute(
        """
        SELECT s.schema, s.prop, s.value, i.dataset FROM current_statements s
        JOIN current_ingests i USING (ingest_id) WHERE s.entity_id = ?
        ORDER BY s.prop, s.value
        """,
        [entity_id],
    ).fetchall()
    if not rows:
        return None
    properties: dict[str, list[str]] = {}
    for _schema, prop, value, _dataset in rows:
        bucket = properties.setdefault(prop, [])
        if value not in bucket:
            bucket.append(value)
    total = ws.db.execute(
        "SELECT count(*) FROM current_relations WHERE source_id = ? OR target_id = ?",
        [entity_id, entity_id],
    ).fetchone()
    relations = ws.db.execute(
        """
        SELECT r.relation_id, r.type, r.source_id, r.target_id, r.start_date, r.end_date,
               r.props, r.record_id,
               (SELECT min(value) FROM current_statements n
                WHERE n.entity_id = CASE WHEN r.source_id = $1 THEN r.target_id
                                         ELSE r.source_id END
                  AND n.prop = 'name') AS other_caption
        FROM current_relations r WHERE r.source_id = $1 OR r.target_id = $1
        ORDER BY r.type, r.relation_id LIMIT $2
        """,
        [entity_id, max_relations],
    ).fetchall()
    return StoredEntity(
        entity_id=entity_id,
        schemata=frozenset(r[0] for r in rows),
        properties=properties,
        datasets=sorted({r[3] for r in rows}),
        relations=[
            AdjacentRelation(
                relation_id=rid,
                type=rtype,
                outgoing=src == entity_id,
                other_id=dst if src == entity_id else src,
                other_caption=other,
                start=start,
                end=end,
                props=relation_props(props),
                record_id=record_id,
            )
            for rid, rtype, src, dst, start, end, props, record_id, other in relations
        ],
        relations_total=int(total[0]) if total else 0,
    )
