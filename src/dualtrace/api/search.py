"""GET /search and GET /entities/{id}: find listed entities by name, and read one with its
adjacent relations (who owns it, whom it shipped to, which authority lists it)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Request
from fastapi import Query as Param

from dualtrace.api.match import dataset_filter, service_of
from dualtrace.api.models import EntityDetailResponse, ErrorResponse, SearchResponse, scored_dict
from dualtrace.api.service import MAX_RELATIONS
from dualtrace.model import most_specific_schema
from dualtrace.screen import Query, QueryError
from dualtrace.store.entities import stored_entity

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
        found = stored_entity(ws, entity_id, MAX_RELATIONS)
    if found is None:
        raise HTTPException(404, f"no entity {entity_id!r} in the workspace")
    names = found.properties.get("name") or found.properties.get("alias") or [entity_id]
    relations = [
        {
            "id": r.relation_id,
            "type": r.type,
            "direction": "outgoing" if r.outgoing else "incoming",
            "other_id": r.other_id,
            "other_caption": r.other_caption,
            "start": r.start,
            "end": r.end,
            "props": r.props,
            "record_id": r.record_id,
        }
        for r in found.relations
    ]
    return {
        "id": entity_id,
        "caption": names[0],
        "schema": most_specific_schema(found.schemata),
        "properties": found.properties,
        "datasets": found.datasets,
        "referents": [],
        "target": any(r.type == "sanctioned" and r.outgoing for r in found.relations),
        "relations": relations,
        "relations_total": found.relations_total,
    }
