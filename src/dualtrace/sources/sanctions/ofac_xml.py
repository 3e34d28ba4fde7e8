"""OFAC's SDN list (and the consolidated non-SDN list) in the plain XML export (`sdnList`).

The same list as the legacy CSV files, with the values the CSV hides in remarks given as
elements: identifiers by type (idList), aliases with their strength (category 'weak' for weak
aliases), nationalities, citizenships, dates and places of birth. Entity ids are the same as the
CSV parser's (uid is the CSV's ent_num), so a list read in either format is one dataset whose
versions compare entity by entity.
"""

from __future__ import annotations

from xml.etree.ElementTree import Element

from dualtrace.model import Batch
from dualtrace.sources.base import SourceInput
from dualtrace.sources.sanctions.common import sanctioned
from dualtrace.sources.sanctions.values import EntityValues, country_code
from dualtrace.sources.sanctions.xmlbase import XmlListFormat
from dualtrace.sources.sanctions.xmlstream import ElementPath, text, texts

_SCHEMA = {"individual": "Person", "vessel": "Vessel", "aircraft": "Airplane"}
_ALIAS = {"f.k.a.": "previousName", "fka": "previousName"}
_VESSEL = (
    ("callSign", "callSign"),
    ("vesselType", "type"),
    ("tonnage", "tonnage"),
    ("grossRegisteredTonnage", "grossRegisteredTonnage"),
    ("vesselOwner", "notes"),
)
_NOT_IDENTIFIERS = ("secondary sanctions", "additional sanctions", "executive order", "ifca")


def full_name(elem: Element) -> str:
    return " ".join(p for p in (text(elem, "firstName"), text(elem, "lastName")) if p)


class OfacSdnXml(XmlListFormat):
    name = "ofac-xml"
    description = "OFAC SDN or consolidated list, XML (sdnList / sdnEntry)"
    root = "sdnList"
    authority_key = "us_ofac"
    key_field = "uid"

    def dataset(self, source: SourceInput) -> str:
        return "us_ofac_cons" if "cons" in source.files[0].name.lower() else "us_ofac_sdn"

    def select(self, path: ElementPath) -> bool:
        return path == ("sdnList", "sdnEntry")

    def key(self, elem: Element) -> str | None:
        return text(elem, "uid")

    def read(self, batch: Batch, record_id: str, entity_id: str, elem: Element) -> None:
        schema = _SCHEMA.get((text(elem, "sdnType") or "").lower(), "Organization")
        ent = EntityValues.of(batch, entity_id, schema, record_id)
        ent.add("name", full_name(elem))
        if ent.has("firstName"):
            ent.add("firstName", text(elem, "firstName"))
            ent.add("lastName", text(elem, "lastName"))
        ent.add("title", text(elem, "title"))
        ent.add("notes", text(elem, "remarks"))
        for aka in elem.iterfind("akaList/aka"):
            kind = (text(aka, "type") or "").lower()
            prop = _ALIAS.get(kind, "alias")
            if (text(aka, "category") or "").lower() == "weak":
                prop = "weakAlias"
            ent.add(prop, full_name(aka))
        for ident in elem.iterfind("idList/id"):
            label = text(ident, "idType") or "id"
            value = text(ident, "idNumber")
            if any(word in label.lower() for word in _NOT_IDENTIFIERS):
                ent.add("notes", value and f"{label} {value}")
                continue
            if label.lower() in ("website", "email address", "gender"):
                prop = {"website": "website", "email address": "email"}.get(label.lower(), "gender")
                ent.add(prop, value.lower() if value and prop == "gender" else value)
                continue
            country = text(ident, "idCountry")
            ent.identifier(label, value, country_code(country) if country else None)
        for address in elem.iterfind("addressList/address"):
            keys = ("address1", "address2", "address3", "city", "stateOrProvince", "postalCode")
            parts = [text(address, k) for k in keys] + [text(address, "country")]
            ent.add("address", ", ".join(p for p in parts if p) or None)
            ent.country("country", text(address, "country"))
        for country in texts(elem, "nationalityList/nationality/country"):
            ent.country("nationality" if ent.has("nationality") else "country", country)
        for country in texts(elem, "citizenshipList/citizenship/country"):
            ent.country("citizenship" if ent.has("citizenship") else "country", country)
        for value in texts(elem, "dateOfBirthList/dateOfBirthItem/dateOfBirth"):
            ent.date("birthDate", value)
        for value in texts(elem, "placeOfBirthList/placeOfBirthItem/placeOfBirth"):
            ent.add("birthPlace", value)
        vessel = elem.find("vesselInfo")
        if vessel is not None:
            for tag, prop in _VESSEL:
                ent.add(prop, text(vessel, tag), label=tag)
            ent.country("flag", text(vessel, "vesselFlag"))
        for program in texts(elem, "programList/program"):
            batch.relations.append(
                sanctioned(
                    entity_id, self.authority, record_id, program=program, list_id=text(elem, "uid")
                )
            )
