"""Name forms the watchlist index and the scorer share.

A name becomes ordered tokens twice over: as written in ASCII (`normalize.names`:
transliteration, invisible characters, look-alike letters and legal forms already gone), and in
a phonetic skeleton where the spellings romanisations disagree on are folded together (kh/h,
zh/z, ts/c, ya/a, y/j/i, doubled letters, c/k), so that 'IVAKHA', 'ИВАХА' and 'Ivaha' are one
token. The index looks up skeletons; the scorer compares both, since a typo can fall on a
folded letter pair ('SANCHTZ') and then the skeletons drift further apart than the words do.
Han names go through `normalize.variants` first, which adds their pinyin and English
renderings. The words `name_key` takes out as legal forms are reported too: a word that is a
legal form on one list ('SOCIEDAD', 'STATE ENTERPRISE') is often left in on the other.
"""

from __future__ import annotations

import re
from functools import lru_cache

from dualtrace.normalize.chinese import has_han
from dualtrace.normalize.names import name_key, strip_invisible, to_ascii
from dualtrace.normalize.variants import name_variants, pinyin_name_variants
from dualtrace.screen.chinese import latin_abbreviation

Tokens = tuple[str, ...]
Form = tuple[Tokens, Tokens]
"""(skeleton tokens, ASCII tokens) of one rendering of a name, position by position."""

