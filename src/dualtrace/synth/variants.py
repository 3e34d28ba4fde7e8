"""How one company's name is written in different sources: scripts, spellings, legal forms, typos.

Resolution is only tested honestly if the same company appears as 'ООО «Скаймек»' in a
customs row, 'SKYMEC LLC' on a sanctions list and 'Obshchestvo s ogranichennoy
otvetstvennostyu Skaymek' somewhere else. The styles below are the ones real sources use.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import Final

from pypinyin import lazy_pinyin

# Two common romanisations of Russian: passport-style (ICAO 9303) and a looser trade spelling.
_ICAO: Final = {
    "а": "a",
    "б": "b",
    "в": "v",
    "г": "g",
    "д": "d",
    "е": "e",
    "ё": "e",
    "ж": "zh",
    "з": "z",
    "и": "i",
    "й": "i",
    "к": "k",
    "л": "l",
    "м": "m",
    "н": "n",
    "о": "o",
    "п": "p",
    "р": "r",
    "с": "s",
    "т": "t",
    "у": "u",
    "ф": "f",
    "х": "kh",
    "ц": "ts",
    "ч": "ch",
    "ш": "sh",
    "щ": "shch",
    "ъ": "ie",
    "ы": "y",
    "ь": "",
    "э": "e",
    "ю": "iu",
    "я": "ia",
}
_TRADE: Final = {**_ICAO, "й": "y", "ю": "yu", "я": "ya", "ъ": "", "х": "h", "ц": "c"}

# Legal forms: (short in the home script, long in the home script, English, Latin transliteration)
LEGAL_FORMS: Final = {
    "llc": ("ООО", "Общество с ограниченной ответственностью", "LLC", "OOO"),
    "jsc": ("АО", "Акционерное общество", "JSC", "AO"),
    "ano": ("АНО", "Автономная некоммерческая организация", "ANO", "ANO"),
    "cn_ltd": ("有限公司", "有限责任公司", "Co., Ltd.", "Youxian Gongsi"),
    "hk_ltd": ("有限公司", "有限公司", "Limited", "Ltd"),
    "kz_too": ("ТОО", "Товарищество с ограниченной ответственностью", "LLP", "TOO"),
    "kg_osoo": ("ОсОО", "Общество с ограниченной ответственностью", "LLC", "OsOO"),
    "by_ooo": ("ООО", "Общество с ограниченной ответственностью", "LLC", "OOO"),
    "tr_ltd": ("Ltd. Şti.", "Limited Şirketi", "Ltd.", "Ltd. Sti."),
    "ae_fze": ("FZE", "Free Zone Establishment", "FZE", "FZE"),
    "am_llc": ("ООО", "Общество с ограниченной ответственностью", "LLC", "OOO"),
    "uz_mchj": ("ООО", "Общество с ограниченной ответственностью", "LLC", "MChJ"),
    "person": ("", "", "", ""),
}

STYLES: Final = ("home_short", "home_long", "english", "english_upper", "translit", "typo")


def translit(text: str, scheme: str = "icao") -> str:
    """Cyrillic to Latin letters, keeping case; other characters pass through."""
    table = _ICAO if scheme == "icao" else _TRADE
    out = []
    for ch in text:
        low = ch.lower()
        if low in table:
            latin = table[low]
            out.append(latin.capitalize() if ch.isupper() and latin else latin)
        else:
            out.append(ch)
    return "".join(out)


def pinyin(text: str) -> str:
    """Chinese characters to capitalised pinyin words, the way Chinese firms romanise names."""
    return " ".join(word.capitalize() for word in lazy_pinyin(text) if word.strip())


def typo(text: str, rng: random.Random) -> str:
    """One keyboard slip: a dropped, doubled or swapped letter (never in the first letter)."""
    letters = [i for i, ch in enumerate(text) if ch.isalpha() and i > 0]
    if len(letters) < 3:
        return text
    i = rng.choice(letters[:-1])
    kind = rng.randrange(3)
    if kind == 0:
        return text[:i] + text[i + 1 :]
    if kind == 1:
        return text[:i] + text[i] + text[i:]
    return text[:i] + text[i + 1] + text[i] + text[i + 2 :]


@dataclass(frozen=True, slots=True)
class Name:
    """A company's name as its parts: the distinctive core in each script, and its legal form."""

    core_en: str
    form: str
    core_ru: str | None = None
    core_zh: str | None = None

    def written(self, style: str, rng: random.Random | None = None) -> str:
        """The name as one source would write it."""
        short, long, english, latin = LEGAL_FORMS[self.form]
        if self.form == "person":
            home = self.core_ru if style.startswith("home") and self.core_ru else self.core_en
            return typo(home, rng) if style == "typo" and rng is not None else home
        if style == "home_short":
            if self.core_zh:
                return self.core_zh + short
            if self.core_ru:
                return f"{short} «{self.core_ru}»" if self.form != "tr_ltd" else self.core_en
        if style == "home_long":
            if self.core_zh:
                return self.core_zh + long
            if self.core_ru:
                return f'{long} "{self.core_ru.upper()}"'
        if style == "english_upper":
            return f"{self.core_en} {english}".upper().replace(".,", ",")
        if style == "translit":
            if self.core_zh:
                return f"{pinyin(self.core_zh)} {latin}"
            if self.core_ru:
                return f'{latin} "{translit(self.core_ru, "trade").upper()}"'
        if style == "typo" and rng is not None:
            return typo(self.written("english" if self.core_zh else "home_short"), rng)
        return f"{self.core_en} {english}"

    def any_style(self, rng: random.Random) -> str:
        return self.written(rng.choice(STYLES), rng)
