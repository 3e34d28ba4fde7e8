"""POST /match/{dataset}: yente's matching endpoint, answered from the embedded index."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Path, Query, Request

from dualtrace.api.models import EntityMatchQuery, EntityMatchResponse, ErrorResponse, scored_dict
from dualtrace.api.service import ApiService
from dualtrace.screen import Query as ScreenQuery
from dualtrace.screen import QueryError
from dualtrace.screen.features import feature_docs
from dualtrace.screen.query import MAX_QUERIES

router = APIRouter(tags=["Matching"])
ALL_DATASETS = frozenset({"default", "all", "sanctions"})
MAX_LIMIT = 500


def service_of(request: Request) -> ApiService:
    service: ApiService = request.app.state.service
    return service


def dataset_filter(service: ApiService, dataset: str) -> frozenset[str] | None:
    """None for every list; else the one dataset, which must exist in the workspace."""
    if dataset in ALL_DATASETS:
        return None
    if dataset not in service.datasets():
        raise HTTPException(404, f"no dataset {dataset!r} in the workspace")
    return frozenset({dataset})


@router.post(
    "/match/{dataset}",
    response_model=EntityMatchResponse,
    responses={400: {"model": ErrorResponse}, 413: {"model": ErrorResponse}},
    summary="Match entities against the watchlists",
)
def match(
    request: Request,
    body: EntityMatchQuery,
    dataset: Annotated[str, Path(description="'default' for every list, or one dataset")],
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = 5,
    threshold: Annotated[float | None, Query(ge=0.0, le=1.0)] = None,
    cutoff: Annotated[float, Query(ge=0.0, le=1.0)] = 0.5,
    algorithm: Annotated[str, Query(description="Accepted for compatibility")] = "best",
) -> dict[str, Any]:
    """Score each query (a FollowTheMoney-shaped example) against the listed entities.

    Each result carries a score, a match flag (score at or above the threshold) and the value of
    each feature, with a plain-language explanation of the name comparison."""
    service = service_of(request)
    if not body.queries:
        raise QueryError("no queries given: send {'queries': {'key': {...}}}", 400)
    if len(body.queries) > MAX_QUERIES:
        raise QueryError(
            f"{len(body.queries)} queries in one request; at most {MAX_QUERIES} are accepted "
            "(use `dualtrace screen file` for larger batches)",
            413,
        )
    datasets = dataset_filter(service, dataset)
    parsed = {}
    for key, example in body.queries.items():
        try:
            parsed[key] = ScreenQuery.from_example(example.schema_, example.properties)
        except QueryError as exc:
            raise QueryError(f"query {key!r}: {exc}", exc.status) from None
    screener = service.screener()
    responses = {}
    for key, query in parsed.items():
        results = screener.screen(
            query, limit=limit, threshold=threshold, cutoff=cutoff, datasets=datasets
        )
        responses[key] = {
            "status": 200,
            "results": [scored_dict(r) for r in results],
            "total": {"value": len(results), "relation": "eq"},
            "query": body.queries[key].model_dump(by_alias=True),
        }
    return {"responses": responses, "matcher": feature_docs(), "limit": limit}
