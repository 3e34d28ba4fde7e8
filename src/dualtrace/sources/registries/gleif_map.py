"""Mapping GLEIF LEI records and relationship records to the model.

The API JSON and the golden-copy XML carry the same facts; the XML reader reshapes each of its
records into the API's `attributes` layout first, so that this one mapping serves both.
Relationship records give level-2 data: who consolidates whom. A child IS_DIRECTLY (or
IS_ULTIMATELY) CONSOLIDATED_BY a parent becomes `owns` parent -> child with `relationship`
direct_parent / ultimate_parent; branches, sub-funds and feeder funds are ownership of the
same kind, and a fund's manager `represents` the fund.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from rigour.langs import iso_639_alpha3

from dualtrace.model import Batch, Relation
from dualtrace.sources.base import EntityStatements
from dualtrace.sources.registries.common import (
    add_country,
    add_identifier,
    iso_date,
    join_parts,
    text,
)

DATASET = "gleif"

# type -> (relation, relationship kind, True when the start node is the owner/agent)
RELATIONSHIPS: dict[str, tuple[str, str, bool]] = {
    "IS_DIRECTLY_CONSOLIDATED_BY": ("owns", "direct_parent", False),
    "IS_ULTIMATELY_CONSOLIDATED_BY": ("owns", "ultimate_parent", False),
    "IS_INTERNATIONAL_BRANCH_OF": ("owns", "branch", False),
    "IS_SUBFUND_OF": ("owns", "subfund", False),
    "IS_FEEDER_TO": ("owns", "feeder_fund", True),
    "IS_FUND-MANAGED_BY": ("represents", "fund_manager", False),
}
_OTHER_NAME_PROPS = {"PREVIOUS_LEGAL_NAME": "previousName"}


def entity_id(lei: str) -> str:
    return f"{DATASET}-{lei.upper()}"


def _lang(value: object) -> str | None:
    code = text(value)
    if code is None:
        return None
    found: str | None = iso_639_alpha3(code.split("-")[0].lower())
    return found


def _address(address: object) -> str | None:
    if not isinstance(address, Mapping):
        return None
    lines = address.get("addressLines") or []
    return join_parts(
        [
            *(lines if isinstance(lines, list) else [lines]),
            address.get("addressNumber"),
            address.get("postalCode"),
            address.get("city"),
            address.get("region"),
            address.get("country"),
        ]
    )


def map_lei(batch: Batch, record_id: str, attributes: Mapping[str, Any]) -> str | None:
    """Add one LEI record; returns the reason it cannot be used, or None."""
    lei = text(attributes.get("lei"))
    entity = attributes.get("entity")
    if lei is None or not isinstance(entity, Mapping):
        return "no LEI or no entity block"
    category = text(entity.get("category"))
    schema = "LegalEntity" if category == "SOLE_PROPRIETOR" else "Company"
    add = EntityStatements(batch, entity_id(lei), schema, record_id)
    legal = entity.get("legalName") or {}
    add.add("name", text(legal.get("name")), lang=_lang(legal.get("language")))
    for key in ("otherNames", "transliteratedOtherNames"):
        for other in entity.get(key) or []:
            if isinstance(other, Mapping):
                prop = _OTHER_NAME_PROPS.get(text(other.get("type")) or "", "alias")
                add.add(prop, text(other.get("name")), lang=_lang(other.get("language")))
    add_identifier(add, "leiCode", lei)
    add_country(add, "jurisdiction", entity.get("jurisdiction"))
    legal_address = entity.get("legalAddress") or {}
    add_country(add, "country", legal_address.get("country"))
    legal_line = _address(legal_address)
    head_line = _address(entity.get("headquartersAddress"))
    add.add("address", legal_line)
    if head_line != legal_line:
        add.add("address", head_line)
    add.add("registrationNumber", text(entity.get("registeredAs")))
    add.add("status", text(entity.get("status")))
    add.add("incorporationDate", iso_date(entity.get("creationDate")))
    expiration = entity.get("expiration") or {}
    if isinstance(expiration, Mapping):
        add.add("dissolutionDate", iso_date(expiration.get("date")))
    legal_form = entity.get("legalForm") or {}
    if isinstance(legal_form, Mapping):
        add.add("legalForm", text(legal_form.get("other")))
    bics = attributes.get("bic") or []
    for bic in bics if isinstance(bics, list) else [bics]:
        add.add("swiftBic", text(bic))
    return None


def _period(relationship: Mapping[str, Any]) -> tuple[str | None, str | None]:
    for period in relationship.get("periods") or []:
        if isinstance(period, Mapping) and period.get("type") == "RELATIONSHIP_PERIOD":
            return iso_date(period.get("startDate")), iso_date(period.get("endDate"))
    return None, None


def _share_pct(relationship: Mapping[str, Any]) -> float | None:
    for quantifier in relationship.get("quantifiers") or []:
        if not isinstance(quantifier, Mapping):
            continue
        units = quantifier.get("units") or quantifier.get("quantifierUnits")
        if units != "PERCENTAGE":
            continue
        try:
            return float(str(quantifier.get("amount") or quantifier.get("quantifierAmount")))
        except ValueError:
            continue
    return None


def map_relationship(batch: Batch, record_id: str, attributes: Mapping[str, Any]) -> str | None:
    """Add one relationship record; returns the reason it cannot be used, or None."""
    relationship = attributes.get("relationship")
    if not isinstance(relationship, Mapping):
        return "no relationship block"
    start_node = text((relationship.get("startNode") or {}).get("id"))
    end_node = text((relationship.get("endNode") or {}).get("id"))
    kind = text(relationship.get("type")) or ""
    if start_node is None or end_node is None:
        return "a relationship without both of its nodes"
    if kind not in RELATIONSHIPS:
        return f"relationship type {kind!r} is not one dualtrace maps"
    relation_type, label, start_is_source = RELATIONSHIPS[kind]
    source, target = (start_node, end_node) if start_is_source else (end_node, start_node)
    for lei in (source, target):
        node = EntityStatements(batch, entity_id(lei), "LegalEntity", record_id)
        add_identifier(node, "leiCode", lei)
    props: dict[str, Any] = {}
    if relation_type == "owns":
        props["relationship"] = label
        share = _share_pct(relationship)
        if share is not None:
            props["share_pct"] = share
    else:
        props["role"] = label
    start, end = _period(relationship)
    batch.relations.append(
        Relation(
            f"{record_id}#{relation_type}",
            relation_type,
            entity_id(source),
            entity_id(target),
            record_id,
            start=start,
            end=end,
            props=props,
        )
    )
    return None
