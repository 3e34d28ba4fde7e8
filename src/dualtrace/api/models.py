"""Request and response shapes. /match follows yente's documented shapes field for field, so a
client written for yente works unchanged; extra fields (explanation) are additions only."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from dualtrace.screen import MatchResult, WatchEntity

EntityProperties = dict[str, list[Any]]


class ErrorResponse(BaseModel):
    detail: str = Field(..., examples=["the query has no name and no identifier to screen"])


class TotalSpec(BaseModel):
    value: int
    relation: str = "eq"


class EntityExample(BaseModel):
    model_config = ConfigDict(populate_by_name=True)

    id: str | None = Field(None, examples=["my-entity-id"])
    schema_: str = Field(..., alias="schema", examples=["Company"])
    properties: dict[str, str | list[Any]] = Field(
        ..., examples=[{"name": ["SZ DJI Technology Co., Ltd."], "country": ["cn"]}]
    )


class EntityMatchQuery(BaseModel):
    weights: dict[str, float] = Field(default_factory=dict)
    """Accepted for compatibility; the weights are those of the declared features."""
    queries: dict[str, EntityExample]


class EntityResponse(BaseModel):
    model_config = ConfigDict(populate_by_name=True)

    id: str
    caption: str
    schema_: str = Field(..., alias="schema")
    properties: EntityProperties
    datasets: list[str] = Field(default_factory=list)
    referents: list[str] = Field(default_factory=list)
    target: bool = False
    first_seen: datetime | None = None
    last_seen: datetime | None = None
    last_change: datetime | None = None


class ScoredEntityResponse(EntityResponse):
    score: float
    features: dict[str, float]
    match: bool = False
    explanation: list[str] = Field(default_factory=list)


class EntityMatches(BaseModel):
    status: int = 200
    results: list[ScoredEntityResponse]
    total: TotalSpec
    query: EntityExample


class FeatureDoc(BaseModel):
    description: str
    coefficient: float
    url: str | None = None


class EntityMatchResponse(BaseModel):
    responses: dict[str, EntityMatches]
    matcher: dict[str, FeatureDoc]
    limit: int


class SearchResponse(BaseModel):
    limit: int
    offset: int = 0
    total: TotalSpec
    results: list[ScoredEntityResponse]
    facets: dict[str, Any] = Field(default_factory=dict)


class RelationResponse(BaseModel):
    id: str
    type: str
    direction: str
    """'outgoing' when this entity is the relation's source, else 'incoming'."""
    other_id: str
    other_caption: str | None = None
    start: str | None = None
    end: str | None = None
    props: dict[str, Any] = Field(default_factory=dict)
    record_id: str


class EntityDetailResponse(EntityResponse):
    relations: list[RelationResponse] = Field(default_factory=list)
    relations_total: int = 0


def entity_dict(entity: WatchEntity) -> dict[str, Any]:
    props: dict[str, list[Any]] = dict(entity.properties())
    if entity.programs:
        props["topics"] = ["sanction"]
        props["programId"] = list(entity.programs)
    return {
        "id": entity.id,
        "caption": entity.caption,
        "schema": entity.schema,
        "properties": props,
        "datasets": list(entity.datasets),
        "referents": [],
        "target": bool(entity.programs),
    }


def scored_dict(result: MatchResult) -> dict[str, Any]:
    out = entity_dict(result.entity)
    out["score"] = result.score
    out["features"] = result.features
    out["match"] = result.match
    out["explanation"] = result.explanation
    return out
