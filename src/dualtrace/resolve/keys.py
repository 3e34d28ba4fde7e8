"""Comparison and blocking keys of one name, for the probabilistic pass.

`name_key` already removes script, legal form and word order, but two romanisations of one
Russian name still differ letter by letter ("tekhsnab" under BGN/PCGN, "tehsnab" in a
trade spelling, "texsnab" in an informal one), and a typed name carries keyboard slips.
The fold below maps the spellings of each Cyrillic letter that romanisation systems disagree
on to one form, so that it serves both as a blocking key and as a comparison level weaker
than the exact key. Typo keys are the name's one-letter deletions: two names one dropped,
swapped or changed letter apart always share one. A Cyrillic name gets them in Cyrillic too,
where a slip is one letter whatever its romanisation.
"""

from __future__ import annotations

import re
import string
from functools import lru_cache
from typing import Final

from dualtrace.normalize.chinese import (
    chinese_company_parts,
    has_han,
    initials,
    romanised_chinese_parts,
)
from dualtrace.normalize.legal_forms import CHINESE_FORMS, legal_forms, split_chinese_form
from dualtrace.normalize.names import name_key
from dualtrace.normalize.variants import pinyin_name_variants, variant_keys

# Spellings of one Cyrillic letter across GOST 7.79, BGN/PCGN, ICAO 9303 and trade usage,
# longest first: щ shch/sch, х kh/h, ц ts/c, ё/е yo/ye/jo/je, and the y, i or j that й, я
# (ya/ia/ja) and ю (yu/iu) begin with. я and ю keep their vowel: Люктяк and Луктак, or
# Нювяр and Нувяр, are two names, not two spellings of one.
_ROMANISATION: Final = (
    ("shch", "sh"),
    ("sch", "sh"),
    ("kh", "h"),
    ("ts", "c"),
    ("yo", "o"),
    ("jo", "o"),
    ("ye", "e"),
    ("je", "e"),
    ("y", "i"),
)
# j is i only where pinyin cannot have it: pinyin writes j before i and u alone, and jin and
# yin, ju and yu are different syllables (金 and 银). Russian ю spelt "ju" is the price.
_J_AS_I: Final = re.compile(r"j(?![iu])")
_DOUBLE: Final = re.compile(r"(.)\1+")
_FINAL_II: Final = re.compile(r"ii+$")
# Legal forms written in Latin letters that rigour's tables know only in their own script
# (Kazakh ТОО, Kyrgyz ОсОО, Uzbek MChJ, Chinese 有限(责任)公司 in pinyin, Turkish Şti.).
ROMANISED_FORMS: Final = frozenset(
    {"too", "osoo", "mchj", "youxian", "zeren", "gongsi", "youxiangongsi", "sti", "fze", "llp"}
)
# The same forms as the generic forms rigour gives their home-script spelling, written before
# a quoted name (TOO "ALTYN", OsOO "BISHKEK", MChJ "TOSHKENT").
_ROMANISED_FORM_GENERIC: Final = {"too": "llp", "osoo": "llc", "mchj": "llc"}
_CHINESE_GENERIC: Final = dict(CHINESE_FORMS)
_FIRST_WORD: Final = re.compile(r"\w+")
MIN_TYPO_KEY: Final = 5
MIN_TYPO_WORD: Final = 4
MAX_DELETE_KEYS: Final = 24
END_KEY: Final = 10


# Cyrillic letters, one ASCII character each: the engine's edit distances count bytes, and a
# Cyrillic letter is two of them in UTF-8. Only slips between two Cyrillic names are measured
# in this code, so any one-to-one table will do.
_CYRILLIC_LETTERS: Final = "абвгдежзийклмнопрстуфхцчшщъыьэюяёіїєґўәғқңөұүһ"
_ONE_BYTE: Final = str.maketrans(
    dict(zip(_CYRILLIC_LETTERS, string.ascii_letters[: len(_CYRILLIC_LETTERS)], strict=True))
)


def cyrillic_slip_letters(key: str) -> str:
    """A Cyrillic script key without spaces, one ASCII character per letter."""
    return key.replace(" ", "").translate(_ONE_BYTE)


