"""Values every sanctions list carries in its own spelling: countries, languages, identifiers.

Each list labels identifiers its own way ("Tax ID No.", "fiscalcode", "ИНН", a bare number in
OpenSanctions); they all end up as the FollowTheMoney property an investigator searches by. A
value that fails its check digit is never dropped: it is kept under the plain property of its
kind (taxNumber, registrationNumber, idNumber) so that it is still seen, but cannot decide a
match. Countries keep the list's own words in `original`.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

from rigour.langs import iso_639_alpha3
from rigour.territories import get_territories, lookup_territory
from rigour.text.scripts import text_scripts

from dualtrace.model import Batch, entity_schema
from dualtrace.normalize.dates import parse_date
from dualtrace.normalize.identifiers import clean_identifier
from dualtrace.sources.base import EntityStatements

_NO_COUNTRY = {"", "00", "unknown", "n/a", "-", "zz"}
# Scripts that name their language; Arabic, Cyrillic and Latin are written for many languages,
# so a name in them alone says nothing certain about its language.
_SCRIPT_LANG = {
    "Han": "zho",
    "Hangul": "kor",
    "Hiragana": "jpn",
    "Katakana": "jpn",
    "Georgian": "kat",
    "Armenian": "hye",
    "Greek": "ell",
    "Hebrew": "heb",
    "Thai": "tha",
}
CHECKED_FALLBACK = {"innCode": "taxNumber", "ogrnCode": "registrationNumber"}
CHECKED_FALLBACK |= {"leiCode": "idNumber", "imoNumber": "registrationNumber"}
CHECKED_FALLBACK |= {"uscCode": "registrationNumber"}
"""Identifier properties with a check-digit rule, and where a value failing it is kept."""
# (words in the list's label, property), the first that matches wins.
_ID_LABELS: tuple[tuple[tuple[str, ...], str], ...] = (
    (("ogrnip",), "ogrnCode"),
    (("ogrn", "огрн"), "ogrnCode"),
    (("inn", "инн", "taxpayer identification number (russia)"), "innCode"),
    (("kpp", "кпп"), "kppCode"),
    (("okpo", "окпо"), "okpoCode"),
    (("bik (ru)", "bik"), "bikCode"),
    (("passport",), "passportNumber"),
    (("legal entity number", "lei"), "leiCode"),
    (("swift", "bic"), "swiftBic"),
    (("imo", "vessel registration identification"), "imoNumber"),
    (("mmsi",), "mmsi"),
    (("unified social credit", "uscc"), "uscCode"),
    (("d-u-n-s", "duns"), "dunsCode"),
    (("isin",), "isinCode"),
    (("vat", "v.a.t."), "vatCode"),
    (("ssn", "social security"), "socialSecurityNumber"),
    (("tax", "fiscal", "nif", "n.i.f.", "rfc", "tin", "cuit", "c.u.i.t.", "nit"), "taxNumber"),
    (("registration", "regnumber", "company number", "registry", "incorporation"), "reg"),
    (("national id", "identification", "id card", "id-card", "identity", "personal id"), "id"),
)


# Official spellings the territory names do not carry literally.
_COUNTRY_ALIASES = {
    "turkey": "tr",
    "viet nam": "vn",
    "russia": "ru",
    "china hong kong special administrative region": "hk",
    "china macao special administrative region": "mo",
    "korea north": "kp",
    "korea south": "kr",
    "democratic people s republic of korea": "kp",
    "republic of korea": "kr",
    "burma": "mm",
    "congo democratic republic of the": "cd",
    "lao people s democratic republic": "la",
    "congo": "cg",
    "soviet union": "suhh",
    "former soviet union": "suhh",
    "ussr": "suhh",
}


def _key(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text.casefold())
    folded = "".join(ch for ch in folded if not unicodedata.combining(ch))
    return " ".join("".join(ch if ch.isalnum() else " " for ch in folded).split())


@lru_cache(maxsize=1)
def _country_names() -> dict[str, str]:
    """Names and codes of every territory, as exact keys (rigour's fuzzy lookup is slow to
    load, so it only answers what these miss)."""
    names: dict[str, str] = {}
    for territory in get_territories():
        code = territory.ftm_country or territory.code
        for name in (territory.name, territory.full_name, territory.alpha3, *territory.codes):
            if name:
                names.setdefault(_key(name), code)
        names.setdefault(_key(territory.code), code)
    names.update(_COUNTRY_ALIASES)
    return names


@lru_cache(maxsize=4096)
def country_code(text: str) -> str | None:
    """The ISO 3166 alpha-2 code (lower case) of a country name or code, or None."""
    cleaned = text.strip()
    if cleaned.lower() in _NO_COUNTRY:
        return None
    key = _key(cleaned)
    names = _country_names()
    found = names.get(key) or names.get(_key(cleaned.split("(")[0]))
    if found is None:
        territory = lookup_territory(cleaned)
        found = (territory.ftm_country or territory.code) if territory else None
    return found.lower() if found else None


_ISO_DATE = re.compile(r"^\d{4}(?:-\d{2}(?:-\d{2})?)?$")
_DAY_MONTH_YEAR = re.compile(r"^(?:(\d{1,2}) )?([A-Za-z]{3}) (\d{4})$")
_MONTHS = {
    m: i
    for i, m in enumerate(
        ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], 1
    )
}


@lru_cache(maxsize=65536)
def date_prefix(text: str) -> str | None:
    """parse_date, with the layouts the lists use most ('1962', '12 Jan 1962') read directly:
    a list has thousands of dates and the general parser tries each layout in turn."""
    cleaned = text.strip().rstrip(".")
    if _ISO_DATE.match(cleaned):
        return cleaned
    match = _DAY_MONTH_YEAR.match(cleaned)
    if match and match.group(2).lower() in _MONTHS:
        day, month, year = match.groups()
        found = f"{year}-{_MONTHS[month.lower()]:02d}"
        return f"{found}-{int(day):02d}" if day else found
    return parse_date(cleaned)


@lru_cache(maxsize=512)
def language(code: str | None) -> str | None:
    """ISO 639-3 for a two- or three-letter language code in any case ('FR', 'RUS'), or None."""
    if not code or not code.strip():
        return None
    found: str | None = iso_639_alpha3(code.strip().lower())
    return found


def script_language(name: str) -> str | None:
    """The language a name's script implies, only where the script is written for one."""
    scripts = set(text_scripts(name)) - {"Latin", "Common"}
    langs = {_SCRIPT_LANG.get(s) for s in scripts}
    if len(langs) == 1:
        return langs.pop()
    return None


