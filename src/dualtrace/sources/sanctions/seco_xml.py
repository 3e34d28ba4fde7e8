"""The Swiss SECO sanctions list, XML (`swiss-sanctions-list` / `target`).

A name is made of ordered parts, each with spelling variants in other languages and scripts
(Belarusian and Russian Cyrillic, Russian transliteration): a full variant is built for each
language and script in which every part has one, and keeps that language. A target's history
is in `modification` elements: the one of type 'listed' dates the listing, 'de-listed' the
delisting; the copies of old values inside them are history, not current names. Programmes and
places are declared once at the top of the file and referred to by id.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from xml.etree.ElementTree import Element

from dualtrace.model import Batch
from dualtrace.sources.base import SourceInput
from dualtrace.sources.sanctions.common import sanctioned
from dualtrace.sources.sanctions.values import EntityValues, language
from dualtrace.sources.sanctions.xmlbase import XmlListFormat
from dualtrace.sources.sanctions.xmlstream import ElementPath, Listing, XmlReader, text

_OBJECT_SCHEMA = {"vessel": "Vessel", "aircraft": "Airplane"}
_NAME_PROP = {"primary-name": "name", "alias": "alias", "formerly-known-as": "previousName"}
_PART_PROP = {"given-name": "firstName", "family-name": "lastName", "father-name": "fatherName"}
_DOCUMENT = {"passport": "passport", "id-card": "national id"}
_INFO = (
    (re.compile(r"^IMO(?: Number)?:?\s*(\d{7})\b", re.I), "imo"),
    (re.compile(r"^Registration number:?\s*(\S+)", re.I), "registration"),
    (re.compile(r"^(?:Tax|INN|Taxpayer)[^:]*:\s*(\d+)", re.I), "inn"),
    (re.compile(r"^OGRN:?\s*(\d+)", re.I), "ogrn"),
)
_CONTACT: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"^Website:\s*(\S+)", re.I), "website"),
    (re.compile(r"^E-?Mail:\s*(\S+)", re.I), "email"),
    (re.compile(r"^(?:Phone|Tel|Fax):\s*(.+)$", re.I), "phone"),
)


class SecoXml(XmlListFormat):
    name = "seco-xml"
    description = "Swiss SECO sanctions list, XML (swiss-sanctions-list / target)"
    root = "swiss-sanctions-list"
    authority_key = "ch_seco"
    key_field = "ssid"

    def __init__(self) -> None:
        self.programs: dict[str, str] = {}
        self.places: dict[str, tuple[str | None, str | None]] = {}

    def dataset(self, source: SourceInput) -> str:
        return "ch_seco_sanctions"

    def select(self, path: ElementPath) -> bool:
        return path == ("swiss-sanctions-list", "target")

    def listings(self, source: SourceInput) -> Iterable[Listing]:
        # Programmes and places may come after the targets that refer to them: read them first.
        def declared(path: ElementPath) -> bool:
            return len(path) == 2 and path[1] in ("sanctions-program", "place")

        for listing in XmlReader(source.files[0], declared):
            elem = listing.element
            if elem.tag == "place":
                country = elem.find("country")
                code = country.get("iso-code") if country is not None else None
                self.places[elem.get("ssid", "")] = (text(elem, "location"), code)
                continue
            program = text(elem, "program-name") or text(elem, "program-key")
            for sanctions_set in elem.iterfind("sanctions-set"):
                label = sanctions_set.text.strip() if sanctions_set.text else None
                self.programs[sanctions_set.get("ssid", "")] = program or label or ""
        return XmlReader(source.files[0], self.select)

    def key(self, elem: Element) -> str | None:
        return elem.get("ssid") or None

    def read(self, batch: Batch, record_id: str, entity_id: str, elem: Element) -> None:
        subject = next((c for c in elem if c.tag in ("individual", "entity", "object")), None)
        if subject is None:
            schema = "LegalEntity"
        elif subject.tag == "individual":
            schema = "Person"
        elif subject.tag == "entity":
            schema = "Organization"
        else:
            schema = _OBJECT_SCHEMA.get(subject.get("object-type", ""), "LegalEntity")
        ent = EntityValues.of(batch, entity_id, schema, record_id)
        if subject is not None:
            ent.add("gender", subject.get("sex"))
            for identity in subject.iterfind("identity"):
                self._identity(ent, identity)
            for node in subject.iterfind("justification"):
                ent.add("notes", node.text)
            for node in subject.iterfind("other-information"):
                self._information(ent, node.text)
        start = end = None
        for mod in elem.iterfind("modification"):
            kind = mod.get("modification-type")
            when = mod.get("effective-date") or mod.get("enactment-date")
            if kind == "listed":
                start = when
            elif kind == "de-listed":
                end = when
        set_id = text(elem, "sanctions-set-id")
        batch.relations.append(
            sanctioned(
                entity_id,
                self.authority,
                record_id,
                program=self.programs.get(set_id or "") or (set_id and f"sanctions set {set_id}"),
                list_id=elem.get("ssid"),
                start=start,
                end=end,
            )
        )

    def _identity(self, ent: EntityValues, identity: Element) -> None:
        main = identity.get("main") == "true"
        for name in identity.iterfind("name"):
            prop = _NAME_PROP.get(name.get("name-type", ""), "alias")
            if not main and prop == "name":
                prop = "alias"
            if name.get("quality") == "low":
                prop = "weakAlias"
            parts = sorted(name.iterfind("name-part"), key=lambda p: int(p.get("order") or 0))
            ent.add(
                prop,
                " ".join(filter(None, (text(p, "value") for p in parts))),
                lang=language(name.get("lang")),
            )
            if prop == "name" and ent.has("firstName"):
                for part in parts:
                    part_prop = _PART_PROP.get(part.get("name-part-type", ""))
                    if part_prop:
                        ent.add(part_prop, text(part, "value"))
            for (lang, _script), variant in _variants(parts).items():
                ent.add("alias" if prop == "name" else prop, variant, lang=language(lang))
        for node in identity.iterfind("day-month-year"):
            ymd = [node.get("year"), node.get("month"), node.get("day")]
            if ymd[0]:
                ent.date("birthDate", "-".join(p.zfill(2) for p in ymd if p))
        for node in identity.iterfind("nationality/country"):
            ent.country(
                "nationality" if ent.has("nationality") else "country",
                node.text,
                node.get("iso-code"),
            )
        for node in identity.iterfind("address"):
            place, code = self.places.get(node.get("place-id", ""), (None, None))
            keys = ("c-o", "address-details", "p-o-box", "zip-code", "remark")
            lines = [text(node, k) for k in keys] + [place]
            ent.add("address", ", ".join(p for p in lines if p) or None)
            if code:
                ent.country("country", None, code)
        for node in identity.iterfind("identification-document"):
            issuer = node.find("issuer")
            code = issuer.get("code") if issuer is not None else None
            label = _DOCUMENT.get(node.get("document-type", ""), node.get("document-type") or "id")
            ent.identifier(label, text(node, "number"), code.lower() if code else None)

    def _information(self, ent: EntityValues, value: str | None) -> None:
        if not value or not value.strip():
            return
        value = value.strip()
        for pattern, label in _INFO:
            match = pattern.match(value)
            if match:
                ent.identifier(label, match.group(1))
                return
        for pattern, prop in _CONTACT:
            match = pattern.match(value)
            if match:
                ent.add(prop, match.group(1).strip())
                return
        ent.add("notes", value)


def _variants(parts: list[Element]) -> dict[tuple[str, str], str]:
    """Full names in each (language, script) in which every part has a spelling variant."""
    by_key: dict[tuple[str, str], list[str]] = {}
    for index, part in enumerate(parts):
        for variant in part.iterfind("spelling-variant"):
            key = (variant.get("lang") or "", variant.get("script") or "")
            words = by_key.setdefault(key, [])
            if len(words) == index and variant.text and variant.text.strip():
                words.append(variant.text.strip())
    return {key: " ".join(words) for key, words in by_key.items() if len(words) == len(parts)}
