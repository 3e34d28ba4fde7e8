"""How a listed name is varied to make an evaluation case, one function per class.

Each function takes the listed name, its schema and a seeded random generator, and returns the
varied name, or None when the class does not apply to that name (a one-word name has no word
order). The Latin -> Cyrillic table follows Russian usage for foreign names; the Chinese
renderings reverse the tables of `normalize.chinese`, so that class measures the mechanics of
crossing scripts, not how many real trade names the tables know.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable
from functools import lru_cache

from dualtrace.normalize.chinese import INDUSTRY_ENGLISH
from dualtrace.normalize.names import name_key
from dualtrace.screen.chinese import ENGLISH_INDUSTRY, place_by_pinyin, split_pinyin

Variation = Callable[[str, str, random.Random], str | None]
_WORD = re.compile(r"[A-Za-z]+")
_LEGAL = re.compile(
    r"\b(co\.?,? ltd\.?|ltd\.?|llc|jsc|pjsc|ojsc|cjsc|ooo|zao|oao|gmbh|s\.?a\.?|inc\.?|"
    r"limited|company|corporation|corp\.?|joint[- ]stock company|limited liability company)$",
    re.I,
)
LEGAL_FORMS = ("LLC", "ООО", "Co., Ltd.", "JSC", "АО", "Limited Liability Company", "GmbH")
HOMOGLYPHS = {
    "a": "а",
    "e": "е",
    "o": "о",
    "p": "р",
    "c": "с",
    "x": "х",
    "A": "А",
    "B": "В",
    "E": "Е",
    "K": "К",
    "M": "М",
    "H": "Н",
    "O": "О",
    "P": "Р",
    "C": "С",
    "T": "Т",
}
INVISIBLE = ("\u200b", "\u200c", "\u200d", "\u00ad", "\u2060", "\ufeff")
_TO_CYRILLIC = [
    ("shch", "щ"),
    ("sch", "щ"),
    ("kh", "х"),
    ("zh", "ж"),
    ("ts", "ц"),
    ("ch", "ч"),
    ("sh", "ш"),
    ("ya", "я"),
    ("yu", "ю"),
    ("ye", "е"),
    ("yo", "ё"),
    ("iy", "ий"),
    ("yy", "ый"),
    ("a", "а"),
    ("b", "б"),
    ("v", "в"),
    ("g", "г"),
    ("d", "д"),
    ("e", "е"),
    ("z", "з"),
    ("i", "и"),
    ("y", "й"),
    ("k", "к"),
    ("l", "л"),
    ("m", "м"),
    ("n", "н"),
    ("o", "о"),
    ("p", "п"),
    ("r", "р"),
    ("s", "с"),
    ("t", "т"),
    ("u", "у"),
    ("f", "ф"),
    ("h", "х"),
    ("c", "к"),
    ("w", "в"),
    ("x", "кс"),
    ("j", "дж"),
    ("q", "к"),
]


def _words(name: str) -> list[str]:
    return name.replace(",", " ").split()


def exact(name: str, schema: str, rng: random.Random) -> str | None:
    return name


def word_order(name: str, schema: str, rng: random.Random) -> str | None:
    if schema == "Person" and "," in name:
        last, _, given = name.partition(",")
        return f"{given.strip()} {last.strip()}" if given.strip() else None
    words = _words(_LEGAL.sub("", name).strip(" ,"))
    return " ".join(reversed(words)) if len(words) >= 2 else None


def legal_form(name: str, schema: str, rng: random.Random) -> str | None:
    if schema == "Person" or len(_words(name)) < 1:
        return None
    bare = _LEGAL.sub("", name.strip()).strip(" ,")
    if not bare or not name_key(bare):
        return None
    form = rng.choice(LEGAL_FORMS)
    return f"{form} {bare}" if form in {"ООО", "АО"} else f"{bare} {form}"


def typo(name: str, schema: str, rng: random.Random) -> str | None:
    words = _words(name)
    longest = max(range(len(words)), key=lambda i: len(words[i]))
    word = words[longest]
    if len(word) < 6 or not word.isalpha():
        return None
    i = rng.randrange(1, len(word) - 1)
    kind = rng.choice(("sub", "del", "ins", "swap"))
    letter = rng.choice("aeiourstnlk")
    if kind == "sub":
        word = word[:i] + letter + word[i + 1 :]
    elif kind == "del":
        word = word[:i] + word[i + 1 :]
    elif kind == "ins":
        word = word[:i] + letter + word[i:]
    else:
        word = word[: i - 1] + word[i] + word[i - 1] + word[i + 1 :]
    words[longest] = word
    return " ".join(words)


def homoglyph(name: str, schema: str, rng: random.Random) -> str | None:
    spots = [i for i, ch in enumerate(name) if ch in HOMOGLYPHS]
    if not spots:
        return None
    chars = list(name)
    for i in rng.sample(spots, min(len(spots), rng.randint(1, 3))):
        chars[i] = HOMOGLYPHS[chars[i]]
    return "".join(chars)


def invisible(name: str, schema: str, rng: random.Random) -> str | None:
    chars = list(name)
    for _ in range(rng.randint(1, 2)):
        chars.insert(rng.randrange(1, len(chars)), rng.choice(INVISIBLE))
    return "".join(chars)


def dropped_token(name: str, schema: str, rng: random.Random) -> str | None:
    if schema == "Person":
        last, _, given = name.partition(",")
        given_words = given.split()
        if len(given_words) < 2:
            return None
        return f"{last.strip()}, {' '.join(given_words[:-1])}"
    words = _words(_LEGAL.sub("", name).strip(" ,"))
    if len(words) < 4:
        return None
    longest = max(range(len(words)), key=lambda i: len(words[i]))
    choices = [i for i in range(1, len(words)) if i != longest]
    if not choices:
        return None
    del words[rng.choice(choices)]
    return " ".join(words)


def initials(name: str, schema: str, rng: random.Random) -> str | None:
    if schema != "Person" or "," not in name:
        return None
    last, _, given = name.partition(",")
    given_words = given.split()
    if not given_words or not last.strip():
        return None
    first = given_words[0]
    return f"{first[0]}. {' '.join(given_words[1:])} {last.strip()}".replace("  ", " ")


def _cyrillic_word(word: str) -> str:
    out, i, low = [], 0, word.lower()
    while i < len(low):
        for latin, cyr in _TO_CYRILLIC:
            if low.startswith(latin, i):
                out.append(cyr)
                i += len(latin)
                break
        else:
            out.append(low[i])
            i += 1
    text = re.sub("(?<=[бвгдзклмнпрстфхцчшщ])й$", "ий", "".join(out))
    return text.capitalize() if word[:1].isupper() else text


def cyrillic(name: str, schema: str, rng: random.Random) -> str | None:
    if schema != "Person" or not _WORD.search(name):
        return None
    return _WORD.sub(lambda m: _cyrillic_word(m.group(0)), word_order(name, schema, rng) or name)


@lru_cache(maxsize=1)
def _han_for_syllable() -> dict[str, str]:
    import unicodedata

    from pypinyin.pinyin_dict import pinyin_dict

    table: dict[str, str] = {}
    for code in sorted(pinyin_dict):
        if not 0x4E00 <= code <= 0x9FFF:
            continue
        first = unicodedata.normalize("NFD", pinyin_dict[code].split(",")[0])
        bare = "".join(c for c in first if c.isascii() and c.isalpha())
        table.setdefault(bare, chr(code))
    return table


@lru_cache(maxsize=1)
def _han_industry() -> dict[str, str]:
    """One-word English industry term -> the shortest Han word for it."""
    out: dict[str, str] = {}
    for han, english in sorted(INDUSTRY_ENGLISH.items(), key=lambda kv: (len(kv[0]), kv[0])):
        if " " not in english:
            out.setdefault(english.lower(), han)
    return out


def _chinese_parts(name: str) -> tuple[str | None, list[str], list[str]] | None:
    """(region pinyin, trade-name words, English industry words) of a Chinese company's
    Latin name, or None when it does not have that shape."""
    words = [w.lower() for w in _words(_LEGAL.sub("", name).strip(" ,.")) if w.isalpha()]
    region = words.pop(0) if words and words[0] in place_by_pinyin() else None
    industry: list[str] = []
    while words and words[-1] in ENGLISH_INDUSTRY and words[-1] in _han_industry():
        industry.insert(0, words.pop())
    if not words or not industry or not all(split_pinyin(w) for w in words):
        return None
    return region, words, industry


def chinese(name: str, schema: str, rng: random.Random) -> str | None:
    if schema == "Person":
        return None
    parts = _chinese_parts(name)
    if parts is None:
        return None
    region, core, industry = parts
    han_industry = _han_industry()
    syllable = _han_for_syllable()
    text = place_by_pinyin()[region][0] + "市" if region else ""
    for word in core:
        for s in split_pinyin(word) or []:
            if s not in syllable:
                return None
            text += syllable[s]
    return text + "".join(han_industry[w] for w in industry) + "有限公司"


def pinyin_split(name: str, schema: str, rng: random.Random) -> str | None:
    if schema == "Person":
        return None
    parts = _chinese_parts(name)
    if parts is None:
        return None
    region, core, industry = parts
    spaced = [" ".join(s.capitalize() for s in split_pinyin(w) or []) for w in core]
    head = [" ".join(s.capitalize() for s in split_pinyin(region) or [])] if region else []
    return " ".join([*head, *spaced, *(w.capitalize() for w in industry), "Co., Ltd."])


CLASSES: dict[str, Variation] = {
    "exact": exact,
    "word_order": word_order,
    "legal_form": legal_form,
    "typo": typo,
    "homoglyph": homoglyph,
    "invisible": invisible,
    "dropped_token": dropped_token,
    "initials": initials,
    "cyrillic": cyrillic,
    "chinese": chinese,
    "pinyin": pinyin_split,
}
