"""The UN Security Council consolidated list, in the XML the UN publishes (CONSOLIDATED_LIST).

Individuals and entities share one numbering (DATAID). Alias quality is the UN's own judgement:
'Low' aliases are weak (they match too many people), 'f.k.a.' names are former names. Names in
original script carry the language their script implies, where it implies only one.
"""

from __future__ import annotations

from xml.etree.ElementTree import Element

from dualtrace.model import Batch
from dualtrace.sources.base import SourceInput
from dualtrace.sources.sanctions.common import sanctioned
from dualtrace.sources.sanctions.values import EntityValues, country_code, script_language
from dualtrace.sources.sanctions.xmlbase import XmlListFormat
from dualtrace.sources.sanctions.xmlstream import ElementPath, text, texts

_ALIAS_PROP = {"low": "weakAlias", "f.k.a.": "previousName"}
_LISTINGS = {
    ("CONSOLIDATED_LIST", "INDIVIDUALS", "INDIVIDUAL"),
    ("CONSOLIDATED_LIST", "ENTITIES", "ENTITY"),
}


class UnConsolidatedXml(XmlListFormat):
    name = "un-xml"
    description = "UN Security Council consolidated list, XML (CONSOLIDATED_LIST)"
    root = "CONSOLIDATED_LIST"
    authority_key = "un_sc"
    key_field = "DATAID"

    def dataset(self, source: SourceInput) -> str:
        return "un_sc_sanctions"

    def select(self, path: ElementPath) -> bool:
        return path in _LISTINGS

    def key(self, elem: Element) -> str | None:
        return text(elem, "DATAID")

    def read(self, batch: Batch, record_id: str, entity_id: str, elem: Element) -> None:
        person = elem.tag == "INDIVIDUAL"
        ent = EntityValues.of(batch, entity_id, "Person" if person else "Organization", record_id)
        parts = [text(elem, tag) for tag in ("FIRST_NAME", "SECOND_NAME", "THIRD_NAME")]
        parts.append(text(elem, "FOURTH_NAME"))
        ent.add("name", " ".join(p for p in parts if p))
        if person:
            ent.add("firstName", parts[0])
            ent.add("secondName", parts[1])
            ent.add("gender", (text(elem, "GENDER") or "").lower() or None)
        original = text(elem, "NAME_ORIGINAL_SCRIPT")
        if original:
            ent.add("alias", original, lang=script_language(original))
        for value in texts(elem, "TITLE/VALUE"):
            ent.add("title", value)
        for value in texts(elem, "DESIGNATION/VALUE"):
            ent.add("position", value)
        for value in texts(elem, "NATIONALITY/VALUE"):
            ent.country("nationality", value)
        ent.add("notes", text(elem, "COMMENTS1"))
        for alias in elem.iterfind("INDIVIDUAL_ALIAS" if person else "ENTITY_ALIAS"):
            quality = (text(alias, "QUALITY") or "").lower()
            ent.add(_ALIAS_PROP.get(quality, "alias"), text(alias, "ALIAS_NAME"))
        for address in elem.iterfind("INDIVIDUAL_ADDRESS" if person else "ENTITY_ADDRESS"):
            self._address(ent, address)
        for dob in elem.iterfind("INDIVIDUAL_DATE_OF_BIRTH"):
            self._birth_date(ent, dob)
        for pob in elem.iterfind("INDIVIDUAL_PLACE_OF_BIRTH"):
            place = [text(pob, t) for t in ("CITY", "STATE_PROVINCE", "COUNTRY")]
            ent.add("birthPlace", ", ".join(p for p in place if p) or None)
            if place[2]:
                ent.country("birthCountry", place[2])
        for doc in elem.iterfind("INDIVIDUAL_DOCUMENT"):
            label = " ".join(
                filter(None, [text(doc, "TYPE_OF_DOCUMENT"), text(doc, "TYPE_OF_DOCUMENT2")])
            )
            country = text(doc, "ISSUING_COUNTRY") or text(doc, "COUNTRY_OF_ISSUE")
            code = country_code(country) if country else None
            ent.identifier(label or "document", text(doc, "NUMBER"), code)
            note = text(doc, "NOTE")
            if note and text(doc, "NUMBER"):
                ent.add("notes", f"{label} {text(doc, 'NUMBER')}: {note}")
        batch.relations.append(
            sanctioned(
                entity_id,
                self.authority,
                record_id,
                program=text(elem, "UN_LIST_TYPE"),
                list_id=text(elem, "REFERENCE_NUMBER"),
                start=text(elem, "LISTED_ON"),
                end=text(elem, "DELISTED_ON"),
            )
        )

    def _address(self, ent: EntityValues, address: Element) -> None:
        tags = ("STREET", "CITY", "STATE_PROVINCE", "ZIP_CODE", "COUNTRY")
        parts = [text(address, t) for t in tags]
        ent.add("address", ", ".join(p for p in parts if p) or None)
        ent.country("country", parts[4])

    def _birth_date(self, ent: EntityValues, dob: Element) -> None:
        kind = (text(dob, "TYPE_OF_DATE") or "").upper()
        if kind == "BETWEEN":
            start, end = text(dob, "FROM_YEAR"), text(dob, "TO_YEAR")
            if start and end and start.isdigit() and end.isdigit() and int(end) - int(start) < 30:
                for year in range(int(start), int(end) + 1):
                    ent.add("birthDate", str(year))
                return
            ent.date("birthDate", start)
            ent.date("birthDate", end)
            return
        ent.date("birthDate", text(dob, "DATE") or text(dob, "YEAR"))
