"""Country names and codes, in English, Russian and Chinese, to ISO 3166-1 alpha-2 codes.

Sources write countries every way at once: "CHINA", "CN", "CHN", "156", "Китай", "КНР", "中国",
"Hong Kong, China", "Тайвань (Китай)". One lower-case ISO code per country lets flows, red flags
and screening compare them. rigour's territory data does the heavy lifting (names in many
languages, ISO-2/ISO-3 codes); CLDR through Babel adds the numeric codes that customs
declarations use and the Russian and Chinese names rigour lacks.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from functools import cache, lru_cache
from typing import Final

from babel import Locale
from babel.core import get_global
from rigour.territories import get_territory, lookup_territory
from rigour.territories.util import normalize_territory_name

# Neither rigour nor CLDR lists these informal spellings, which appear in customs
# declarations, certificates and trade press; each maps to exactly one country. Ambiguous
# short forms ("Корея", "Korea", "Congo") are left out on purpose.
_INFORMAL: Final = {
    "кнр": "cn",
    "китайская народная республика": "cn",
    "белоруссия": "by",
    "сянган": "hk",
    "аомынь": "mo",
    "оаэ": "ae",
    "арабские эмираты": "ae",
    "великобритания": "gb",
    "соединенное королевство": "gb",
    "соединенные штаты америки": "us",
    "сша": "us",
    "турецкая республика": "tr",
    "turkish republic": "tr",
    "lao pdr": "la",
    "кыргызская республика": "kg",
    "阿联酋": "ae",
    "澳门": "mo",
    "澳門": "mo",
    "中国大陆": "cn",
    "中國大陸": "cn",
    "大陆": "cn",
    "内地": "cn",
}

# "中国香港", "中国台湾": the region after a Chinese "China" prefix is the country meant.
_CHINA_PREFIXES: Final = ("中国", "中國")
_PARENTHESES: Final = re.compile(r"\s*[\(\[（【][^\)\]）】]*[\)\]）】]\s*")
_INVISIBLE: Final = re.compile(r"[\u00ad\u200b-\u200f\u2028-\u202e\u2060-\u2064\ufeff]")
_CLDR_LOCALES: Final = ("en", "ru", "zh", "zh_Hant")
# "Республика Армения", "Republic of Armenia", "The Netherlands": the bare name is the country.
_STATE_PREFIX: Final = re.compile(r"^(?:республика|republic of|the)\s+", re.IGNORECASE)


def _iso_alpha2(code: str) -> str | None:
    """The ISO 3166-1 alpha-2 code a rigour territory code stands for, or None.

    Sub-national codes ("ua-cri" Crimea, "ua-dpr", "gb-eng") follow ISO 3166-2: the part
    before the hyphen is the country. Historic unions ("suhh" Soviet Union), supranational
    bodies ("eu") and "unknown" ("zz") have no alpha-2 country and give None.
    """
    country = code.split("-", 1)[0]
    if len(country) != 2:
        return None
    territory = get_territory(country)
    if territory is None or (territory.alpha3 is None and country != "xk"):
        return None
    return country


@cache
def _numeric_codes() -> dict[str, str]:
    """ISO 3166-1 numeric code ("643") -> alpha-2 ("ru"), from CLDR's territory aliases."""
    aliases: Mapping[str, list[str]] = get_global("territory_aliases")
    table: dict[str, str] = {}
    for alias, targets in aliases.items():
        if alias.isdigit() and len(targets) == 1 and len(targets[0]) == 2:
            table[alias] = targets[0].lower()
    return table


@cache
def _cldr_names() -> dict[str, str]:
    """Normalised country names in English, Russian and Chinese (CLDR) -> alpha-2."""
    table: dict[str, str] = {}
    for locale in _CLDR_LOCALES:
        for code, name in Locale.parse(locale).territories.items():
            if len(code) == 2 and code.isalpha():
                table.setdefault(normalize_territory_name(name), code.lower())
    for name, code in _INFORMAL.items():
        table[normalize_territory_name(name)] = code
    return table


def _lookup(text: str) -> str | None:
    """A code or name through the cheap tables first: rigour's index of territory names
    takes seconds to build, once per process, which an ingest of a file naming its countries
    as codes or in their CLDR names ("CN", "Китай") never needs."""
    if text.isdigit() and len(text) <= 3:
        return _numeric_codes().get(text.zfill(3))
    if len(text) == 2 and text.isascii() and text.isalpha():
        coded = get_territory(text.lower())
        if coded is not None:
            return _iso_alpha2(coded.code)
    named = _cldr_names().get(normalize_territory_name(text))
    if named is not None and (country := _iso_alpha2(named)) is not None:
        return country
    territory = lookup_territory(text)
    if territory is not None:
        return _iso_alpha2(territory.code)
    return None


def _candidates(text: str) -> list[str]:
    """The forms worth trying, most literal first."""
    forms = [text]
    bare = _PARENTHESES.sub(" ", text).strip()
    if bare and bare != text:
        forms.append(bare)
    if "," in bare:
        # "Korea, Republic of", "CHINA, PEOPLE'S REPUBLIC OF": the inverted list order.
        head, _, tail = bare.partition(",")
        forms.append(f"{tail.strip()} {head.strip()}")
        forms.append(head.strip())
    unprefixed = _STATE_PREFIX.sub("", bare)
    if unprefixed != bare:
        forms.append(unprefixed)
    for prefix in _CHINA_PREFIXES:
        if bare.startswith(prefix) and len(bare) > len(prefix):
            forms.append(bare[len(prefix) :])
    return forms


@lru_cache(maxsize=50_000)
def country_code(text: str) -> str | None:
    """The ISO 3166-1 alpha-2 code (lower case) of a country name or code, or None.

    Accepts ISO alpha-2, alpha-3 and numeric codes and names in English, Russian and Chinese
    with their common variants. Occupied or disputed regions resolve to the ISO country of
    their ISO 3166-2 code (Crimea -> "ua"); an unknown or ambiguous text gives None rather
    than a guess.
    """
    text = unicodedata.normalize("NFKC", _INVISIBLE.sub("", text)).strip(" \t\r\n.;:-")
    if not text:
        return None
    for form in _candidates(text):
        code = _lookup(form)
        if code is not None:
            return code
    return None


def country_name(code: str, lang: str = "en") -> str | None:
    """The CLDR name of an alpha-2 code in `lang` ("en", "ru", "zh"), for reports."""
    try:
        names = Locale.parse(lang).territories
    except (ValueError, LookupError):
        return None
    name: str | None = names.get(code.upper())
    return name
