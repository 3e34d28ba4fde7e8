"""The entities a screen runs against, read from the workspace's current statements.

A watchlist is every entity with an outgoing `sanctioned` relation in the current version of its
list, plus whole datasets or single entities the user names (a client's own deny list, a
supplier the investigation flagged). Only the properties screening compares or shows are read.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from followthemoney import model as ftm_model

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


def specific_schema(schemata: Iterable[str]) -> str:
    """The most specific of the schemata an entity's statements use (alias rows say 'Thing')."""
    best = "Thing"
    for name in schemata:
        if name == best:
            continue
        try:
            best = ftm_model.common_schema(best, name).name
        except Exception:  # incompatible schemata (a source error): keep the first specific one
            continue
    return best


def load_watchlist(
    ws: Workspace,
    *,
    datasets: Sequence[str] = (),
    entity_ids: Sequence[str] = (),
) -> list[WatchEntity]:
    """Every sanctioned entity of the current lists, plus the named datasets and entities."""
    ws.db.execute("CREATE OR REPLACE TEMP TABLE _screen_extra_ds (dataset VARCHAR)")
    ws.db.execute("CREATE OR REPLACE TEMP TABLE _screen_extra_ids (entity_id VARCHAR)")
    if datasets:
        ws.db.executemany("INSERT INTO _screen_extra_ds VALUES (?)", [[d] for d in datasets])
    if entity_ids:
        ws.db.executemany("INSERT INTO _screen_extra_ids VALUES (?)", [[e] for e in entity_ids])
    props = ", ".join(f"'{p}'" for p in SHOWN_PROPS)
    table = ws.db.execute(
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
        )
        SELECT s.entity_id, list(s.schema), list(s.prop), list(s.value),
               list(DISTINCT i.dataset), any_value(programs.p)
        FROM current_statements s
        JOIN targets USING (entity_id)
        JOIN current_ingests i USING (ingest_id)
        LEFT JOIN programs USING (entity_id)
        WHERE s.prop IN ({props}) OR s.prop IN ('firstName', 'lastName')
        GROUP BY s.entity_id
        ORDER BY s.entity_id
        """
    ).fetchall()
    return [_entity(*row) for row in table]


def _entity(
    entity_id: str,
    schemata: list[str],
    props: list[str],
    values: list[str],
    datasets: list[str],
    programs: list[str] | None,
) -> WatchEntity:
    shown: dict[str, list[str]] = {}
    for prop, value in zip(props, values, strict=True):
        bucket = shown.setdefault(prop, [])
        if value not in bucket:
            bucket.append(value)
    names = [*shown.get("name", [])]
    if not names and ("firstName" in shown or "lastName" in shown):
        names.append(" ".join(shown.get("firstName", [])[:1] + shown.get("lastName", [])[:1]))
    for prop in NAME_PROPS[1:]:
        names.extend(v for v in shown.get(prop, []) if v not in names)
    identifiers = []
    for prop in ID_PROPS:
        for value in shown.get(prop, []):
            cleaned = clean_identifier(prop, value)
            if cleaned:
                identifiers.append((prop, cleaned))
    countries = frozenset(v.lower() for p in COUNTRY_PROPS for v in shown.get(p, []))
    shown.pop("firstName", None)
    shown.pop("lastName", None)
    return WatchEntity(
        id=entity_id,
        schema=specific_schema(set(schemata)),
        caption=names[0] if names else entity_id,
        names=tuple(names),
        countries=countries,
        birth_dates=tuple(shown.get("birthDate", [])),
        identifiers=tuple(identifiers),
        addresses=tuple(shown.get("address", [])),
        datasets=tuple(sorted(datasets)),
        programs=tuple(sorted(programs or ())),
        properties_json=json.dumps(shown, ensure_ascii=False),
    )
