"""Name keys: one comparable form of a name, whatever its script or legal form.

The key is ASCII (ICU transliteration through normality), lower-case, without legal forms
(rigour's tables: ООО, LLC, 有限公司, JSC, ...) and punctuation, with its words sorted so that
word order does not matter. Two names with equal keys are candidates for the same entity.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

from normality import ascii_text
from rigour.names.org_types import remove_org_types

_APOSTROPHES = ("'", "\u2019", "\u02b9", "\u02bc", "`")
_INVISIBLE = dict.fromkeys(
    cp for cp in range(0x110000) if unicodedata.category(chr(cp)) in {"Cf", "Cc"}
)


def strip_invisible(text: str) -> str:
    """Drop zero-width and control characters that make equal names look different."""
    return text.translate(_INVISIBLE)


def to_ascii(text: str) -> str:
    return ascii_text(unicodedata.normalize("NFKC", strip_invisible(text))) or ""


@lru_cache(maxsize=200_000)
def name_key(name: str) -> str:
    """The comparable key of a person's or organisation's name ('' when nothing is left)."""
    ascii_form = to_ascii(name).lower()
    for mark in _APOSTROPHES:
        ascii_form = ascii_form.replace(mark, "")
    # rigour's legal-form tables match the lower-case Latin forms (ooo, llc, co ltd, jsc, ...).
    ascii_form = remove_org_types(ascii_form)
    words = "".join(ch if ch.isalnum() else " " for ch in ascii_form).split()
    return " ".join(sorted(words))