# Longest first, so 'shch' wins over 'sh' and 'ch'.
_FOLDS = {
    "shch": "s",
    "dzh": "i",
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
_TONED = re.compile(r"[a-z][1-5]")
_CAMEL = re.compile("([a-z\u0430-\u045f]{2})([A-Z\u0400-\u042f][a-z\u0430-\u045f])")


@lru_cache(maxsize=500_000)
def skeleton(token: str) -> str:
    """The token with romanisation differences folded away (digits kept as they are)."""
    if token.isdigit():
        return token
    folded = _FOLD_RE.sub(lambda m: _FOLDS[m.group(0)], token).replace("c", "k")
    return _DOUBLE_RE.sub(r"\1", folded)


def join(a: str, b: str) -> str:
    """Two skeleton tokens written as one word ('bei' + 'ing' -> 'being', as 'beijing'): a
    skeleton has no doubled letters, so only the seam can make one."""
    return a + b[1:] if a[-1:] == b[:1] else a + b


def _initial_table() -> dict[str, frozenset[str]]:
    """Skeleton of an initial -> first letters the skeletons of its words can start with
    ('k' for Khalid gives 'h', 'y' for Yusuf gives 'u')."""
    letters = "abcdefghijklmnopqrstuvwxyz"
    table: dict[str, set[str]] = {}
    for first in letters:
        key = skeleton(first)[:1]
        starts = table.setdefault(key, set())
        for second in letters:
            for third in ("", "a", "h"):
                folded = skeleton(first + second + third)
                if folded:
                    starts.add(folded[0])
    return {k: frozenset(v) for k, v in table.items()}


INITIAL_STARTS = _initial_table()


def _split_words(name: str) -> tuple[list[str], list[str]]:
    """(words `name_key` keeps, in the name's order; words it drops as legal forms)."""
    kept = name_key(name).split()
    if not kept:
        return [], []
    budget: dict[str, int] = {}
    for word in kept:
        budget[word] = budget.get(word, 0) + 1
    marked: list[tuple[str, bool]] = []
    ascii_form = to_ascii(name).lower().replace("'", "").replace("\u2019", "")
    for word in _SPLIT_RE.split(ascii_form):
        if budget.get(word, 0) > 0:
            budget[word] -= 1
            marked.append((word, True))
        elif word:
            marked.append((word, False))
    # Legal forms open or close a name; a word taken out between two kept words is a word of
    # the name that happens to spell a form ('Chi Na', 'Sen Se Ti Me').
    kept_at = [i for i, (w, keep) in enumerate(marked) if keep and len(w) > 1]
    if not kept_at:
        kept_at = [i for i, (_w, keep) in enumerate(marked) if keep] or [0]
    first, last = kept_at[0], kept_at[-1]
    out = [w for i, (w, keep) in enumerate(marked) if keep or first < i < last]
    dropped = [w for i, (w, keep) in enumerate(marked) if not keep and not first < i < last]
    return out, dropped


def ordered_tokens(name: str) -> Tokens:
    """The words of `name_key` in the order the name gives them (word order kept for pinyin
    syllables and initials; `name_key` sorts them)."""
    return tuple(_split_words(name)[0])


def legal_words(name: str) -> frozenset[str]:
    """Skeletons of the words `name_key` removes from `name` as legal forms."""
    return analyse_name(name)[1]


def _acronyms(words: list[str]) -> list[str]:
    """Runs of single letters written as one word: 'I.P.C.' -> 'ipc', 'C.V.' -> 'cv'."""
    out: list[str] = []
    run = ""
    for word in words:
        if len(word) == 1 and word.isalpha():
            run += word
            continue
        if run:
            out.append(run)
            run = ""
        out.append(word)
    if run:
        out.append(run)
    return out


def _renderings(name: str) -> list[str]:
    """The name and the forms it has in other spellings: a Han name's pinyin and English
    renderings; a Chinese company name written in spaced pinyin ("Da Jiang Chuang Xin Ke Ji
    Youxian Gongsi") the forms its characters would give, so that it meets the same list
    entries."""
    if not has_han(name):
        return [name, *pinyin_name_variants(name)]
    return [name, *sorted(v for v in name_variants(name) if not _TONED.search(v.lower()))]


@lru_cache(maxsize=200_000)
def name_forms(name: str) -> tuple[Form, ...]:
    """Every (skeleton, ASCII) token sequence under which `name` is indexed and compared.

    Latin, Cyrillic and other scripts give one sequence; a Han name gives its pinyin and
    English renderings as well; a Latin name of a Chinese company's shape its short form.
    """
    return analyse_name(name)[0]


def split_camel(name: str) -> str:
    """'ДенисВладимирович' -> 'Денис Владимирович': words run together where a space was lost,
    which the capital still shows."""
    return _CAMEL.sub(r"\1 \2", name) if not name.isupper() else name


def analyse_name(name: str) -> tuple[tuple[Form, ...], frozenset[str]]:
    """`name_forms` and `legal_words` of a name in one pass (the index build calls this once
    for each of a million names)."""
    name = split_camel(strip_invisible(name))
    out: list[Form] = []
    seen: set[Tokens] = set()
    legal: set[str] = set()
    for i, form in enumerate(_renderings(name)):
        words_list, dropped = _split_words(form)
        if i == 0:
            legal.update(skeleton(w) for w in _acronyms(dropped) if len(w) > 1 and not w.isdigit())
        words = tuple(words_list)
        candidates = [words]
        acronym = tuple(_acronyms(words_list))
        if acronym != words:
            candidates.append(acronym)
        short = latin_abbreviation(words)
        if short is not None:
            candidates.append(tuple(short.split()))
        for raw in candidates:
            toks = tuple(skeleton(t) if len(t) > 1 else skeleton(t)[:1] for t in raw)
            if toks and toks not in seen:
                seen.add(toks)
                out.append((toks, raw))
    return tuple(out), frozenset(legal)


@lru_cache(maxsize=20_000)
def query_forms(name: str) -> tuple[Form, ...]:
    """`name_forms`, plus every word as written when some were taken out as legal forms: a
    syllable that spells a form ('Se A Zen Shipping') is then still there to be joined."""
    forms = name_forms(name)
    words = _SPLIT_RE.split(to_ascii(split_camel(strip_invisible(name))).lower().replace("'", ""))
    raw = tuple(w for w in words if w)
    if not raw or any(raw == f[1] for f in forms) or has_han(name):
        return forms
    toks = tuple(skeleton(t) if len(t) > 1 else skeleton(t)[:1] for t in raw)
    return (*forms, (toks, raw))


def name_tokens(name: str) -> tuple[Tokens, ...]:
    """The skeleton token sequences of `name_forms`."""
    return tuple(toks for toks, _raw in name_forms(name))
