"""Access to the declared entity schemata and relation types (entities.yaml, relations.yaml).

The declarations are data, loaded once on first use rather than at import, and checked against
the real followthemoney model so that a property name that FtM does not know is caught early.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import yaml
from followthemoney import model as ftm_model

from dualtrace.errors import ModelError


@dataclass(frozen=True, slots=True)
class RelationType:
    name: str
    label: str
    ftm_schema: str
    ftm_source: str
    ftm_target: str
    properties: frozenset[str]
    goods: str
    """Which way goods move along the edge: 'forward', 'backward' or 'none'."""


@dataclass(frozen=True, slots=True)
class EntitySchema:
    name: str
    ftm_schema: str
    extra_properties: frozenset[str]

    def has_property(self, prop: str) -> bool:
        if prop in self.extra_properties:
            return True
        schema = ftm_model.get(self.ftm_schema)
        return schema is not None and prop in schema.properties

    def is_a(self, other: str) -> bool:
        """True if this schema is `other` or extends it (Company is a LegalEntity)."""
        if self.name == other:
            return True
        schema = ftm_model.get(self.ftm_schema)
        return schema is not None and schema.is_a(other)


def _load_yaml(name: str) -> Any:
    text = resources.files("dualtrace.model").joinpath(name).read_text(encoding="utf-8")
    return yaml.safe_load(text)


@cache
def relation_types() -> dict[str, RelationType]:
    out: dict[str, RelationType] = {}
    for name, spec in _load_yaml("relations.yaml").items():
        ftm = spec["ftm"]
        out[name] = RelationType(
            name=name,
            label=spec["label"],
            ftm_schema=ftm["schema"],
            ftm_source=ftm["source"],
            ftm_target=ftm["target"],
            properties=frozenset(spec.get("properties", [])),
            goods=spec.get("goods", "none"),
        )
    return out


@cache
def entity_schemata() -> dict[str, EntitySchema]:
    spec = _load_yaml("entities.yaml")
    out: dict[str, EntitySchema] = {}
    for name in spec["schemata"]:
        if ftm_model.get(name) is None:
            raise ModelError(f"entities.yaml: {name} is not a FollowTheMoney schema")
        out[name] = EntitySchema(name, name, frozenset())
    for name, ext in spec.get("extensions", {}).items():
        out[name] = EntitySchema(name, ext["ftm"], frozenset(ext.get("properties", [])))
    return out


def relation_type(name: str) -> RelationType:
    try:
        return relation_types()[name]
    except KeyError:
        known = ", ".join(sorted(relation_types()))
        raise ModelError(f"unknown relation type {name!r} (known: {known})") from None


def entity_schema(name: str) -> EntitySchema:
    try:
        return entity_schemata()[name]
    except KeyError:
        known = ", ".join(sorted(entity_schemata()))
        raise ModelError(f"unknown entity schema {name!r} (known: {known})") from None


def most_specific_schema(schemas: Iterable[str]) -> str:
    """The most specific of the schemata an entity's statements use: Company over
    LegalEntity over Thing (alias and address rows often say only 'Thing'); a declared
    extension such as Product wins outright. Incompatible schemata in one entity (a source
    error) keep the first in sorted order, so the answer is stable."""
    names = sorted(set(schemas))
    declared = entity_schemata()
    extensions = [s for s in names if s in declared and declared[s].ftm_schema != s]
    if extensions:
        return extensions[0]
    best: str | None = None
    for name in names:
        if best is None:
            best = name
            continue
        try:
            best = ftm_model.common_schema(best, name).name
        except Exception:  # followthemoney raises its own error type for incompatible pairs
            continue
    return best or "Thing"