@lru_cache(maxsize=2048)
def _has(schema: str, prop: str) -> bool:
    return entity_schema(schema).has_property(prop)


@lru_cache(maxsize=2048)
def identifier_kind(label: str) -> str:
    """The property an identifier labelled `label` belongs to ('reg'/'id' for the plain ones)."""
    lowered = f" {label.lower()} "
    for words, prop in _ID_LABELS:
        for word in words:
            if (f" {word} " if len(word) <= 4 else word) in lowered or lowered.strip() == word:
                return prop
    return "id"


@dataclass(frozen=True, slots=True)
class EntityValues:
    """Adds one entity's values, checking its schema, so parsers never add an unknown property.

    A value whose property the schema lacks goes to `notes` with its label, never nowhere.
    """

    statements: EntityStatements
    seen: set[tuple[str, str, str | None]] = field(default_factory=set)
    """(property, value, language) already added: lists repeat values (one country per address)."""

    @classmethod
    def of(cls, batch: Batch, entity_id: str, schema: str, record_id: str) -> EntityValues:
        return cls(EntityStatements(batch, entity_id, schema, record_id))

    @property
    def schema(self) -> str:
        return self.statements.schema

    def has(self, prop: str) -> bool:
        return _has(self.schema, prop)

    def add(
        self,
        prop: str,
        value: str | None,
        *,
        original: str | None = None,
        lang: str | None = None,
        label: str | None = None,
    ) -> None:
        if value is None or not value.strip():
            return
        if not _has(self.schema, prop):
            prop, value = "notes", f"{label or prop}: {value.strip()}"
        key = (prop, value.strip(), lang)
        if key in self.seen:
            return
        self.seen.add(key)
        self.statements.add(prop, value, original=original, lang=lang)

    def country(self, prop: str, text: str | None, code: str | None = None) -> None:
        """A country given as a name, a code or both: the code is the value, the words kept."""
        raw = (text or "").strip()
        found = country_code(code) if code else None
        found = found or (country_code(raw) if raw else None)
        if found:
            self.add(prop, found, original=raw or code)
        elif raw and raw.lower() not in _NO_COUNTRY:
            self.add(prop, raw)

    def date(self, prop: str, text: str | None) -> None:
        if not text or not text.strip():
            return
        parsed = date_prefix(text)
        if parsed:
            self.add(prop, parsed, original=text.strip())
        else:
            self.add("notes", f"{prop}: {text.strip()}")

    def identifier(self, label: str, value: str | None, country: str | None = None) -> None:
        """An identifier under the property its label names, validated where a rule exists."""
        if value is None or not value.strip():
            return
        value = value.strip()
        prop = identifier_kind(label)
        if prop == "taxNumber" and country == "ru" and clean_identifier("innCode", value):
            prop = "innCode"
        if prop in ("reg", "taxNumber", "id") and country == "ru" and len(value) in (13, 15):
            prop = "ogrnCode" if clean_identifier("ogrnCode", value) else prop
        if prop in CHECKED_FALLBACK:
            cleaned = clean_identifier(prop, value)
            if cleaned is None:
                prop = CHECKED_FALLBACK[prop]
            else:
                self.add(prop, cleaned, original=value, label=label)
                return
        if prop == "reg":
            prop = "registrationNumber"
        elif prop == "id":
            prop = "idNumber" if self.has("idNumber") else "registrationNumber"
        if prop == "idNumber" and not self.has(prop):
            prop = "registrationNumber"
        self.add(prop, value, label=label)


def classify_bare_identifier(value: str) -> str:
    """The property of an identifier given with no label (OpenSanctions' mixed column)."""
    compact = value.strip().upper()
    if compact.startswith("IMO") and clean_identifier("imoNumber", compact[3:].strip()):
        return "imoNumber"
    if compact.isdigit():
        if len(compact) in (13, 15) and clean_identifier("ogrnCode", compact):
            return "ogrnCode"
        if len(compact) in (10, 12) and clean_identifier("innCode", compact):
            return "innCode"
    if len(compact) == 20 and clean_identifier("leiCode", compact):
        return "leiCode"
    if len(compact) == 18 and clean_identifier("uscCode", compact):
        return "uscCode"
    return "registrationNumber"
