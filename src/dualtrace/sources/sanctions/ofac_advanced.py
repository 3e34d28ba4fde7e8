"""OFAC's advanced XML (`Sanctions`, ADVANCED_XML namespace): the richest form of its lists.

Everything is by reference: a party's features point at feature types, details and locations;
its names at name-part types and scripts; its sanctions entry (listing date, programmes) and its
identity documents sit in other sections. So the file is read twice: first the reference value
sets, locations, documents, sanctions entries and relationships (small), then each party, which
becomes a record with everything resolved. Entity ids are the party's FixedRef, the same number
as the CSV's ent_num and the plain XML's uid.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from xml.etree.ElementTree import Element

from dualtrace.model import Batch, Relation
from dualtrace.sources.base import SourceInput
from dualtrace.sources.sanctions.common import sanctioned
from dualtrace.sources.sanctions.values import EntityValues
from dualtrace.sources.sanctions.xmlbase import XmlListFormat
from dualtrace.sources.sanctions.xmlstream import ElementPath, Listing, XmlReader, text

_SCRIPT_LANG = {"Hans": "zho", "Hant": "zho", "Hang": "kor", "Geor": "kat", "Armn": "hye"}
_SCRIPT_LANG |= {"Grek": "ell", "Hebr": "heb", "Thai": "tha", "Jpan": "jpn"}
_PARTY_SCHEMA = {"Individual": "Person", "Vessel": "Vessel", "Aircraft": "Airplane"}
_ALIAS = {"F.K.A.": "previousName"}
# Feature type (OFAC's words) -> property; everything else is kept as a labelled note.
_FEATURES = {
    "Birthdate": "birthDate",
    "Place of Birth": "birthPlace",
    "Nationality Country": "nationality",
    "Citizenship Country": "citizenship",
    "Location": "address",
    "Gender": "gender",
    "Title": "title",
    "SWIFT/BIC": "id:SWIFT/BIC",
    "Website": "website",
    "Email Address": "email",
    "Phone Number": "phone",
    "Vessel Call Sign": "callSign",
    "VESSEL TYPE": "type",
    "Vessel Flag": "flag",
    "Vessel Tonnage": "tonnage",
    "Vessel Gross Registered Tonnage": "grossRegisteredTonnage",
    "Vessel Year of Build": "buildDate",
    "Aircraft Construction Number (also called L/N or S/N or F/N)": "serialNumber",
    "Aircraft Manufacturer's Serial Number (MSN)": "serialNumber",
    "Aircraft Manufacture Date": "buildDate",
    "Aircraft Model": "model",
    "Aircraft Tail Number": "registrationNumber",
    "Organization Established Date": "incorporationDate",
    "BIK (RU)": "id:BIK (RU)",
    "D-U-N-S Number": "id:D-U-N-S",
    "ISIN": "id:ISIN",
}
_PART_ORDER = {"First Name": 0, "Middle Name": 1, "Patronymic": 2, "Matronymic": 3}
_PART_ORDER |= {"Last Name": 4, "Maiden Name": 5}
_DATE_PROPS = {"birthDate", "buildDate", "incorporationDate"}
_COUNTRY_PROPS = {"nationality", "citizenship", "flag"}
_SELECT_FIRST = {"ReferenceValueSets", "Locations", "IDRegDocuments", "SanctionsEntries"}
_SELECT_FIRST |= {"ProfileRelationships"}
# Relationship types that are edges of the evidence graph: (relation type, reversed?).
_RELATIONS = {
    "Owned or Controlled By": ("owns", True),
    "Leader or official of": ("directs", False),
    "Principal Executive Officer": ("directs", False),
    "Acting for or on behalf of": ("represents", False),
}


@dataclass
class _References:
    values: dict[str, dict[str, str]] = field(default_factory=lambda: defaultdict(dict))
    countries: dict[str, str] = field(default_factory=dict)
    locations: dict[str, tuple[str | None, str | None]] = field(default_factory=dict)
    documents: dict[str, list[Element]] = field(default_factory=lambda: defaultdict(list))
    entries: dict[str, list[Element]] = field(default_factory=lambda: defaultdict(list))
    relations: dict[str, list[Element]] = field(default_factory=lambda: defaultdict(list))

    def value(self, kind: str, ref: str | None) -> str | None:
        return self.values[kind].get(ref or "")


def _date(period: Element | None) -> str | None:
    """The date of a Date or DatePeriod element, as precise as its parts ('1947-04-19')."""
    if period is None:
        return None
    node = period.find("Start/From") if period.tag == "DatePeriod" else period
    if node is None:
        return None
    year, month, day = text(node, "Year"), text(node, "Month"), text(node, "Day")
    if not year:
        return None
    end = period.find("End/To") if period.tag == "DatePeriod" else None
    if end is not None and (text(end, "Year"), text(end, "Month")) != (year, month):
        return year  # a span ("some time in 1991"): the year is what is known
    parts = [year] + [p.zfill(2) for p in (month, day) if p]
    return "-".join(parts)


class OfacAdvancedXml(XmlListFormat):
    name = "ofac-advanced-xml"
    description = "OFAC SDN or consolidated list, advanced XML (Sanctions / DistinctParty)"
    root = "Sanctions"
    marker = "ADVANCED_XML"
    authority_key = "us_ofac"
    key_field = "FixedRef"

    def __init__(self) -> None:
        self.refs = _References()

    def dataset(self, source: SourceInput) -> str:
        return "us_ofac_cons" if "cons" in source.files[0].name.lower() else "us_ofac_sdn"

    def select(self, path: ElementPath) -> bool:
        return path == ("Sanctions", "DistinctParties", "DistinctParty")

    def key(self, elem: Element) -> str | None:
        return elem.get("FixedRef") or None

    def listings(self, source: SourceInput) -> Iterable[Listing]:
        def first(path: ElementPath) -> bool:
            return len(path) == 3 and path[1] in _SELECT_FIRST

        for listing in XmlReader(source.files[0], first):
            self._reference(listing.element)
        return XmlReader(source.files[0], self.select)

    def _reference(self, elem: Element) -> None:
        refs = self.refs
        if elem.tag == "Location":
            country = elem.find("LocationCountry")
            code = refs.countries.get(country.get("CountryID", "")) if country is not None else None
            if code is None:
                area = elem.find("LocationAreaCode")
                area_id = area.get("AreaCodeID") if area is not None else None
                code = refs.countries.get(area_id or "")
            parts = [text(p, "LocationPartValue/Value") for p in elem.iterfind("LocationPart")]
            refs.locations[elem.get("ID", "")] = (", ".join(p for p in parts if p) or None, code)
        elif elem.tag == "IDRegDocument":
            refs.documents[elem.get("IdentityID", "")].append(elem)
        elif elem.tag == "SanctionsEntry":
            refs.entries[elem.get("ProfileID", "")].append(elem)
        elif elem.tag == "ProfileRelationship":
            refs.relations[elem.get("From-ProfileID", "")].append(elem)
        else:
            for value in elem:
                if value.tag == "Country" and value.get("ISO2"):
                    refs.countries[value.get("ID", "")] = value.get("ISO2", "").lower()
                refs.values[value.tag][value.get("ID", "")] = (value.text or "").strip()
                if value.tag == "AreaCode" and value.text:
                    refs.countries.setdefault(value.get("ID", ""), value.text.strip().lower())
                if value.tag == "Script" and value.get("ScriptCode"):
                    refs.values["ScriptCode"][value.get("ID", "")] = value.get("ScriptCode", "")
                if value.tag == "PartySubType":
                    refs.values["PartySubTypeParty"][value.get("ID", "")] = value.get(
                        "PartyTypeID", ""
                    )

    def read(self, batch: Batch, record_id: str, entity_id: str, elem: Element) -> None:
        refs = self.refs
        profile = elem.find("Profile")
        if profile is None:
            return
        sub = profile.get("PartySubTypeID")
        kind = refs.value("PartySubType", sub)
        if kind == "Unknown":
            kind = refs.value("PartyType", refs.value("PartySubTypeParty", sub))
        ent = EntityValues.of(
            batch, entity_id, _PARTY_SCHEMA.get(kind or "", "Organization"), record_id
        )
        for identity in profile.iterfind("Identity"):
            self._names(ent, identity)
            country = None
            for doc in refs.documents.get(identity.get("ID", ""), []):
                label = refs.value("IDRegDocType", doc.get("IDRegDocTypeID")) or "id"
                country = refs.countries.get(doc.get("IssuedBy-CountryID", ""))
                ent.identifier(label, text(doc, "IDRegistrationNo"), country)
        for feature in profile.iterfind("Feature"):
            self._feature(ent, feature)
        ent.add("notes", text(elem, "Comment"))
        self._sanctions(batch, record_id, entity_id, profile.get("ID", ""))

    def _names(self, ent: EntityValues, identity: Element) -> None:
        refs = self.refs
        part_type = {
            group.get("ID", ""): refs.value("NamePartType", group.get("NamePartTypeID")) or ""
            for group in identity.iterfind("NamePartGroups/MasterNamePartGroup/NamePartGroup")
        }
        for alias in identity.iterfind("Alias"):
            kind = refs.value("AliasType", alias.get("AliasTypeID")) or ""
            for documented in alias.iterfind("DocumentedName"):
                values = documented.findall("DocumentedNamePart/NamePartValue")
                # Given names before family names, whatever order the parts are listed in.
                values.sort(
                    key=lambda v: _PART_ORDER.get(
                        part_type.get(v.get("NamePartGroupID", ""), ""), 2
                    )
                )
                parts = [(v.text or "").strip() for v in values if v.text and v.text.strip()]
                first = values[0] if values else None
                script = refs.values["ScriptCode"].get(
                    first.get("ScriptID", "") if first is not None else ""
                )
                status = refs.value("DocNameStatus", documented.get("DocNameStatusID"))
                if alias.get("Primary") == "true" and status == "Primary Latin":
                    prop = "name"
                elif alias.get("LowQuality") == "true":
                    prop = "weakAlias"
                else:
                    prop = _ALIAS.get(kind, "alias")
                ent.add(prop, " ".join(parts), lang=_SCRIPT_LANG.get(script or ""))

    def _feature(self, ent: EntityValues, feature: Element) -> None:
        refs = self.refs
        label = refs.value("FeatureType", feature.get("FeatureTypeID")) or "feature"
        prop = _FEATURES.get(label)
        for version in feature.iterfind("FeatureVersion"):
            detail = version.find("VersionDetail")
            value = text(version, "VersionDetail")
            if detail is not None and detail.get("DetailReferenceID"):
                value = refs.value("DetailReference", detail.get("DetailReferenceID"))
            period = version.find("DatePeriod")
            if period is not None:
                value = _date(period)
            location = version.find("VersionLocation")
            code = None
            if location is not None:
                place, code = refs.locations.get(location.get("LocationID", ""), (None, None))
                value = value or place
            if prop is None:
                ent.add("notes", f"{label} {value}".strip() if value else None)
            elif prop.startswith("id:"):
                ent.identifier(prop[3:], value)
            elif prop in _DATE_PROPS:
                ent.date(prop, value)
            elif prop in _COUNTRY_PROPS:
                ent.country(prop if ent.has(prop) else "country", value, code)
            elif prop == "address":
                ent.add("address", value)
                if code:
                    ent.country("country", None, code)
            else:
                ent.add(prop, value.lower() if prop == "gender" and value else value, label=label)

    def _sanctions(self, batch: Batch, record_id: str, entity_id: str, profile_id: str) -> None:
        refs = self.refs
        for entry in refs.entries.get(profile_id, []):
            start = _date(entry.find("EntryEvent/Date"))
            list_name = refs.value("List", entry.get("ListID"))
            for measure in entry.iterfind("SanctionsMeasure"):
                if refs.value("SanctionsType", measure.get("SanctionsTypeID")) != "Program":
                    continue
                batch.relations.append(
                    sanctioned(
                        entity_id,
                        self.authority,
                        record_id,
                        program=text(measure, "Comment"),
                        list_id=list_name,
                        start=start,
                    )
                )
        dataset = entity_id.rsplit("-", 1)[0]
        for rel in refs.relations.get(profile_id, []):
            kind = refs.value("RelationType", rel.get("RelationTypeID")) or ""
            if kind not in _RELATIONS:
                continue
            rel_type, reverse = _RELATIONS[kind]
            other = f"{dataset}-{rel.get('To-ProfileID')}"
            source, target = (other, entity_id) if reverse else (entity_id, other)
            batch.relations.append(
                Relation(
                    f"{record_id}#{rel_type}:{rel.get('ID')}", rel_type, source, target, record_id
                )
            )
