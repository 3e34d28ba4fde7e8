"""Short forms of Chinese companies' Latin names, for matching across spellings.

`normalize.chinese` and `normalize.variants` take a Han name apart and give its pinyin and
English renderings. What they cannot do is start from the Latin side: a list that writes
'Shenzhen Dajiang Innovation Technology' and a bill of lading that writes 'SZ DJI Technology'
need the pinyin trade name split back into syllables and the place shortened to its initials.
"""

from __future__ import annotations

import unicodedata
from functools import cache
from typing import Final

from dualtrace.normalize.chinese import INDUSTRY_ENGLISH, initials, pinyin_word

# Places that open exporters' Latin names; their pinyin and initials come from pypinyin.
PLACES: Final = (
    "深圳", "北京", "上海", "广州", "天津", "杭州", "成都", "武汉", "西安", "南京", "重庆",
    "东莞", "珠海", "苏州", "厦门", "宁波", "青岛", "大连", "长沙", "郑州", "合肥", "无锡",
    "佛山", "丹东", "中国", "香港", "澳门",
)  # fmt: skip
ENGLISH_INDUSTRY: Final = frozenset(
    word.lower() for value in INDUSTRY_ENGLISH.values() for word in value.split()
)


@cache
def place_by_pinyin() -> dict[str, tuple[str, str]]:
    """'shenzhen' -> ('深圳', 'sz')."""
    return {pinyin_word(p).lower(): (p, initials(p).lower()) for p in PLACES}


@cache
def pinyin_syllables() -> frozenset[str]:
    """Every toneless pinyin syllable (from pypinyin's character table)."""
    from pypinyin.pinyin_dict import pinyin_dict

    out: set[str] = set()
    for readings in pinyin_dict.values():
        for reading in readings.split(","):
            bare = unicodedata.normalize("NFD", reading)
            bare = "".join(c for c in bare if c.isascii() and c.isalpha()).lower()
            if bare:
                out.add(bare)
    return frozenset(out)


def split_pinyin(word: str) -> list[str] | None:
    """'dajiang' -> ['da', 'jiang'] when the word is pinyin syllables throughout, else None."""
    syllables = pinyin_syllables()
    best: list[list[str] | None] = [None] * (len(word) + 1)
    best[0] = []
    for end in range(1, len(word) + 1):
        for start in range(max(0, end - 6), end):
            head = best[start]
            current = best[end]
            if (
                head is not None
                and word[start:end] in syllables
                and (current is None or len(head) + 1 < len(current))
            ):
                best[end] = [*head, word[start:end]]
    return best[len(word)]


def latin_abbreviation(words: tuple[str, ...]) -> str | None:
    """'shenzhen dajiang innovation technology' -> 'sz dji technology': the short form a
    Chinese company's Latin name takes, when the name has that shape (place, pinyin trade
    name, English industry words)."""
    if len(words) < 3:
        return None
    place = place_by_pinyin().get(words[0])
    if place is None:
        return None
    rest = list(words[1:])
    industry: list[str] = []
    while rest and rest[-1] in ENGLISH_INDUSTRY:
        industry.insert(0, rest.pop())
    if not rest or not industry:
        return None
    acronym = ""
    for word in rest:
        syllables = split_pinyin(word)
        if syllables is None:
            return None
        acronym += "".join(s[0] for s in syllables)
    acronym += "".join(w[0] for w in industry[:-1])
    return f"{place[1]} {acronym} {industry[-1]}"
