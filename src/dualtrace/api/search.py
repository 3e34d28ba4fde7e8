"""GET /search and GET /entities/{id}: find listed entities by name, and read one with its
adjacent relations (who owns it, whom it shipped to, which authority lists it)."""

from __future__ import annotations

import json
from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Request
from fastapi import Query as Param

from dualtrace.api.match import dataset_filter, service_of
from dualtrace.api.models import EntityDetailResponse, ErrorResponse, SearchResponse, scored_dict
from dualtrace.api.service import MAX_RELATIONS
from dualtrace.model import most_specific_schema
from dualtrace.screen import Query, QueryError

router = APIRouter(tags=["Entities"])
SEARCH_CUTOFF = 0.3


@router.get("/search", response_model=SearchResponse, responses={400: {"model": ErrorResponse}})
@router.get("/search/{dataset}", response_model=SearchResponse, include_in_schema=False)
def search(
    request: Request,
    q: Annotated[str, Param(description="A name, in any script")] = "",
    schema: Annotated[str, Param(description="FollowTheMoney schema")] = "Thing",
    limit: Annotated[int, Param(ge=1, le=100)] = 10,
    offset: Annotated[int, Param(ge=0, le=400)] = 0,
    dataset: str = "default",
) -> dict[str, Any]:
    """Listed entities whose names resemble `q`, best first."""
    if not q.strip():
        raise QueryError("empty search: give a name in the q parameter", 400)
    service = service_of(request)
    datasets = dataset_filter(service, dataset)
    query = Query.from_example(schema, {"name": [q]})
    results = service.screener().screen(
        query, limit=offset + limit, cutoff=SEARCH_CUTOFF, datasets=datasets
    )
    page = results[offset : offset + limit]
    return {
        "limit": limit,
        "offset": offset,
        "total": {"value": len(results), "relation": "eq"},
        "results": [scored_dict(r) for r in page],
        "facets": {},
    }


@router.get(
    "/entities/{entity_id}",
    response_model=EntityDetailResponse,
    responses={404: {"model": ErrorResponse}},
)
def entity(request: Request, entity_id: str) -> dict[str, Any]:
    """One entity from the workspace's current data, with its adjacent relations."""
    service = service_of(request)
    with service.workspace() as ws:
        rows = ws.db.execute(
            "SELECT s.schema, s.prop, s.value, i.dataset FROM current_statements s "
            "JOIN current_ingests i USING (ingest_id) WHERE s.entity_id = ? "
            "ORDER BY s.prop, s.value",
            [entity_id],
        ).fetchall()
        if not rows:
            raise HTTPException(404, f"no entity {entity_id!r} in the workspace")
        total_row = ws.db.execute(
            "SELECT count(*) FROM current_relations WHERE source_id = ? OR target_id = ?",
            [entity_id, entity_id],
        ).fetchone()
        rels = ws.db.execute(
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
            [entity_id, MAX_RELATIONS],
        ).fetchall()
    props: dict[str, list[str]] = {}
    for _schema, prop, value, _ds in rows:
        bucket = props.setdefault(prop, [])
        if value not in bucket:
            bucket.append(value)
    names = props.get("name") or props.get("alias") or [entity_id]
    relations = [
        {
            "id": rid,
            "type": rtype,
            "direction": "outgoing" if src == entity_id else "incoming",
            "other_id": dst if src == entity_id else src,
            "other_caption": other,
            "start": start,
            "end": end,
            "props": json.loads(rprops) if isinstance(rprops, str) else (rprops or {}),
            "record_id": record_id,
        }
        for rid, rtype, src, dst, start, end, rprops, record_id, other in rels
    ]
    return {
        "id": entity_id,
        "caption": names[0],
        "schema": most_specific_schema({r[0] for r in rows}),
        "properties": props,
        "datasets": sorted({r[3] for r in rows}),
        "referents": [],
        "target": any(
            r["type"] == "sanctioned" and r["direction"] == "outgoing" for r in relations
        ),
        "relations": relations,
        "relations_total": int(total_row[0]) if total_row else 0,
    }
