"""The trace page: goods paths from an entity downstream to its end users or upstream to its
makers, or its closest sanctioned party, with the filters of the API's /trace endpoints and
each hop citing its record."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Request, Response
from fastapi import Query as Param

from dualtrace.api.match import service_of
from dualtrace.api.trace import EndUsers, GoodsFilter, trace_paths
from dualtrace.report import CitationIndex
from dualtrace.report.findings import describe_edge
from dualtrace.risk import load_rules
from dualtrace.web.render import PREFIX, PageRoute, page

router = APIRouter(prefix=PREFIX, route_class=PageRoute, include_in_schema=False)
DIRECTIONS = ("downstream", "upstream", "sanctioned")


@router.get("/trace")
def trace(
    request: Request,
    flt: GoodsFilter,
    entity: Annotated[str, Param(description="Entity id (source or resolved)")] = "",
    direction: str = "downstream",
    to_end_users: EndUsers = False,
) -> Response:
    """The filter form and, with an entity, the paths found."""
    params = request.query_params
    form = {
        "entity": entity,
        "direction": direction,
        "to_end_users": to_end_users,
        "max_hops": flt.max_hops,
        "limit": flt.max_paths,
        **{key: params.get(key, "") for key in ("since", "until", "as_of")},
        **{key: ", ".join(params.getlist(key)) for key in ("hs", "via", "relation_type")},
        "chpl_tier": params.getlist("chpl_tier"),
    }
    context: dict[str, Any] = {
        "form": form,
        "directions": DIRECTIONS,
        "tiers": sorted(load_rules().chpl),
    }
    if not entity.strip():
        return page(request, "trace.html.j2", paths=None, **context)
    eg, start, paths = trace_paths(request, entity.strip(), direction, flt, to_end_users)
    with service_of(request).workspace() as ws:
        cites = CitationIndex(ws)
        hops = [
            [(edge, describe_edge(eg, edge), cites.cite([edge.record_id])[0]) for edge in p.edges]
            for p in paths
        ]
        citations = {c.number: c for c in cites.all()}
    return page(
        request,
        "trace.html.j2",
        start=eg.node(start),
        paths=[(p, [eg.node(n) for n in p.nodes], h) for p, h in zip(paths, hops, strict=True)],
        citations=citations,
        **context,
    )
