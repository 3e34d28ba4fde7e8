"""The W3C Entity Reconciliation API over the watchlists, so OpenRefine can screen a column.

GET /reconcile answers the service manifest; queries arrive as OpenRefine sends them (a
form-encoded or query-string `queries` JSON map, protocol 0.2) or as the newer draft's JSON body
(`{"queries": [...]}` with `conditions`, answered as `{"results": [{"candidates": [...]}]}`).
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import parse_qs

from fastapi import APIRouter, Request

from dualtrace.api.match import service_of
from dualtrace.screen import Query, QueryError, Screener
from dualtrace.screen.query import MAX_QUERIES

router = APIRouter(tags=["Reconciliation"])
DEFAULT_TYPES = ("LegalEntity", "Person", "Company", "Organization", "Vessel")
MAX_RECONCILE_LIMIT = 50


def manifest(base_url: str) -> dict[str, Any]:
    return {
        "versions": ["0.2"],
        "name": "dualtrace watchlist screening",
        "identifierSpace": f"{base_url}entities/",
        "schemaSpace": "https://followthemoney.tech/explorer/schemata/",
        "defaultTypes": [{"id": t, "name": t} for t in DEFAULT_TYPES],
        "view": {"url": f"{base_url}entities/{{{{id}}}}"},
    }


def _properties(raw: Any, key: str, value_key: str) -> dict[str, list[str]]:
    props: dict[str, list[str]] = {}
    for item in raw or []:
        if not isinstance(item, dict) or key not in item:
            raise QueryError(f"each property needs {key!r} and {value_key!r}", 400)
        values = item.get(value_key)
        for v in values if isinstance(values, list) else [values]:
            if isinstance(v, dict):
                v = v.get("id") or v.get("name")
            if v is not None:
                props.setdefault(str(item[key]), []).append(str(v))
    return props


def _answer(screener: Screener, spec: Any, *, draft: bool) -> list[dict[str, Any]]:
    if not isinstance(spec, dict) or not str(spec.get("query") or "").strip():
        raise QueryError("each reconciliation query needs a non-empty 'query' string", 400)
    kind = spec.get("type") or "LegalEntity"
    if isinstance(kind, list):
        kind = kind[0] if kind else "LegalEntity"
    limit = spec.get("limit", 5)
    if not isinstance(limit, int) or not 1 <= limit <= MAX_RECONCILE_LIMIT:
        raise QueryError(f"limit must be an integer from 1 to {MAX_RECONCILE_LIMIT}", 400)
    if draft:
        props = _properties(spec.get("conditions"), "propertyId", "propertyValue")
    else:
        props = _properties(spec.get("properties"), "pid", "v")
    props.setdefault("name", []).insert(0, str(spec["query"]))
    query = Query.from_example(str(kind), props)
    out = []
    for r in screener.screen(query, limit=limit, cutoff=0.3):
        out.append(
            {
                "id": r.entity.id,
                "name": r.entity.caption,
                "type": [{"id": r.entity.schema, "name": r.entity.schema}],
                "score": round(r.score * 100, 2),
                "match": r.match,
                "description": "; ".join(r.explanation[:1]),
                "features": [{"id": k, "value": v} for k, v in r.features.items()],
            }
        )
    return out


def _decode(text: str) -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise QueryError(f"queries is not valid JSON: {exc.msg} at char {exc.pos}", 400) from None


@router.get("/reconcile", summary="Reconciliation service manifest, or GET queries")
def reconcile_get(request: Request, queries: str | None = None) -> Any:
    if queries is None:
        return manifest(str(request.base_url))
    return _reconcile(request, _decode(queries))


@router.post("/reconcile", summary="Reconcile names against the watchlists")
async def reconcile_post(request: Request) -> Any:
    body = (await request.body()).decode("utf-8", errors="replace")
    kind = request.headers.get("content-type", "")
    if "json" in kind:
        payload = _decode(body)
        if not isinstance(payload, dict) or "queries" not in payload:
            raise QueryError("send {'queries': [...]} or form-encoded queries=...", 400)
        return _reconcile(request, payload["queries"])
    form = parse_qs(body)
    if "queries" not in form:
        raise QueryError("no 'queries' field in the form", 400)
    return _reconcile(request, _decode(form["queries"][0]))


def _reconcile(request: Request, queries: Any) -> Any:
    if not queries:
        raise QueryError("no queries given", 400)
    if len(queries) > MAX_QUERIES:
        raise QueryError(f"{len(queries)} queries; at most {MAX_QUERIES} per request", 413)
    screener = service_of(request).screener()
    if isinstance(queries, list):
        return {"results": [{"candidates": _answer(screener, q, draft=True)} for q in queries]}
    if isinstance(queries, dict):
        return {key: {"result": _answer(screener, q, draft=False)} for key, q in queries.items()}
    raise QueryError("queries must be a JSON object (protocol 0.2) or a list (draft)", 400)
