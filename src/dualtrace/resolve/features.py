"""The facts resolution compares, read from the workspace's current statements."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from dualtrace.model import most_specific_schema
from dualtrace.normalize.countries import country_code
from dualtrace.normalize.identifiers import clean_identifier
from dualtrace.normalize.names import name_key
from dualtrace.store import Workspace

NAME_PROPS = ("name", "alias", "previousName")
# Identifiers with a check digit and one holder: equal valid values decide a match, different
# valid values forbid one. Registration or tax numbers without a checksum never decide.
DECISIVE_PROPS = ("innCode", "ogrnCode", "leiCode", "uscCode", "imoNumber")


@dataclass(slots=True)
class EntityFeatures:
    entity_id: str
    schema: str
    dataset: str
    listing: bool
    """True for entries of a list whose authority keeps them apart (a 'replace' dataset)."""
    names: set[str] = field(default_factory=set)
    primary_names: set[str] = field(default_factory=set)
    """Values of `name` itself, preferred over aliases for captions."""
    name_keys: set[str] = field(default_factory=set)
    identifiers: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    countries: set[str] = field(default_factory=set)
    birth_dates: set[str] = field(default_factory=set)


def load_features(ws: Workspace) -> dict[str, EntityFeatures]:
    rows = ws.db.execute(
        """
        SELECT s.entity_id, list(DISTINCT s.schema), any_value(i.dataset),
               bool_or(i.mode = 'replace'), list(s.prop), list(s.value)
        FROM current_statements s JOIN ingests i USING (ingest_id)
        GROUP BY s.entity_id
        """
    ).fetchall()
    out: dict[str, EntityFeatures] = {}
    # One company is written alike by many sources: each distinct value is normalised once
    # (the shared caches of name_key and clean_identifier are smaller than a million names).
    keys: dict[str, str] = {}
    cleaned_ids: dict[tuple[str, str], str | None] = {}
    for entity_id, schemas, dataset, listing, props, values in rows:
        feat = EntityFeatures(entity_id, most_specific_schema(schemas), dataset, bool(listing))
        for prop, value in zip(props, values, strict=True):
            if prop in NAME_PROPS:
                feat.names.add(value)
                if prop == "name":
                    feat.primary_names.add(value)
                key = keys.get(value)
                if key is None:
                    key = keys[value] = name_key(value)
                if len(key) >= 4:
                    feat.name_keys.add(key)
            elif prop in DECISIVE_PROPS:
                if (prop, value) in cleaned_ids:
                    cleaned = cleaned_ids[(prop, value)]
                else:
                    cleaned = cleaned_ids[(prop, value)] = clean_identifier(prop, value)
                if cleaned:
                    feat.identifiers[prop].add(cleaned)
            elif prop in ("country", "jurisdiction"):
                feat.countries.add(country_code(value) or value.lower())
            elif prop == "birthDate":
                feat.birth_dates.add(value)
        out[entity_id] = feat
    return out
