"""Name forms the watchlist index and the scorer share.

A name becomes ordered tokens in a phonetic skeleton: ASCII through `normalize.names`
(transliteration, invisible characters, homoglyphs and legal forms already gone), then the
spellings that romanisations disagree on folded together (kh/h, zh/z, ts/c, ya/a, y/j/i, doubled
letters, c/k), so that 'IVAKHA', 'ИВАХА' and 'Ivaha' are one token. Han names go through
`screen.chinese` first, which adds their pinyin and English renderings.
"""

from __future__ import annotations

import re
from functools import lru_cache

from dualtrace.normalize.names import name_key, strip_invisible, to_ascii
from dualtrace.screen.chinese import has_han, latin_abbreviation, latin_renderings

# Longest first, so 'shch' wins over 'sh' and 'ch'.
_FOLDS = {
    "shch": "s",
    "dzh": "i",
    "dz": "i",
    "sch": "s",
    "tch": "c",
    "zh": "z",
    "kh": "h",
    "ts": "c",
    "tz": "c",
    "cz": "c",
    "ch": "c",
    "sh": "s",
    "ph": "f",
    "th": "t",
    "ck": "k",
    "ya": "a",
    "ia": "a",
    "yu": "u",
    "iu": "u",
    "yo": "e",
    "ye": "e",
    "ie": "e",
    "ou": "u",
    "q": "k",
    "w": "v",
    "x": "ks",
    "y": "i",
    "j": "i",
}
_FOLD_RE = re.compile("|".join(sorted(_FOLDS, key=len, reverse=True)))
_DOUBLE_RE = re.compile(r"(.)\1+")
_SPLIT_RE = re.compile(r"[^a-z0-9]+")


@lru_cache(maxsize=500_000)
def skeleton(token: str) -> str:
    """The token with romanisation differences folded away (digits kept as they are)."""
    if token.isdigit():
        return token
    folded = _FOLD_RE.sub(lambda m: _FOLDS[m.group(0)], token).replace("c", "k")
    return _DOUBLE_RE.sub(r"\1", folded)


def ordered_tokens(name: str) -> tuple[str, ...]:
    """The words of `name_key` in the order the name gives them (word order kept for pinyin
    syllables and initials; `name_key` sorts them)."""
    kept = name_key(name).split()
    if not kept:
        return ()
    budget: dict[str, int] = {}
    for word in kept:
        budget[word] = budget.get(word, 0) + 1
    out: list[str] = []
    ascii_form = to_ascii(name).lower().replace("'", "").replace("\u2019", "")
    for word in _SPLIT_RE.split(ascii_form):
        if budget.get(word, 0) > 0:
            budget[word] -= 1
            out.append(word)
    return tuple(out)


@lru_cache(maxsize=200_000)
def name_tokens(name: str) -> tuple[tuple[str, ...], ...]:
    """Every skeleton token sequence under which `name` is indexed and compared.

    Latin, Cyrillic and other scripts give one sequence; a Han name gives its pinyin and
    English renderings as well (see `screen.chinese`).
    """
    name = strip_invisible(name)
    forms: list[str] = [name]
    if has_han(name):
        forms.extend(latin_renderings(name))
    out: list[tuple[str, ...]] = []
    for form in forms:
        words = ordered_tokens(form)
        toks = tuple(skeleton(t) for t in words)
        if toks and toks not in out:
            out.append(toks)
        short = latin_abbreviation(words)
        if short is not None:
            short_toks = tuple(skeleton(t) for t in short.split())
            if short_toks not in out:
                out.append(short_toks)
    return tuple(out)


def initials_of(tokens: tuple[str, ...]) -> str:
    return "".join(t[0] for t in tokens if t)
