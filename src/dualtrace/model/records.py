"""The units every stage exchanges: records, statements, relations and rejects.

A parser turns one source file into these; the store keeps them; every later stage reads them.
Keeping raw values on the record (never cleaned away) is what lets a dossier cite the exact words
of a source.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

RawValue = str | int | float | bool | None | list[Any] | dict[str, Any]


def content_hash(raw: Mapping[str, Any]) -> str:
    """A stable digest of a record's raw values, used to tell changed records from unchanged."""
    text = json.dumps(raw, ensure_ascii=False, sort_keys=True, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def relation_props(stored: str | Mapping[str, Any] | None) -> dict[str, Any]:
    """A relation's properties as stored (JSON text or a mapping), without empty ones: a
    `shipped` relation read from its shipments row names every property, given or not."""
    props = json.loads(stored) if isinstance(stored, str) else dict(stored or {})
    return {key: value for key, value in props.items() if value is not None}


@dataclass(frozen=True, slots=True)
class Record:
    """One row or document of a source, as given.

    `locator` says where in the file it sits ("line 12", "sdnEntry[3]", "message 42"), so that a
    reader can open the original file under the workspace's raw/ folder and find it.
    """

    record_id: str
    source: str
    locator: str
    raw: Mapping[str, Any]

    @property
    def content_hash(self) -> str:
        return content_hash(self.raw)


@dataclass(frozen=True, slots=True)
class Statement:
    """One value of one property of one entity, with the record it came from.

    `schema` and `prop` are FollowTheMoney names (or a declared extension); `value` is the
    cleaned value used for matching, `original` the text exactly as the source gave it when the
    two differ; `lang` is an ISO 639-3 code when the source says which language a name is in.
    """

    entity_id: str
    schema: str
    prop: str
    value: str
    record_id: str
    original: str | None = None
    lang: str | None = None


@dataclass(frozen=True, slots=True)
class Relation:
    """A typed, dated edge between two entities, proven by one record.

    `type` is a key of relations.yaml; `start` and `end` are ISO dates or date prefixes
    ("2023", "2023-06"); `props` holds the relation type's declared properties.
    """

    relation_id: str
    type: str
    source_id: str
    target_id: str
    record_id: str
    start: str | None = None
    end: str | None = None
    props: Mapping[str, RawValue] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Reject:
    """A row or message that could not be ingested, kept with the reason so counts reconcile."""

    locator: str
    reason: str
    raw: str
    field: str | None = None


@dataclass(slots=True)
class Batch:
    """What a parser yields: a slice of one source file, stored in the file's transaction."""

    records: list[Record] = field(default_factory=list)
    statements: list[Statement] = field(default_factory=list)
    relations: list[Relation] = field(default_factory=list)
    rejects: list[Reject] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.records) + len(self.rejects)

    def extend(self, other: Batch) -> None:
        self.records.extend(other.records)
        self.statements.extend(other.statements)
        self.relations.extend(other.relations)
        self.rejects.extend(other.rejects)
