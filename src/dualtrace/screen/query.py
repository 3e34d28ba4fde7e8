"""A screening query: a FollowTheMoney-shaped example entity, checked and cleaned once.

Queries come from HTTP clients and from spreadsheets, so everything is bounded: a query with no
name and no identifier, a schema FollowTheMoney does not know, or values past the limits below is
refused with a message saying which limit, rather than slowing every other query down.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Final

from followthemoney import model as ftm_model

from dualtrace.errors import DualtraceError
from dualtrace.normalize.countries import country_code
from dualtrace.normalize.dates import parse_date
from dualtrace.normalize.identifiers import clean_identifier
from dualtrace.screen.watchlist import COUNTRY_PROPS, ID_PROPS

MAX_VALUE_CHARS: Final = 500
"""Longest accepted property value (a name, an address)."""
MAX_VALUES_PER_PROPERTY: Final = 20
MAX_QUERIES: Final = 500
"""Most queries in one /match request; batch files have no such limit."""
GENERIC_ID_PROPS: Final = frozenset({"idNumber", "registrationNumber", "taxNumber"})


class QueryError(DualtraceError):
    """A query that cannot be screened: empty, too large or malformed (HTTP 4xx)."""

    def __init__(self, message: str, status: int = 422) -> None:
        super().__init__(message)
        self.status = status


@lru_cache(maxsize=10_000)
def clean_country(value: str) -> str | None:
    """ISO code (lower-case) of a country name or code; unknown text compared as given."""
    text = value.strip()
    if not text:
        return None
    return country_code(text) or text.lower()


@dataclass(frozen=True, slots=True)
class Query:
    schema: str
    names: tuple[str, ...]
    countries: frozenset[str] = frozenset()
    birth_dates: tuple[str, ...] = ()
    identifiers: tuple[tuple[str, str], ...] = ()
    """(property, cleaned value): valid identifiers, or compacted free identifiers."""
    addresses: tuple[str, ...] = ()
    properties: Mapping[str, list[str]] = field(default_factory=dict)

    @classmethod
    def from_example(cls, schema: str, properties: Mapping[str, Any]) -> Query:
        """Check and clean a FollowTheMoney-shaped example (`{"name": ["..."], ...}`)."""
        ftm_schema = ftm_model.get(schema)
        if ftm_schema is None:
            raise QueryError(f"unknown schema {schema!r}; use a FollowTheMoney schema", 400)
        if not isinstance(properties, Mapping):
            raise QueryError("properties must be an object of property -> list of values", 400)
        values: dict[str, list[str]] = {}
        for prop, raw in properties.items():
            items = raw if isinstance(raw, list) else [raw]
            if len(items) > MAX_VALUES_PER_PROPERTY:
                raise QueryError(
                    f"property {prop!r} has {len(items)} values; at most "
                    f"{MAX_VALUES_PER_PROPERTY} are accepted",
                    413,
                )
            kept = []
            for item in items:
                if item is None:
                    continue
                if not isinstance(item, str | int | float):
                    raise QueryError(f"property {prop!r}: values must be strings", 400)
                text = str(item).strip()
                if len(text) > MAX_VALUE_CHARS:
                    raise QueryError(
                        f"property {prop!r}: a value of {len(text)} characters is longer than "
                        f"the limit of {MAX_VALUE_CHARS}",
                        413,
                    )
                if text:
                    kept.append(text)
            if kept:
                values[prop] = kept
        names = [*values.get("name", []), *values.get("alias", [])]
        if not names and ("firstName" in values or "lastName" in values):
            names.append(" ".join(values.get("firstName", []) + values.get("lastName", [])))
        identifiers: list[tuple[str, str]] = []
        for prop in (*ID_PROPS, "idNumber"):
            for value in values.get(prop, []):
                cleaned = clean_identifier(prop, value)
                if cleaned:
                    identifiers.append((prop, cleaned))
        if not names and not identifiers:
            raise QueryError("the query has no name and no identifier to screen", 400)
        countries = frozenset(
            c for p in COUNTRY_PROPS for v in values.get(p, []) if (c := clean_country(v))
        )
        dates = tuple(d for v in values.get("birthDate", []) if (d := parse_date(v)))
        return cls(
            schema=ftm_schema.name,
            names=tuple(dict.fromkeys(names)),
            countries=countries,
            birth_dates=dates,
            identifiers=tuple(dict.fromkeys(identifiers)),
            addresses=tuple(values.get("address", [])),
            properties=values,
        )

    @classmethod
    def from_name(cls, name: str, schema: str = "LegalEntity") -> Query:
        return cls.from_example(schema, {"name": [name]})
