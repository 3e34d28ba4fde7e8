"""The overview, screening, entity and rejects pages: what `dualtrace status`, `screen name`,
the API's /entities and `dualtrace rejects` show, as HTML."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Request, Response
from fastapi import Query as Param

from dualtrace.api.match import dataset_filter, service_of
from dualtrace.api.service import MAX_RELATIONS
from dualtrace.model import relation_type
from dualtrace.report import CitationIndex
from dualtrace.report.findings import ranked_by_risk
from dualtrace.resolve.lookup import resolved_entity
from dualtrace.risk import stored_flags
from dualtrace.screen import Query
from dualtrace.sources.trade.customs import list_rejects
from dualtrace.store.status import workspace_status
from dualtrace.web.render import PREFIX, PageRoute, page

router = APIRouter(prefix=PREFIX, route_class=PageRoute, include_in_schema=False)
SCHEMATA = ("LegalEntity", "Company", "Person", "Organization", "Vessel", "Airplane")
"""What the screening form offers; any FollowTheMoney schema is accepted in the URL."""
TOP_RISKS = 10


@router.get("/")
def overview(request: Request) -> Response:
    """Workspace status and the entities with the highest risk scores."""
    with service_of(request).workspace() as ws:
        status = workspace_status(ws)
        risks = []
        for cid, flags in ranked_by_risk(stored_flags(ws))[:TOP_RISKS]:
            found = resolved_entity(ws, cid, 0)
            risks.append((cid, found.caption if found else cid, flags))
    return page(request, "overview.html.j2", status=status, risks=risks)


@router.get("/search")
def search(
    request: Request,
    name: Annotated[str | None, Param(description="A name, in any script")] = None,
    schema: str = "LegalEntity",
    country: str = "",
    birth_date: str = "",
    identifier: str = "",
    dataset: str = "default",
    limit: Annotated[int, Param(ge=1, le=100)] = 10,
) -> Response:
    """The screening form and, once submitted, the explained matches (as /match gives them)."""
    service = service_of(request)
    form = {
        "name": name or "",
        "schema": schema,
        "country": country,
        "birth_date": birth_date,
        "identifier": identifier,
        "dataset": dataset,
        "limit": limit,
    }
    context: dict[str, Any] = {
        "form": form,
        "schemata": SCHEMATA,
        "datasets": sorted(service.datasets()),
    }
    if name is None and not identifier:
        return page(request, "search.html.j2", results=None, **context)
    props = {
        "name": [name or ""],
        "country": [country],
        "birthDate": [birth_date],
        "idNumber": [identifier],
    }
    query = Query.from_example(schema, props)
    datasets = dataset_filter(service, dataset)
    results = service.screener().screen(query, limit=limit, datasets=datasets)
    return page(request, "search.html.j2", results=results, **context)


@router.get("/entity/{entity_id}")
def entity(request: Request, entity_id: str) -> Response:
    """A resolved entity: names, identifiers, countries, its source entities, its red flags
    and its relations, each flag and relation citing the records that prove it."""
    with service_of(request).workspace() as ws:
        found = resolved_entity(ws, entity_id, MAX_RELATIONS)
        if found is None:
            raise HTTPException(404, f"no entity {entity_id!r} in the workspace")
        flags = stored_flags(ws, found.canonical_id) if found.resolved else []
        cites = CitationIndex(ws)
        flag_cites = [cites.cite(list(f.evidence)) for f in flags]
        relations = [
            (member, r, cites.cite([r.record_id])[0])
            for member in found.members
            for r in member.entity.relations
        ]
        citations = {c.number: c for c in cites.all()}
    labels = {r.type: relation_type(r.type).label for _m, r, _n in relations}
    return page(
        request,
        "entity.html.j2",
        entity=found,
        flags=list(zip(flags, flag_cites, strict=True)),
        relations=relations,
        labels=labels,
        citations=citations,
        max_relations=MAX_RELATIONS,
    )


@router.get("/rejects")
def rejects(
    request: Request,
    ingest: Annotated[int | None, Param(description="Only this ingest")] = None,
    limit: Annotated[int, Param(ge=1, le=10_000)] = 500,
) -> Response:
    """Quarantined rows: where they were, which field, and why (as `dualtrace rejects`)."""
    with service_of(request).workspace() as ws:
        rows = list_rejects(ws.db, ingest, limit)
    return page(request, "rejects.html.j2", rows=rows, ingest=ingest, limit=limit)
