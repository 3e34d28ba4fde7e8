"""Comparison and blocking keys of one name, for the probabilistic pass.

`name_key` already removes script, legal form and word order, but two romanisations of one
Russian name still differ letter by letter ("tekhsnab" under BGN/PCGN, "tehsnab" in a
trade spelling, "texsnab" in an informal one), and a typed name carries keyboard slips.
The fold below maps the spellings of each Cyrillic letter that romanisation systems disagree
on to one form, so that it serves both as a blocking key and as a comparison level weaker
than the exact key. Typo keys are the name's one-letter deletions: two names one dropped,
swapped or changed letter apart always share one.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Final

from dualtrace.normalize.chinese import chinese_company_parts, has_han, initials
from dualtrace.normalize.legal_forms import split_chinese_form
from dualtrace.normalize.names import name_key
from dualtrace.normalize.variants import variant_keys

# Spellings of one Cyrillic letter across GOST 7.79, BGN/PCGN, ICAO 9303 and trade usage,
# longest first: щ shch/sch, х kh/h, ц ts/c, ю yu/iu/ju, я ya/ia/ja, ё/е yo/ye/jo/je, й y/j/i.
_ROMANISATION: Final = (
    ("shch", "sh"),
    ("sch", "sh"),
    ("kh", "h"),
    ("ts", "c"),
    ("yu", "u"),
    ("iu", "u"),
    ("ju", "u"),
    ("ya", "a"),
    ("ia", "a"),
    ("ja", "a"),
    ("yo", "o"),
    ("jo", "o"),
    ("ye", "e"),
    ("je", "e"),
    ("y", "i"),
    ("j", "i"),
)
_DOUBLE: Final = re.compile(r"(.)\1+")
# Legal forms written in Latin letters that rigour's tables know only in their own script
# (Kazakh ТОО, Kyrgyz ОсОО, Uzbek MChJ, Chinese 有限(责任)公司 in pinyin, Turkish Şti.).
ROMANISED_FORMS: Final = frozenset(
    {"too", "osoo", "mchj", "youxian", "zeren", "gongsi", "youxiangongsi", "sti", "fze", "llp"}
)
MIN_TYPO_KEY: Final = 6
MIN_TYPO_WORD: Final = 4
MAX_DELETE_KEYS: Final = 24
END_KEY: Final = 10


@lru_cache(maxsize=500_000)
def fold(key: str) -> str:
    """A name key with romanisation differences, doubled letters and Latin-letter legal forms
    folded away; words stay sorted."""
    words = []
    for word in key.split():
        if word in ROMANISED_FORMS:
            continue
        for a, b in _ROMANISATION:
            if a in word:
                word = word.replace(a, b)
        words.append(_DOUBLE.sub(r"\1", word))
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

    Full: the name's own key and, for a Chinese name, the keys of its pinyin and English
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
