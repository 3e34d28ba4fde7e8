"""Latin and Cyrillic look-alikes inside one word, folded to the word's own script.

A Cyrillic "о" or "с" typed into "Pustelga" or "DJI" looks identical on screen but
transliterates differently ("с" becomes "s", not "c"; "х" becomes "kh", not "x"), so two
spellings of one company would never meet. Sanctions evasion and careless copy-paste both
produce such words. The table is the Latin/Cyrillic/Greek part of Unicode's confusables list,
written out here because no installed package ships that list.
"""

from __future__ import annotations

import re
from typing import Final

_CYRILLIC_TO_LATIN: Final = {
    "а": "a", "в": "B", "е": "e", "к": "k", "м": "M", "н": "H", "о": "o", "р": "p", "с": "c",
    "т": "T", "у": "y", "х": "x", "і": "i", "ј": "j", "ѕ": "s", "ԁ": "d", "ԛ": "q", "ԝ": "w",
    "һ": "h", "ү": "y", "ӏ": "l",
    "А": "A", "В": "B", "Е": "E", "К": "K", "М": "M", "Н": "H", "О": "O", "Р": "P", "С": "C",
    "Т": "T", "У": "Y", "Х": "X", "І": "I", "Ј": "J", "Ѕ": "S", "Ү": "Y", "Һ": "H", "Ӏ": "I",
}  # fmt: skip
_GREEK_TO_LATIN: Final = {
    "Α": "A", "Β": "B", "Ε": "E", "Ζ": "Z", "Η": "H", "Ι": "I", "Κ": "K", "Μ": "M", "Ν": "N",
    "Ο": "O", "Ρ": "P", "Τ": "T", "Υ": "Y", "Χ": "X", "ο": "o", "ν": "v", "ι": "i", "κ": "k",
    "α": "a", "ρ": "p", "τ": "t", "υ": "u", "χ": "x",
}  # fmt: skip
_LATIN_TO_CYRILLIC: Final = {
    "a": "а", "e": "е", "o": "о", "p": "р", "c": "с", "x": "х", "y": "у", "k": "к",
    "A": "А", "B": "В", "E": "Е", "K": "К", "M": "М", "H": "Н", "O": "О", "P": "Р", "C": "С",
    "T": "Т", "X": "Х", "Y": "У",
}  # fmt: skip

_TO_LATIN: Final = str.maketrans(_CYRILLIC_TO_LATIN | _GREEK_TO_LATIN)
_TO_CYRILLIC: Final = str.maketrans(_LATIN_TO_CYRILLIC)
_CONFUSABLE: Final = (
    frozenset(_CYRILLIC_TO_LATIN) | frozenset(_GREEK_TO_LATIN) | frozenset(_LATIN_TO_CYRILLIC)
)
_WORD: Final = re.compile(r"\w+")
_LATIN_LETTER: Final = re.compile(r"[A-Za-z]")
_OTHER_SCRIPT: Final = re.compile(r"[\u0370-\u03ff\u0400-\u052f]")


def _script(ch: str) -> str | None:
    if ch.isascii():
        return "latin" if ch.isalpha() else None
    cp = ord(ch)
    if 0x0400 <= cp <= 0x052F:
        return "cyrillic"
    if 0x0370 <= cp <= 0x03FF:
        return "greek"
    if ch.isalpha() and cp < 0x0250:
        return "latin"
    return None


def _votes(text: str) -> tuple[int, int]:
    """Letters that are unambiguously Latin and unambiguously Cyrillic."""
    latin = cyrillic = 0
    for ch in text:
        if ch in _CONFUSABLE:
            continue
        script = _script(ch)
        if script == "latin":
            latin += 1
        elif script == "cyrillic":
            cyrillic += 1
    return latin, cyrillic


def _fold_word(word: str, default_latin: bool) -> str:
    scripts = {_script(ch) for ch in word} - {None}
    if not scripts or (scripts == {"latin"} and default_latin):
        return word
    if len(scripts) == 1 and not all(ch in _CONFUSABLE or not ch.isalpha() for ch in word):
        return word
    latin, cyrillic = _votes(word)
    to_latin = latin > cyrillic if latin != cyrillic else default_latin
    return word.translate(_TO_LATIN if to_latin else _TO_CYRILLIC)


def fold_homoglyphs(text: str) -> str:
    """Rewrite look-alike letters of a mixed-script word into that word's main script.

    The main script of a word is the one with more letters that have no look-alike; a word
    made only of look-alikes follows the name as a whole (Latin on a tie), so the Cyrillic
    "СОМ" in "СОМ Ltd Xiamen" becomes Latin while "ООО Пустельга" stays Cyrillic.
    """
    if text.isascii() or not _LATIN_LETTER.search(text) or not _OTHER_SCRIPT.search(text):
        return text
    latin, cyrillic = _votes(text)
    default_latin = latin >= cyrillic
    return _WORD.sub(lambda m: _fold_word(m.group(0), default_latin), text)
