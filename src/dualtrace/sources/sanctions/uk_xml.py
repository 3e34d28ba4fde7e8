"""The UK Sanctions List (FCDO), XML (`Designations` / `Designation`).

Names come in six parts, Name6 being the family or whole name; NameType says primary name or
alias, in inconsistent case; AliasStrength 'Low quality a.k.a' marks weak aliases. Dates of
birth are DD/MM/YYYY with unknown parts written 'dd' and 'mm' ('dd/mm/1968' is a year only).
The regime is the programme; DateDesignated the listing date.
"""

from __future__ import annotations

import re
from xml.etree.ElementTree import Element

from dualtrace.model import Batch
from dualtrace.sources.base import SourceInput
from dualtrace.sources.sanctions.common import sanctioned
from dualtrace.sources.sanctions.values import EntityValues, country_code, language
from dualtrace.sources.sanctions.xmlbase import XmlListFormat
from dualtrace.sources.sanctions.xmlstream import ElementPath, text, texts

_SCHEMA = {"individual": "Person", "entity": "Organization", "ship": "Vessel"}
_UK_DATE = re.compile(r"^(dd|\d{1,2})/(mm|\d{1,2})/(\d{4})$", re.I)
# Child element path -> property, for the simple repeated values of each kind of designation.
_SIMPLE = (
    ("Titles/Title", "title"),
    ("IndividualDetails/Individual/Positions/Position", "position"),
    ("IndividualDetails/Individual/Genders/Gender", "gender"),
    ("EntityDetails/Entity/TypeOfEntities/TypeOfEntity", "classification"),
    ("EntityDetails/Entity/PhoneNumbers/PhoneNumber", "phone"),
    ("EntityDetails/Entity/EmailAddresses/EmailAddress", "email"),
    ("EntityDetails/Entity/Websites/Website", "website"),
    ("EmailAddresses/EmailAddress", "email"),
    ("PhoneNumbers/PhoneNumber", "phone"),
    ("Websites/Website", "website"),
    ("ShipDetails/Ship/TypeOfShipDetails/TypeOfShip", "type"),
    ("ShipDetails/Ship/TonnageOfShipDetails/TonnageOfShip", "tonnage"),
    ("ShipDetails/Ship/YearsBuilt/YearBuilt", "buildDate"),
    ("ShipDetails/Ship/CallSigns/CallSign", "callSign"),
    ("ShipDetails/Ship/CurrentOwnerOperators/CurrentOwnerOperator", "notes"),
)


def uk_date(value: str | None) -> str | None:
    """ISO prefix of a UK list date: '12/11/1967' -> 1967-11-12, 'dd/09/1958' -> 1958-09."""
    if not value:
        return None
    match = _UK_DATE.match(value.strip())
    if match is None:
        return None
    day, month, year = match.groups()
    if not month.isdigit():
        return year
    if not day.isdigit():
        return f"{year}-{int(month):02d}"
    return f"{year}-{int(month):02d}-{int(day):02d}"


class UkSanctionsXml(XmlListFormat):
    name = "uk-xml"
    description = "UK Sanctions List (FCDO), XML (Designations / Designation)"
    root = "Designations"
    authority_key = "gb_hmt"
    key_field = "UniqueID"

    def dataset(self, source: SourceInput) -> str:
        return "gb_fcdo_sanctions"

    def select(self, path: ElementPath) -> bool:
        return path == ("Designations", "Designation")

    def key(self, elem: Element) -> str | None:
        return text(elem, "UniqueID")

    def read(self, batch: Batch, record_id: str, entity_id: str, elem: Element) -> None:
        kind = (text(elem, "IndividualEntityShip") or "").lower()
        ent = EntityValues.of(batch, entity_id, _SCHEMA.get(kind, "LegalEntity"), record_id)
        self._names(ent, elem)
        for path, prop in _SIMPLE:
            for value in texts(elem, path):
                ent.add(prop, value.lower() if prop == "gender" else value, label=path)
        ent.add("notes", text(elem, "OtherInformation"))
        ent.add("notes", text(elem, "UKStatementofReasons"))
        for address in elem.iterfind("Addresses/Address"):
            lines = [text(address, f"AddressLine{i}") for i in range(1, 7)]
            lines += [text(address, "AddressPostalCode"), text(address, "AddressCountry")]
            ent.add("address", ", ".join(p for p in lines if p) or None)
            ent.country("country", text(address, "AddressCountry"))
        person = elem.find("IndividualDetails/Individual")
        if person is not None:
            self._person(ent, person)
        for value in texts(
            elem, "EntityDetails/Entity/BusinessRegistrationNumbers/BusinessRegistrationNumber"
        ):
            ent.identifier("registration", value)
        ship = elem.find("ShipDetails/Ship")
        if ship is not None:
            for value in texts(ship, "IMONumbers/IMONumber"):
                ent.identifier("imo", re.sub(r"^IMO\s*", "", value, flags=re.I))
            for value in texts(ship, "CurrentBelievedFlagOfShips/CurrentBelievedFlagOfShip"):
                ent.country("flag", value)
            for value in texts(ship, "PreviousFlags/PreviousFlag"):
                ent.country("pastFlags", value)
        batch.relations.append(
            sanctioned(
                entity_id,
                self.authority,
                record_id,
                program=text(elem, "RegimeName"),
                list_id=text(elem, "UNReferenceNumber") or text(elem, "UniqueID"),
                start=uk_date(text(elem, "DateDesignated")),
                reason=text(elem, "SanctionsImposed"),
            )
        )

    def _names(self, ent: EntityValues, elem: Element) -> None:
        for name in elem.iterfind("Names/Name"):
            parts = [text(name, f"Name{i}") for i in range(1, 7)]
            whole = " ".join(p for p in parts if p)
            kind = (text(name, "NameType") or "").lower()
            strength = (text(name, "AliasStrength") or "").lower()
            if kind.startswith("primary"):
                ent.add("name", whole)
                if ent.has("firstName"):
                    ent.add("firstName", parts[0])
                    ent.add("lastName", parts[5])
            elif strength.startswith("low"):
                ent.add("weakAlias", whole)
            else:
                ent.add("alias", whole)
        for name in elem.iterfind("NonLatinNames/NonLatinName"):
            lang = language(text(name, "NonLatinScriptLanguage"))
            ent.add("alias", text(name, "NameNonLatinScript"), lang=lang)

    def _person(self, ent: EntityValues, person: Element) -> None:
        for value in texts(person, "DOBs/DOB"):
            parsed = uk_date(value)
            if parsed:
                ent.add("birthDate", parsed, original=value)
            else:
                ent.date("birthDate", value)
        for value in texts(person, "Nationalities/Nationality"):
            ent.country("nationality", value)
        for passport in person.iterfind("PassportDetails/Passport"):
            ent.identifier("passport", text(passport, "PassportNumber"))
            ent.add("notes", text(passport, "PassportAdditionalInformation"))
        for national in person.iterfind("NationalIdentifierDetails/NationalIdentifier"):
            info = text(national, "NationalIdentifierAdditionalInformation")
            ent.identifier(f"national id {info or ''}", text(national, "NationalIdentifierNumber"))
            ent.add("notes", info and f"{text(national, 'NationalIdentifierNumber')}: {info}")
        for location in person.iterfind("BirthDetails/Location"):
            place = [text(location, "TownOfBirth"), text(location, "CountryOfBirth")]
            if place[0]:
                ent.add("birthPlace", ", ".join(p for p in place if p))
            if place[1] and country_code(place[1]):
                ent.country("birthCountry", place[1])
