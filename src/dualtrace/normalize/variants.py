"""Every ASCII spelling of a name that a source may have used, for matching across scripts.

«ООО "Пустельга"» is "OOO Pustel'ga" on one list and "Pustelga LLC" on another;
深圳市大疆创新科技有限公司 is "SZ DJI Technology Co., Ltd." on a bill of lading and "Shenzhen
Dajiang Innovation Technology" in a registry. `name_key` folds what can be folded without
guessing; these variants cover the rest (transliteration systems, informal spellings, pinyin,
translated industry words, abbreviated places and acronyms), so that two names are candidates
when their variant keys meet.
"""

from __future__ import annotations

from typing import Final

from dualtrace.normalize.chinese import (
    INDUSTRY_ENGLISH,
    ChineseCompanyName,
    RomanisedChineseName,
    chinese_company_parts,
    has_han,
    initials,
    pinyin,
    pinyin_word,
    place_core,
    romanised_chinese_parts,
)
from dualtrace.normalize.cyrillic import cyrillic_spellings, has_cyrillic
from dualtrace.normalize.legal_forms import CHINESE_FORM_ENGLISH
from dualtrace.normalize.names import _prepare, name_key, to_ascii

MAX_VARIANTS: Final = 64


def _squash(text: str) -> str:
    return " ".join(text.split())


def _chinese_variants(parts: ChineseCompanyName) -> list[str]:
    places = [place_core(p) for p in parts.place]
    place_py = [pinyin_word(p) for p in places]
    place_tone = [pinyin_word(p, tones="numbers") for p in places]
    place_ab = [initials(p) for p in places]
    trade = parts.trade_name
    trade_py = pinyin_word(trade)
    trade_spaced = " ".join(s.capitalize() for s in pinyin(trade))
    trade_ab = initials(trade)
    industry_py = [pinyin_word(w) for w in parts.industry]
    industry_tone = [pinyin_word(w, tones="numbers") for w in parts.industry]
    english = parts.industry_english
    form = CHINESE_FORM_ENGLISH.get(parts.legal_form or "", "")
    # Brand acronyms take the trade name's initials and often the first industry word's:
    # 大疆创新 -> DJ + I(nnovation) -> DJI.
    acronym = trade_ab + (english[0][0] if english else "")
    rest = english[1:]
    out = [
        " ".join([*place_py, trade_py, *industry_py]),
        " ".join([*place_tone, pinyin_word(trade, tones="numbers"), *industry_tone]),
        " ".join([*place_py, trade_py, *english, form]),
        " ".join([*place_py, trade_spaced, *english, form]),
        " ".join([*place_ab, trade_py, *english, form]),
        " ".join([trade_py, *english, form]),
        " ".join([*place_ab, acronym, *rest, form]),
        " ".join([*place_py, acronym, *rest, form]),
        " ".join([acronym, *rest, form]),
        " ".join([trade_ab, *english, form]),
    ]
    return out


def _joined(syllables: tuple[str, ...]) -> str:
    return "".join(syllables).capitalize()


def _romanised_variants(parts: RomanisedChineseName) -> list[str]:
    """The forms `_chinese_variants` gives the same name written in characters, as far as
    pinyin tells them: run-together place and trade name, industry in pinyin or English."""
    place_py = [_joined(p) for p in parts.place]
    place_ab = ["".join(s[0] for s in p).upper() for p in parts.place]
    trade_py = _joined(parts.trade_name)
    industry_py = [pinyin_word(word) for word in parts.industry]
    english = [INDUSTRY_ENGLISH[word] for word in parts.industry]
    form = CHINESE_FORM_ENGLISH.get(parts.legal_form, "")
    return [
        " ".join([*place_py, trade_py, *industry_py]),
        " ".join([*place_py, trade_py, *english, form]),
        " ".join([*place_ab, trade_py, *english, form]),
        " ".join([trade_py, *english, form]),
    ]


def pinyin_name_variants(name: str) -> list[str]:
    """A Chinese company name written in spaced pinyin ("Da Zheng Dian Zi Youxian Gongsi")
    in the forms its characters and its English name give ("Dazheng Dianzi", "Dazheng
    Electronics Co., Ltd."); nothing for any other name."""
    parts = romanised_chinese_parts(name)
    if parts is None:
        return []
    return list(dict.fromkeys(_squash(v) for v in _romanised_variants(parts)))


def name_variants(name: str) -> set[str]:
    """The ASCII forms of a name under every spelling system that applies to it.

    Pinyin with tones is written with tone numbers (Da4jiang1) to stay ASCII.
    Cyrillic: GOST 7.79 System B, BGN/PCGN, ICU and informal spellings (ж zh/j, х kh/h/x,
    ц ts/c, щ shch/sch, ю yu/iu/ju, я ya/ia/ja, й y/i/j, ь and ъ dropped). Chinese: pinyin with
    and without tones, the name split into place, trade name, industry and legal form, with
    English industry words, place abbreviations (深圳 -> SZ) and brand acronyms. Latin names
    come back folded (look-alike letters, invisible characters).
    """
    text = _prepare(name)
    forms: list[str] = [to_ascii(name)]
    if has_cyrillic(text):
        forms.extend(sorted(cyrillic_spellings(text)))
    if has_han(text):
        parts = chinese_company_parts(text)
        if parts is not None and parts.trade_name:
            forms.extend(_chinese_variants(parts))
    out: set[str] = set()
    for form in forms:
        squashed = _squash(to_ascii(form))
        if squashed:
            out.add(squashed)
        if len(out) >= MAX_VARIANTS:
            break
    return out


def variant_keys(name: str) -> set[str]:
    """The `name_key` of every variant: two names are candidates when these sets meet."""
    return {key for key in (name_key(v) for v in name_variants(name)) if key}
