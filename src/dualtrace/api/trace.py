"""GET /trace/{entity}/downstream, /upstream and /sanctioned: the paths the CLI's `trace`
prints, with every link's relation and record, from the same trace functions.

The graph is loaded once and kept while the workspace's resolved state is unchanged (checked
at most every `REFRESH_SECONDS`), so a query costs the search, not a load.
"""

from __future__ import annotations

import threading
import time
from dataclasses import replace
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi import Query as Param
from pydantic import BaseModel

from dualtrace.api.match import service_of
from dualtrace.api.models import ErrorResponse
from dualtrace.graph import Edge, EvidenceGraph, build_graph
from dualtrace.graph.store import workspace_state
from dualtrace.resolve.lookup import canonical_id
from dualtrace.risk import end_users_of_concern, load_rules, stored_flags
from dualtrace.trace import Path, TraceFilter, closest_sanctioned, downstream, upstream

router = APIRouter(prefix="/trace", tags=["Trace"])
REFRESH_SECONDS = 10.0


class LinkModel(BaseModel):
    relation_id: str
    type: str
    source_id: str
    target_id: str
    record_id: str
    start: str | None
    end: str | None
    props: dict[str, Any]


class PathModel(BaseModel):
    nodes: list[str]
    captions: list[str]
    hops: int
    links: list[LinkModel]


class TraceResponse(BaseModel):
    entity_id: str
    direction: str
    total: int
    paths: list[PathModel]


class _GraphCache:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.graph: EvidenceGraph | None = None
        self.state: dict[str, object] | None = None
        self.checked = 0.0


def graph_for(request: Request, entity_id: str) -> tuple[EvidenceGraph, str]:
    """The app's cached graph and the resolved id of `entity_id` in it (HTTP 404 if absent).
    The web pages trace through this too, so both share one loaded graph."""
    service = service_of(request)
    cache: _GraphCache = getattr(request.app.state, "trace_graph", None) or _GraphCache()
    request.app.state.trace_graph = cache
    with cache.lock, service.workspace() as ws:
        now = time.monotonic()
        if cache.graph is None or now - cache.checked > REFRESH_SECONDS:
            state = workspace_state(ws)
            if cache.graph is None or state != cache.state:
                cache.graph, cache.state = build_graph(ws), state
            cache.checked = now
        start = canonical_id(ws, entity_id)
    assert cache.graph is not None
    if not cache.graph.has(start):
        raise HTTPException(404, f"unknown entity {entity_id!r} (resolve the workspace first?)")
    return cache.graph, start


def trace_paths(
    request: Request,
    entity_id: str,
    direction: str,
    flt: TraceFilter,
    to_end_users: bool = False,
) -> tuple[EvidenceGraph, str, list[Path]]:
    """Goods paths downstream or upstream, or the closest sanctioned party, from an entity:
    what every trace endpoint and page answers with. The closest sanctioned party is searched
    in any direction, so of the filter only the hop limit and the as-of date apply."""
    eg, start = graph_for(request, entity_id)
    if direction == "sanctioned":
        nearest = TraceFilter(max_hops=flt.max_hops, as_of=flt.as_of)
        found = closest_sanctioned(eg, start, nearest)
        return eg, start, [found] if found else []
    if direction == "upstream":
        return eg, start, upstream(eg, start, flt)
    if direction != "downstream":
        raise HTTPException(
            400, f"direction must be downstream, upstream or sanctioned, not {direction!r}"
        )
    if not to_end_users:
        return eg, start, downstream(eg, start, flt)
    with service_of(request).workspace() as ws:
        ends = end_users_of_concern(stored_flags(ws), load_rules())
    return eg, start, downstream(eg, start, flt, is_end=ends.__contains__)


def _given(values: list[str] | None) -> tuple[str, ...]:
    """The values of a repeatable parameter, which may also be given comma-separated (as one
    field of an HTML form sends them), less blank ones (an empty field means no filter)."""
    return tuple(p.strip() for v in values or () for p in v.split(",") if p.strip())


