"""Name keys: one comparable form of a name, whatever its script, spelling or legal form.

The key is ASCII (Cyrillic in the BGN/PCGN spelling sanctions lists use, other scripts
through normality's ICU transliteration), lower-case,
without legal forms (rigour's tables: ООО, LLC, JSC, Co., Ltd., ...; Chinese 有限公司 and
kin), punctuation, apostrophes, invisible characters and Latin/Cyrillic look-alikes, with its
words sorted so that word order does not matter. Two names with equal keys are candidates for
the same entity. `name_key` runs for every name of every ingest, so ASCII input takes a short
path and results are cached.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import Final

from normality import ascii_text as _icu_ascii
from rigour.names.org_types import remove_org_types

from dualtrace.normalize.chinese import has_han
from dualtrace.normalize.cyrillic import key_spelling
from dualtrace.normalize.homoglyphs import fold_homoglyphs
from dualtrace.normalize.legal_forms import split_chinese_form

_APOSTROPHES: Final = re.compile("['\u2019\u02b9\u02bc\u02bb`\u00b4]")
_NON_WORD: Final = re.compile(r"[\W_]+")
_INVISIBLE_CHARS: Final = "".join(
    re.escape(chr(cp)) for cp in range(0x110000) if unicodedata.category(chr(cp)) in {"Cf", "Cc"}
)
_INVISIBLE: Final = re.compile(f"[{_INVISIBLE_CHARS}]")


def strip_invisible(text: str) -> str:
    """Drop zero-width and control characters that make equal names look different."""
    if text.isascii() and text.isprintable():
        return text
    return _INVISIBLE.sub("", text)


def _prepare(text: str) -> str:
    """NFKC, no invisible characters, look-alike letters in their word's script."""
    text = strip_invisible(text)
    if text.isascii():
        return text
    return fold_homoglyphs(unicodedata.normalize("NFKC", text))


@lru_cache(maxsize=200_000)
def _ascii(text: str) -> str:
    """Kept per text: ICU's Han-Latin takes a quarter of a millisecond, and the keys and
    variants of one name ask for the same text's ASCII form more than once."""
    text = key_spelling(text)
    if text.isascii():
        return text
    return _icu_ascii(text) or ""


def to_ascii(text: str) -> str:
    """The ASCII form of a text in any script, after NFKC and folding look-alike letters."""
    prepared = _prepare(text)
    if prepared.isascii():
        return prepared
    return _ascii(prepared)


@lru_cache(maxsize=500_000)
def name_key(name: str) -> str:
    """The comparable key of a person's or organisation's name ('' when nothing is left)."""
    text = _prepare(name)
    if not text.isascii():
        if has_han(text):
            rest, _form, branch = split_chinese_form("".join(text.split()))
            text = rest + (branch or "")
        # Forms such as ИП or ПАО are listed in their own script only.
        text = _ascii(remove_org_types(text.casefold(), replacement=" "))
    text = _APOSTROPHES.sub("", text.lower())
    # rigour's legal-form tables match the lower-case Latin forms (ooo, llc, co ltd, jsc, ...).
    # Forms are written with and without punctuation ("Co., Ltd.", "CO, LTD", "s.a."): try the
    # text as written and without punctuation, and keep whichever lost more words to forms.
    as_written = _NON_WORD.sub(" ", remove_org_types(text, replacement=" ")).split()
    plain = remove_org_types(" ".join(_NON_WORD.sub(" ", text).split()), replacement=" ")
    words = min(as_written, plain.split(), key=len)
    key = " ".join(sorted(words))
    # Sorting or dropping punctuation can bring words together into a legal form ("Ltd Alpha
    # Co" -> "alpha co ltd"); repeat until nothing changes, so that the key is its own key.
    for _ in range(4):
        again = " ".join(sorted(remove_org_types(key, replacement=" ").split()))
        if again == key:
            break
        key = again
    return key


@lru_cache(maxsize=200_000)
def script_key(name: str) -> str:
    """The name's words in their own script, lower-case, without legal forms (rigour's
    tables, which list Cyrillic forms too) and punctuation, sorted.

    A keyboard slip is one letter of the script it was typed in: dropping or swapping "ш" or
    "я" is one slip in Cyrillic but two letters of a romanisation ("sh", "ya"), so slips are
    looked for here, not in the ASCII key.
    """
    text = remove_org_types(_prepare(name).casefold(), replacement=" ")
    return " ".join(sorted(_NON_WORD.sub(" ", _APOSTROPHES.sub("", text)).split()))