@lru_cache(maxsize=500_000)
def fold(key: str) -> str:
    """A name key with romanisation differences, doubled letters and Latin-letter legal forms
    folded away; words stay sorted."""
    words = []
    for word in key.split():
        if word in ROMANISED_FORMS:
            continue
        # Doubled letters first: the fold must not make new ones ("ying" and "ing" are two
        # names), apart from the ending ый/ий, spelt yy, yi, iy, ii, yj or ij.
        word = _DOUBLE.sub(r"\1", word)
        for a, b in _ROMANISATION:
            if a in word:
                word = word.replace(a, b)
        if "j" in word:
            word = _J_AS_I.sub("i", word)
        words.append(_FINAL_II.sub("i", word))
    return " ".join(sorted(words))


def typo_keys(compact: str) -> tuple[str, ...]:
    """Keys two names one slip apart always share: the name without each one of its letters
    (a dropped letter, a swapped pair and a changed letter all meet there). Long names, where
    that makes too many keys, get their two ends instead."""
    if len(compact) < MIN_TYPO_KEY:
        return ()
    if len(compact) > MAX_DELETE_KEYS:
        return (f"p:{compact[:END_KEY]}", f"s:{compact[-END_KEY:]}")
    return (f"d:{compact}", *(f"d:{compact[:i]}{compact[i + 1 :]}" for i in range(len(compact))))


@lru_cache(maxsize=500_000)
def spellings(name: str) -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    """(full, abbreviated, folded) keys of the spellings of a name.

    Full: the name's own key and, for a Chinese name (in characters, or in pinyin ending in a
    Chinese legal form: "Da Zheng Dian Zi Youxian Gongsi"), the keys of its pinyin and English
    forms. Abbreviated: Chinese forms with the trade name's initials (大疆 -> DJ, DJI), true
    of 'SZ DJI Technology' but shared by unrelated firms often enough to weigh less.
    Folded: the full keys with romanisation differences folded. A Cyrillic name's folded key
    meets every romanisation of it (GOST, BGN/PCGN, ICAO, trade spellings), so Cyrillic names
    need no list of spellings; two Latin names meeting only there weigh less (folding also
    joins some pinyin syllables, jin and yin).
    """
    full = {name_key(name)}
    short: set[str] = set()
    if has_han(name):
        parts = chinese_company_parts(name)
        abbreviation = initials(parts.trade_name).lower() if parts and parts.trade_name else ""
        for key in variant_keys(name):
            words = key.split()
            if abbreviation and any(
                w.startswith(abbreviation) and len(w) <= len(abbreviation) + 1 for w in words
            ):
                short.add(key)
            else:
                full.add(key)
    else:
        full.update(name_key(v) for v in pinyin_name_variants(name))
    full.discard("")
    return (
        frozenset(full),
        frozenset(k for k in short if k),
        frozenset(f for f in map(fold, full) if f),
    )


@lru_cache(maxsize=500_000)
def han_core(name: str) -> str | None:
    """A Chinese name's characters without legal form or spaces: two firms whose names are
    written in characters are told apart by the characters, not by their pinyin (城信, 成信)."""
    if not has_han(name):
        return None
    rest, _form, branch = split_chinese_form("".join(name.split()))
    return rest + (branch or "")


@lru_cache(maxsize=500_000)
def generic_forms(name: str) -> frozenset[str]:
    """The generic legal forms of a name ("llc", "jsc", "llp"), whatever its language: rigour's
    tables, Chinese forms in characters or in pinyin, and Central Asian forms in Latin letters
    before a quoted name, which rigour knows only in Cyrillic."""
    found = set(legal_forms(name))
    if not found and name.isascii():
        first = _FIRST_WORD.search(name)
        word = first.group(0).lower() if first else ""
        if word in _ROMANISED_FORM_GENERIC and ('"' in name or "«" in name):
            found.add(_ROMANISED_FORM_GENERIC[word])
        elif (parts := romanised_chinese_parts(name)) is not None:
            found.add(_CHINESE_GENERIC[parts.legal_form])
    return frozenset(found)
