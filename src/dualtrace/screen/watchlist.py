"""The entities a screen runs against, read from the workspace's current statements.

A watchlist is every entity with an outgoing `sanctioned` relation in the current version of its
list, plus whole datasets or single entities the user names (a client's own deny list, a
supplier the investigation flagged). Only the properties screening compares or shows are read.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from dualtrace.model import most_specific_schema
from dualtrace.normalize.identifiers import clean_identifier
from dualtrace.store import Workspace

NAME_PROPS = ("name", "alias", "previousName", "weakAlias", "abbreviation")
COUNTRY_PROPS = ("country", "nationality", "citizenship", "jurisdiction", "flag", "mainCountry")
DATE_PROPS = ("birthDate", "incorporationDate")
ID_PROPS = (
    "innCode",
    "ogrnCode",
    "uscCode",
    "imoNumber",
    "leiCode",
    "registrationNumber",
    "taxNumber",
    "swiftBic",
    "passportNumber",
    "idNumber",
    "kppCode",
    "okpoCode",
    "vatCode",
    "dunsCode",
)
SHOWN_PROPS = (*NAME_PROPS, *COUNTRY_PROPS, *DATE_PROPS, *ID_PROPS, "address", "birthPlace")


@dataclass(slots=True)
class WatchEntity:
    """One screened-against entity, kept compact: a million of these must fit in memory."""

    id: str
    schema: str
    caption: str
    names: tuple[str, ...]
    countries: frozenset[str]
    birth_dates: tuple[str, ...]
    identifiers: tuple[tuple[str, str], ...]
    """(property, cleaned value) pairs; only valid identifiers are kept."""
    addresses: tuple[str, ...]
    datasets: tuple[str, ...]
    programs: tuple[str, ...]
    properties_json: str
    """Every shown property, as JSON: decoded only when the entity is in a response."""

    def properties(self) -> dict[str, list[str]]:
        props: dict[str, list[str]] = json.loads(self.properties_json)
        return props


def load_watchlist(
    ws: Workspace,
    *,
    datasets: Sequence[str] = (),
    entity_ids: Sequence[str] = (),
) -> list[WatchEntity]:
    """Every sanctioned entity of the current lists, plus the named datasets and entities.

    DuckDB does the grouping and writes each entity's shown properties as JSON; Python only
    assembles the few fields the matcher compares (a million entities load in seconds)."""
    ws.db.execute("CREATE OR REPLACE TEMP TABLE _screen_extra_ds (dataset VARCHAR)")
    ws.db.execute("CREATE OR REPLACE TEMP TABLE _screen_extra_ids (entity_id VARCHAR)")
    if datasets:
        ws.db.executemany("INSERT INTO _screen_extra_ds VALUES (?)", [[d] for d in datasets])
    if entity_ids:
        ws.db.executemany("INSERT INTO _screen_extra_ids VALUES (?)", [[e] for e in entity_ids])
    shown = ", ".join(f"'{p}'" for p in SHOWN_PROPS)
    name_props = ", ".join(f"'{p}'" for p in NAME_PROPS[1:])
    country_props = ", ".join(f"'{p}'" for p in COUNTRY_PROPS)
    id_props = ", ".join(f"'{p}'" for p in ID_PROPS)
    rows = ws.db.execute(
        f"""
        WITH targets AS (
            SELECT DISTINCT source_id AS entity_id FROM current_relations
            WHERE type = 'sanctioned'
            UNION
            SELECT DISTINCT s.entity_id FROM current_statements s
            JOIN current_ingests i USING (ingest_id)
            WHERE i.dataset IN (SELECT dataset FROM _screen_extra_ds)
            UNION
            SELECT entity_id FROM _screen_extra_ids
        ),
        programs AS (
            SELECT source_id AS entity_id,
                   list(DISTINCT props->>'program') FILTER (props->>'program' IS NOT NULL) AS p
            FROM current_relations WHERE type = 'sanctioned' GROUP BY source_id
        ),
        per_prop AS (
            SELECT s.entity_id, s.prop, list(DISTINCT s.schema) AS schemata,
                   list(s.value) AS vals, list(DISTINCT i.dataset) AS ds
            FROM current_statements s
            JOIN targets USING (entity_id)
            JOIN current_ingests i USING (ingest_id)
            WHERE s.prop IN ({shown}, 'firstName', 'lastName')
            GROUP BY s.entity_id, s.prop
        )
        SELECT entity_id,
               list_distinct(flatten(list(schemata))),
               flatten(list(vals) FILTER (WHERE prop = 'name')),
               flatten(list(vals) FILTER (WHERE prop IN ({name_props}))),
               flatten(list(vals) FILTER (WHERE prop = 'firstName')),
               flatten(list(vals) FILTER (WHERE prop = 'lastName')),
               flatten(list(vals) FILTER (WHERE prop IN ({country_props}))),
               flatten(list(vals) FILTER (WHERE prop = 'birthDate')),
               list({{'p': prop, 'v': vals}}) FILTER (WHERE prop IN ({id_props})),
               flatten(list(vals) FILTER (WHERE prop = 'address')),
               list_distinct(flatten(list(ds))),
               any_value(programs.p),
               to_json(map_from_entries(
                   list({{'k': prop, 'v': list_distinct(vals)}})
                   FILTER (WHERE prop NOT IN ('firstName', 'lastName'))
               ))
        FROM per_prop LEFT JOIN programs USING (entity_id)
        GROUP BY entity_id
        """
    ).fetchall()
    rows.sort(key=lambda row: str(row[0]))  # a stable order, sorted here: cheaper than in SQL
    return [_entity(*row) for row in rows]


@lru_cache(maxsize=1024)
def _schema_of(schemata: tuple[str, ...]) -> str:
    return most_specific_schema(schemata)


def _entity(
    entity_id: str,
    schemata: list[str],
    primary: list[str] | None,
    other_names: list[str] | None,
    first: list[str] | None,
    last: list[str] | None,
    countries: list[str] | None,
    birth_dates: list[str] | None,
    ids: list[dict[str, Any]] | None,
    addresses: list[str] | None,
    datasets: list[str],
    programs: list[str] | None,
    properties_json: str | None,
) -> WatchEntity:
    """One row of `load_watchlist` (a property with no values comes as NULL)."""
    names = list(dict.fromkeys(primary or ()))
    if not names and (first or last):
        names.append(" ".join((first or [])[:1] + (last or [])[:1]))
    names.extend(n for n in sorted(set(other_names or ())) if n not in names)
    identifiers = []
    for item in ids or ():
        prop = item["p"]
        for value in dict.fromkeys(item["v"]):
            cleaned = clean_identifier(prop, value)
            if cleaned:
                identifiers.append((prop, cleaned))
    identifiers.sort(key=lambda pv: ID_PROPS.index(pv[0]))
    return WatchEntity(
        id=entity_id,
        schema=_schema_of(tuple(sorted(schemata))),
        caption=names[0] if names else entity_id,
        names=tuple(names),
        countries=frozenset(v.lower() for v in countries or ()),
        birth_dates=tuple(dict.fromkeys(birth_dates or ())),
        identifiers=tuple(identifiers),
        addresses=tuple(dict.fromkeys(addresses or ())),
        datasets=tuple(sorted(datasets)),
        programs=tuple(sorted(programs or ())),
        properties_json=properties_json or "{}",
    )
