"""GLEIF LEI data: API JSON (lei-records, relationship-records) and golden-copy XML.

The API answers with `{"data": {...}}` or `{"data": [...]}` of typed resources; the golden copy
is LEI-CDF (`LEIData/LEIRecords/LEIRecord`) or RR-CDF (`RelationshipData/.../
RelationshipRecord`) XML, gigabytes for the full file, so the XML is streamed record by
record. Either kind of file may be a folder of them. Reporting exceptions (a parent not
reported, and why) are kept as records without relations.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from xml.etree.ElementTree import Element, ParseError

from defusedxml.ElementTree import iterparse

from dualtrace.errors import SourceError
from dualtrace.model import Batch, Record, Reject
from dualtrace.sources.base import SourceFormat, SourceInput, matching_files, read_head
from dualtrace.sources.registries.common import (
    element_to_dict,
    json_head,
    load_json,
    local_name,
    text,
)
from dualtrace.sources.registries.gleif_map import DATASET, map_lei, map_relationship

_JSON_TYPES = re.compile(r'"type"\s*:\s*"(lei-records|relationship-records|reporting-exceptions)"')
_XML_ROOTS = re.compile(rb"<(?:\w+:)?(LEIData|RelationshipData|ReportingExceptionData)[\s>]")
_BATCH_SIZE = 5000
_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


class _Collector:
    """Turns (locator, kind, key, raw, attributes) items into batches, one record each."""

    def __init__(self) -> None:
        self.batch = Batch()
        self.seen: dict[str, str] = {}

    def add(self, locator: str, kind: str, key: str | None, raw: Any, attributes: Any) -> None:
        dump = json.dumps(raw, ensure_ascii=False, default=str)[:20000]
        if key is None or not isinstance(attributes, dict):
            self.batch.rejects.append(Reject(locator, f"a {kind} record without an id", dump))
            return
        record_id = f"{DATASET}:{kind}:{key}"
        if record_id in self.seen:
            same = f"the same {kind} record as {self.seen[record_id]}"
            self.batch.rejects.append(Reject(locator, same, dump, "id"))
            return
        mapped = Batch()
        reason: str | None = None
        if kind == "lei":
            reason = map_lei(mapped, record_id, attributes)
        elif kind == "rr":
            reason = map_relationship(mapped, record_id, attributes)
        if reason is not None:
            self.batch.rejects.append(Reject(locator, reason, dump, kind))
            return
        self.seen[record_id] = locator
        self.batch.records.append(Record(record_id, DATASET, locator, raw))
        self.batch.extend(mapped)

    def take(self, force: bool = False) -> Batch | None:
        if not force and len(self.batch) < _BATCH_SIZE:
            return None
        out, self.batch = self.batch, Batch()
        return out


def _is_gleif_json(path: Path) -> bool:
    head = json_head(path)
    return head is not None and bool(_JSON_TYPES.search(head))


def _is_gleif_xml(path: Path) -> bool:
    if not path.is_file() or path.suffix.lower() != ".xml":
        return False
    head = read_head(path, 2048)
    return bool(_XML_ROOTS.search(head)) and b"gleif.org" in head


class GleifJson(SourceFormat):
    name = "gleif-json"
    description = "GLEIF API JSON: LEI records and relationship records (level 2)"
    mode = "append"

    @classmethod
    def sniff(cls, path: Path) -> SourceInput | None:
        return matching_files(path, "*.json", _is_gleif_json)

    @classmethod
    def accept(cls, path: Path) -> SourceInput:
        return matching_files(path, "*.json", Path.is_file) or SourceInput(path, ())

    def dataset(self, source: SourceInput) -> str:
        return DATASET

    def parse(self, source: SourceInput) -> Iterator[Batch]:
        out = _Collector()
        for file in source.files:
            data = load_json(file)
            items = data.get("data") if isinstance(data, dict) else None
            if items is None:
                raise SourceError(str(file), None, "no `data` member: not a GLEIF API response")
            listed = items if isinstance(items, list) else [items]
            for index, item in enumerate(listed):
                locator = f"{file.name} data[{index}]" if isinstance(items, list) else file.name
                if not isinstance(item, dict):
                    out.add(locator, "resource", None, item, None)
                    continue
                kind = {"lei-records": "lei", "relationship-records": "rr"}.get(
                    str(item.get("type")), "exception"
                )
                out.add(locator, kind, text(item.get("id")), item, item.get("attributes"))
                batch = out.take()
                if batch is not None:
                    yield batch
        yield out.take(force=True) or Batch()


class GleifXml(SourceFormat):
    name = "gleif-xml"
    description = "GLEIF golden-copy XML: LEI-CDF records and RR-CDF relationship records"
    mode = "append"

    @classmethod
    def sniff(cls, path: Path) -> SourceInput | None:
        return matching_files(path, "*.xml", _is_gleif_xml)

    @classmethod
    def accept(cls, path: Path) -> SourceInput:
        return matching_files(path, "*.xml", Path.is_file) or SourceInput(path, ())

    def dataset(self, source: SourceInput) -> str:
        return DATASET

    def parse(self, source: SourceInput) -> Iterator[Batch]:
        out = _Collector()
        for file in source.files:
            counts: dict[str, int] = {}
            for element in _records(file):
                name = local_name(element.tag)
                counts[name] = counts.get(name, 0) + 1
                locator = f"{file.name} {name}[{counts[name]}]"
                raw = element_to_dict(element)
                if name == "LEIRecord":
                    attributes = _lei_attributes(element)
                    out.add(locator, "lei", attributes.get("lei"), raw, attributes)
                elif name == "RelationshipRecord":
                    attributes = _rr_attributes(element)
                    rel = attributes["relationship"]
                    key = "|".join(
                        [
                            str(rel["startNode"].get("id")),
                            str(rel["type"]),
                            str(rel["endNode"].get("id")),
                        ]
                    )
                    out.add(locator, "rr", key, raw, attributes)
                else:
                    key = "|".join(str(v) for v in raw.values() if isinstance(v, str))
                    out.add(locator, "exception", key or None, raw, raw)
                element.clear()
                batch = out.take()
                if batch is not None:
                    yield batch
        yield out.take(force=True) or Batch()


def _records(path: Path) -> Iterator[Element]:
    try:
        for _event, element in iterparse(str(path), events=("end",)):
            if local_name(element.tag) in {"LEIRecord", "RelationshipRecord", "Exception"}:
                yield element
    except ParseError as exc:
        line = exc.position[0] if exc.position else None
        raise SourceError(str(path), f"line {line}", f"broken XML: {exc}") from None


def _child(element: Element | None, *names: str) -> Element | None:
    for name in names:
        if element is None:
            return None
        element = next((c for c in element if local_name(c.tag) == name), None)
    return element


def _children(element: Element | None, name: str) -> list[Element]:
    return [c for c in element if local_name(c.tag) == name] if element is not None else []


def _value(element: Element | None, *names: str) -> str | None:
    found = _child(element, *names)
    return text(found.text) if found is not None else None


def _xml_address(element: Element | None) -> dict[str, Any] | None:
    if element is None:
        return None
    lines = [
        text(c.text)
        for c in element
        if local_name(c.tag) in {"FirstAddressLine", "AdditionalAddressLine"}
    ]
    out: dict[str, Any] = {"addressLines": [line for line in lines if line]}
    for key, tag in (
        ("addressNumber", "AddressNumber"),
        ("city", "City"),
        ("region", "Region"),
        ("country", "Country"),
        ("postalCode", "PostalCode"),
    ):
        out[key] = _value(element, tag)
    return out


def _lei_attributes(record: Element) -> dict[str, Any]:
    """An LEI-CDF record in the API's `attributes` layout, for the shared mapping."""
    entity = _child(record, "Entity")
    legal = _child(entity, "LegalName")
    names = []
    for group, item in (
        ("OtherEntityNames", "OtherEntityName"),
        ("TransliteratedOtherEntityNames", "TransliteratedOtherEntityName"),
    ):
        for other in _children(_child(entity, group), item):
            names.append(
                {
                    "name": text(other.text),
                    "language": other.get(_XML_LANG),
                    "type": other.get("type"),
                }
            )
    return {
        "lei": _value(record, "LEI"),
        "entity": {
            "legalName": {
                "name": text(legal.text) if legal is not None else None,
                "language": legal.get(_XML_LANG) if legal is not None else None,
            },
            "otherNames": names,
            "legalAddress": _xml_address(_child(entity, "LegalAddress")),
            "headquartersAddress": _xml_address(_child(entity, "HeadquartersAddress")),
            "registeredAs": _value(
                entity, "RegistrationAuthority", "RegistrationAuthorityEntityID"
            ),
            "jurisdiction": _value(entity, "LegalJurisdiction"),
            "category": _value(entity, "EntityCategory"),
            "legalForm": {
                "id": _value(entity, "LegalForm", "EntityLegalFormCode"),
                "other": _value(entity, "LegalForm", "OtherLegalForm"),
            },
            "status": _value(entity, "EntityStatus"),
            "creationDate": _value(entity, "EntityCreationDate"),
            "expiration": {"date": _value(entity, "EntityExpirationDate")},
        },
        "registration": {"status": _value(record, "Registration", "RegistrationStatus")},
    }


def _rr_attributes(record: Element) -> dict[str, Any]:
    """An RR-CDF record in the API's `attributes` layout, for the shared mapping."""
    rel = _child(record, "Relationship")
    periods = [
        {
            "startDate": _value(p, "StartDate"),
            "endDate": _value(p, "EndDate"),
            "type": _value(p, "PeriodType"),
        }
        for p in _children(_child(rel, "RelationshipPeriods"), "RelationshipPeriod")
    ]
    quantifiers = [
        {
            "amount": _value(q, "QuantifierAmount"),
            "units": _value(q, "QuantifierUnits"),
            "method": _value(q, "MeasurementMethod"),
        }
        for q in _children(_child(rel, "RelationshipQuantifiers"), "RelationshipQuantifier")
    ]
    return {
        "relationship": {
            "startNode": {"id": _value(rel, "StartNode", "NodeID")},
            "endNode": {"id": _value(rel, "EndNode", "NodeID")},
            "type": _value(rel, "RelationshipType"),
            "status": _value(rel, "RelationshipStatus"),
            "periods": periods,
            "quantifiers": quantifiers,
        },
        "registration": {"status": _value(record, "Registration", "RegistrationStatus")},
    }