def _filter(
    max_hops: int,
    since: str | None,
    until: str | None,
    hs: list[str] | None,
    chpl_tier: list[str] | None,
    via: list[str] | None,
    relation_type: list[str] | None,
    as_of: str | None,
) -> TraceFilter:
    tiers = _given(chpl_tier)
    prefixes = _given(hs) + (load_rules().chpl_codes(tiers) if tiers else ())
    types = _given(relation_type)
    return TraceFilter(
        relation_types=frozenset(types) if types else None,
        since=(since or "").strip() or None,
        until=(until or "").strip() or None,
        hs_prefixes=prefixes,
        through_countries=tuple(v.lower() for v in _given(via)),
        max_hops=max_hops,
        as_of=(as_of or "").strip() or None,
    )


def _link(edge: Edge) -> LinkModel:
    return LinkModel(
        relation_id=edge.relation_id,
        type=edge.type,
        source_id=edge.source_id,
        target_id=edge.target_id,
        record_id=edge.record_id,
        start=edge.start,
        end=edge.end,
        props=edge.props,
    )


def _response(eg: EvidenceGraph, start: str, paths: list[Path], direction: str) -> TraceResponse:
    return TraceResponse(
        entity_id=start,
        direction=direction,
        total=len(paths),
        paths=[
            PathModel(
                nodes=list(p.nodes),
                captions=[eg.node(n).caption for n in p.nodes],
                hops=p.hops,
                links=[_link(e) for e in p.edges],
            )
            for p in paths
        ],
    )


Hops = Annotated[int, Param(ge=1, le=10, description="Longest path, in links")]
Since = Annotated[str | None, Param(description="Only relations on or after (ISO date)")]
Until = Annotated[str | None, Param(description="Only relations up to (ISO date)")]
Hs = Annotated[list[str] | None, Param(description="HS code prefix (repeatable)")]
Tier = Annotated[list[str] | None, Param(description="CHPL tier: 1, 2, 3.A ... (repeatable)")]
Via = Annotated[list[str] | None, Param(description="Country passed through (ISO, repeatable)")]
Types = Annotated[list[str] | None, Param(description="Relation type allowed (repeatable)")]
AsOf = Annotated[str | None, Param(description="Sanctions and ownership in force on (ISO)")]
Limit = Annotated[int, Param(ge=1, le=1000)]
ERRORS: dict[int | str, dict[str, Any]] = {
    400: {"model": ErrorResponse},
    404: {"model": ErrorResponse},
}


def goods_filter(
    max_hops: Hops = 4,
    since: Since = None,
    until: Until = None,
    hs: Hs = None,
    chpl_tier: Tier = None,
    via: Via = None,
    relation_type: Types = None,
    as_of: AsOf = None,
    limit: Limit = 200,
) -> TraceFilter:
    """The query parameters both goods-path endpoints take, as one filter."""
    flt = _filter(max_hops, since, until, hs, chpl_tier, via, relation_type, as_of)
    return replace(flt, max_paths=limit)


GoodsFilter = Annotated[TraceFilter, Depends(goods_filter)]


EndUsers = Annotated[
    bool,
    Param(
        description="End paths only at end users of concern: parties with a flag the risk "
        "rules' end_user_flags name (listed, owned by listed parties, military activity code, "
        "own posts of military use, meeting the maker while buying through a hub)"
    ),
]


@router.get("/{entity_id}/downstream", response_model=TraceResponse, responses=ERRORS)
def trace_downstream(
    request: Request, entity_id: str, flt: GoodsFilter, to_end_users: EndUsers = False
) -> TraceResponse:
    """Paths along which goods moved from a maker or brand towards its end users."""
    return _response(
        *trace_paths(request, entity_id, "downstream", flt, to_end_users), "downstream"
    )


@router.get("/{entity_id}/upstream", response_model=TraceResponse, responses=ERRORS)
def trace_upstream(request: Request, entity_id: str, flt: GoodsFilter) -> TraceResponse:
    """Paths along which goods came to an entity, back to its suppliers and makers."""
    return _response(*trace_paths(request, entity_id, "upstream", flt), "upstream")


@router.get("/{entity_id}/sanctioned", response_model=TraceResponse, responses=ERRORS)
def trace_sanctioned(
    request: Request,
    entity_id: str,
    max_hops: Annotated[int, Param(ge=0, le=10)] = 6,
    as_of: AsOf = None,
) -> TraceResponse:
    """The closest sanctioned party, in any direction, with the hop count and each link."""
    flt = TraceFilter(max_hops=max_hops, as_of=as_of)
    return _response(*trace_paths(request, entity_id, "sanctioned", flt), "sanctioned")
