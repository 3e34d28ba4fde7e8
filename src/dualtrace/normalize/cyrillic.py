"""Cyrillic to Latin under the systems that produce the spellings found in real sources.

Customs declarations, sanctions lists, company websites and certificates each spell one
Russian name their own way: GOST 7.79 System B (ISO 9 in ASCII, used in Russian documents),
BGN/PCGN (US and UK government lists), ICU (what software produces) and informal spellings
(ж as j, х as h, я as ia). The letter tables are the published systems written out, since the
installed libraries implement only one system each.
"""

from __future__ import annotations

import itertools
import re
from typing import Final

from normality import ascii_text

# GOST 7.79-2000 System B, Russian and Ukrainian letters. "ц" is "cz" before e, i, y, j and
# "c" elsewhere; that rule is applied in `gost_779b`.
_GOST: Final = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "yo", "ж": "zh", "з": "z",
    "и": "i", "й": "j", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r",
    "с": "s", "т": "t", "у": "u", "ф": "f", "х": "x", "ц": "cz", "ч": "ch", "ш": "sh",
    "щ": "shh", "ъ": "``", "ы": "y'", "ь": "`", "э": "e`", "ю": "yu", "я": "ya", "і": "i'",
    "ї": "yi", "є": "ye", "ґ": "g`",
}  # fmt: skip
# BGN/PCGN 1947 for Russian; "е" is "ye" at the start of a word and after a vowel, ъ or ь.
_BGN: Final = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "e", "ж": "zh", "з": "z",
    "и": "i", "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r",
    "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh",
    "щ": "shch", "ъ": '"', "ы": "y", "ь": "'", "э": "e", "ю": "yu", "я": "ya", "і": "i",
    "ї": "yi", "є": "ye", "ґ": "g",
}  # fmt: skip
# Informal spellings: each letter's alternatives, the first being the BGN-like default.
INFORMAL: Final = {
    "ж": ("zh", "j"),
    "х": ("kh", "h", "x"),
    "ц": ("ts", "c", "tz"),
    "щ": ("shch", "sch", "sh"),
    "ю": ("yu", "iu", "ju"),
    "я": ("ya", "ia", "ja"),
    "й": ("y", "i", "j"),
    "ё": ("e", "yo"),
    "ы": ("y", "i"),
    "ь": ("",),
    "ъ": ("",),
}
# The spelling of keys: BGN/PCGN without its apostrophes and context rules, so it is a plain
# character table (str.translate), two orders of magnitude faster than rigour's ICU-backed
# transliteration, which matters for keys computed for every name. Ukrainian, Belarusian,
# Kazakh and Serbian letters included.
_KEY_LOWER: Final = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "e", "ж": "zh", "з": "z",
    "и": "i", "й": "i", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r",
    "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh",
    "щ": "shch", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "yu", "я": "ya", "і": "i", "ї": "i",
    "є": "ie", "ґ": "g", "ў": "u", "ә": "a", "ғ": "g", "қ": "k", "ң": "n", "ө": "o", "ұ": "u",
    "ү": "u", "һ": "h", "ђ": "dj", "ј": "j", "љ": "lj", "њ": "nj", "ћ": "c", "џ": "dz",
}  # fmt: skip
_KEY_TABLE: Final = str.maketrans(
    _KEY_LOWER | {k.upper(): v[:1].upper() + v[1:] for k, v in _KEY_LOWER.items()}
)
_VOWELS: Final = frozenset("аеёиоуыэюяіїє")
_CZ_BEFORE: Final = frozenset("еиыйeiyj")
_CYRILLIC: Final = re.compile(r"[\u0400-\u04ff]")
MAX_INFORMAL: Final = 32


def has_cyrillic(text: str) -> bool:
    return _CYRILLIC.search(text) is not None


def _apply(text: str, table: dict[str, str], rule: str = "") -> str:
    out: list[str] = []
    prev = ""
    for i, ch in enumerate(text):
        low = ch.lower()
        latin = table.get(low)
        if latin is None:
            out.append(ch)
            prev = low
            continue
        if rule == "bgn" and low == "е" and (not prev.isalpha() or prev in _VOWELS or prev in "ъь"):
            latin = "ye"
        if rule == "gost" and low == "ц":
            following = text[i + 1].lower() if i + 1 < len(text) else ""
            latin = "cz" if following in _CZ_BEFORE else "c"
        if ch.isupper():
            latin = latin[:1].upper() + latin[1:]
        out.append(latin)
        prev = low
    return "".join(out)


def key_spelling(text: str) -> str:
    """Cyrillic letters in the fixed spelling name keys use; other characters unchanged."""
    return text.translate(_KEY_TABLE)


def gost_779b(text: str) -> str:
    """GOST 7.79-2000 System B (ISO 9:1995 in Latin letters without diacritics)."""
    return _apply(text, _GOST, rule="gost")


def bgn_pcgn(text: str) -> str:
    """BGN/PCGN romanisation of Russian, as on US and UK government lists."""
    return _apply(text, _BGN, rule="bgn")


def icu(text: str) -> str:
    """ICU's Any-Latin then Latin-ASCII (through normality), what most software produces."""
    return ascii_text(text) or ""


def informal_spellings(text: str, limit: int = MAX_INFORMAL) -> list[str]:
    """Common informal spellings, each letter class spelt one way throughout the name.

    "Пустельга Технологии" gives "Pustelga Tekhnologii", "Pustelga Tehnologii", "Pustelga
    Texnologii", ... The number of combinations grows with the number of distinct varying
    letters, so at most `limit` spellings come back, the most common first.
    """
    lowered = text.lower()
    letters = [ch for ch in INFORMAL if ch in lowered]
    base = {k: v for k, v in _BGN.items() if k not in INFORMAL}
    # Fewest departures from the default first, so that every letter's alternatives appear
    # before combinations of several.
    choices = sorted(
        itertools.product(*(range(len(INFORMAL[ch])) for ch in letters)),
        key=lambda picks: sum(1 for p in picks if p),
    )
    out: list[str] = []
    for picks in choices[:limit]:
        table = base | {ch: INFORMAL[ch][p] for ch, p in zip(letters, picks, strict=True)}
        out.append(_apply(text, table))
    return out


def cyrillic_spellings(text: str) -> set[str]:
    """Every ASCII spelling of a Cyrillic text under the systems above."""
    if not has_cyrillic(text):
        return {text}
    forms = {gost_779b(text), bgn_pcgn(text), icu(text), *informal_spellings(text)}
    return {ascii_text(form) or "" for form in forms} - {""}
