"""The EU Financial Sanctions Database export, XML v1.1 (`export` root, fsd/export namespace).

Every name is a `nameAlias` with the language it is written in (ISO 639-1 in nameLanguage) and a
`strong` flag; the EU marks weak aliases strong="false", which become weakAlias. The first strong
alias is the entity's name, the others aliases. Countries come as ISO codes with the EU's own
description, which is kept as the original. Programmes are the `programme` of each regulation;
the listing date is designationDate, or the earliest regulation's entry into force.
"""

from __future__ import annotations

from xml.etree.ElementTree import Element

from dualtrace.model import Batch
from dualtrace.sources.base import SourceInput
from dualtrace.sources.sanctions.common import sanctioned
from dualtrace.sources.sanctions.values import EntityValues, language
from dualtrace.sources.sanctions.xmlbase import XmlListFormat
from dualtrace.sources.sanctions.xmlstream import ElementPath

_SCHEMA = {"person": "Person", "enterprise": "Organization"}
_CONTACT = {"PHONE": "phone", "FAX": "phone", "EMAIL": "email", "WEB": "website"}


def _attr(elem: Element, name: str) -> str | None:
    value = (elem.get(name) or "").strip()
    return value if value and value != "-" else None


class EuFsdXml(XmlListFormat):
    name = "eu-fsd-xml"
    description = "EU Financial Sanctions Database, XML v1.1 (export / sanctionEntity)"
    root = "export"
    marker = "fpi/fsd/export"
    authority_key = "eu"
    key_field = "logicalId"

    def dataset(self, source: SourceInput) -> str:
        return "eu_fsd"

    def select(self, path: ElementPath) -> bool:
        return path == ("export", "sanctionEntity")

    def key(self, elem: Element) -> str | None:
        return _attr(elem, "logicalId")

    def read(self, batch: Batch, record_id: str, entity_id: str, elem: Element) -> None:
        subject = elem.find("subjectType")
        kind = _attr(subject, "code") if subject is not None else None
        ent = EntityValues.of(batch, entity_id, _SCHEMA.get(kind or "", "LegalEntity"), record_id)
        self._names(ent, elem)
        for remark in elem.iterfind("remark"):
            ent.add("notes", remark.text)
        ent.add("notes", _attr(elem, "designationDetails"))
        for node in elem.iterfind("citizenship"):
            prop = "nationality" if ent.has("nationality") else "country"
            ent.country(prop, _attr(node, "countryDescription"), _attr(node, "countryIso2Code"))
        for node in elem.iterfind("birthdate"):
            self._birth(ent, node)
        for node in elem.iterfind("identification"):
            code = _attr(node, "countryIso2Code")
            label = " ".join(
                filter(
                    None,
                    [
                        _attr(node, "identificationTypeCode"),
                        _attr(node, "identificationTypeDescription"),
                    ],
                )
            )
            ent.identifier(label, _attr(node, "number"), code.lower() if code else None)
            ent.identifier(label, _attr(node, "latinNumber"), code.lower() if code else None)
        for node in elem.iterfind("address"):
            self._address(ent, node)
        self._sanctions(batch, record_id, entity_id, elem)

    def _names(self, ent: EntityValues, elem: Element) -> None:
        named = False
        for alias in elem.iterfind("nameAlias"):
            whole = _attr(alias, "wholeName")
            lang = language(_attr(alias, "nameLanguage"))
            if (alias.get("strong") or "true").lower() == "false":
                ent.add("weakAlias", whole, lang=lang)
            elif not named and whole:
                ent.add("name", whole, lang=lang)
                named = True
            else:
                ent.add("alias", whole, lang=lang)
            if ent.has("firstName"):
                ent.add("firstName", _attr(alias, "firstName"), lang=lang)
                ent.add("middleName", _attr(alias, "middleName"), lang=lang)
                ent.add("lastName", _attr(alias, "lastName"), lang=lang)
                ent.add("title", _attr(alias, "title"))
                ent.add("position", _attr(alias, "function"))
                gender = {"M": "male", "F": "female"}.get(_attr(alias, "gender") or "")
                ent.add("gender", gender)
            for remark in alias.iterfind("remark"):
                ent.add("notes", remark.text)

    def _birth(self, ent: EntityValues, node: Element) -> None:
        date = _attr(node, "birthdate")
        if date is None:
            parts = [_attr(node, "year"), _attr(node, "monthOfYear"), _attr(node, "dayOfMonth")]
            if parts[0]:
                date = "-".join(p.zfill(2) for p in parts if p)
        ent.date("birthDate", date)
        place = [_attr(node, k) for k in ("place", "city", "region", "countryDescription")]
        if any(place[:3]):
            ent.add("birthPlace", ", ".join(p for p in place if p and p != "UNKNOWN"))
        if _attr(node, "countryIso2Code"):
            ent.country(
                "birthCountry", _attr(node, "countryDescription"), _attr(node, "countryIso2Code")
            )

    def _address(self, ent: EntityValues, node: Element) -> None:
        keys = ("street", "poBox", "zipCode", "city", "place", "region", "countryDescription")
        parts = [_attr(node, k) for k in keys]
        ent.add("address", ", ".join(p for p in parts if p and p != "UNKNOWN") or None)
        ent.country("country", _attr(node, "countryDescription"), _attr(node, "countryIso2Code"))
        for contact in node.iterfind("contactInfo"):
            prop = _CONTACT.get((_attr(contact, "key") or "").upper(), "notes")
            ent.add(prop, _attr(contact, "value"), label=_attr(contact, "key"))

    def _sanctions(self, batch: Batch, record_id: str, entity_id: str, elem: Element) -> None:
        regulations = elem.findall("regulation")
        dates = sorted(
            d
            for r in regulations
            for d in [_attr(r, "entryIntoForceDate") or _attr(r, "publicationDate")]
            if d
        )
        start = _attr(elem, "designationDate") or (dates[0] if dates else None)
        found = sorted({p for r in regulations if (p := _attr(r, "programme"))})
        programmes: list[str | None] = [*found]
        for programme in programmes or [None]:
            batch.relations.append(
                sanctioned(
                    entity_id,
                    self.authority,
                    record_id,
                    program=programme,
                    list_id=_attr(elem, "euReferenceNumber"),
                    start=start,
                )
            )
