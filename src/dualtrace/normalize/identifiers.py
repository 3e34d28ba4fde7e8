"""Identifiers with check digits: the one place that decides whether a number is a valid INN,
OGRN, KPP, USCC, LEI or IMO, and which of them a bare number can be.

An identifier that fails its check digit is still kept as a raw value, but it never decides a
match: only `clean_identifier` results do.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Final

from dualtrace.normalize.checkdigits import (
    valid_imo,
    valid_inn,
    valid_kpp,
    valid_lei,
    valid_ogrn,
    valid_ogrnip,
    valid_uscc,
)

__all__ = [
    "IDENTIFIER_PROPS",
    "classify_identifier",
    "clean_identifier",
    "compact_identifier",
    "is_valid_identifier",
    "valid_imo",
    "valid_inn",
    "valid_kpp",
    "valid_lei",
    "valid_ogrn",
    "valid_ogrnip",
    "valid_uscc",
]

_SEPARATORS: Final = re.compile(r"[\s\-./_:#\u00a0\u2010-\u2015]+")
_IMO_PREFIX: Final = re.compile(r"^IMO", re.IGNORECASE)


def _valid_ogrn_code(value: str) -> bool:
    # FtM's ogrnCode holds both the OGRN of a company and the OGRNIP of an entrepreneur.
    return valid_ogrn(value) or valid_ogrnip(value)


# FollowTheMoney property -> validator of the compact form. The order is the order
# `classify_identifier` reports candidates in.
_VALIDATORS: Final[dict[str, Callable[[str], bool]]] = {
    "innCode": valid_inn,
    "ogrnCode": _valid_ogrn_code,
    "kppCode": valid_kpp,
    "uscCode": valid_uscc,
    "leiCode": valid_lei,
    "imoNumber": valid_imo,
}

IDENTIFIER_PROPS: Final = frozenset(_VALIDATORS) | {"registrationNumber", "taxNumber", "swiftBic"}


def compact_identifier(value: str) -> str:
    """Upper case without spaces, hyphens, dots and slashes, as registries print them apart."""
    return _SEPARATORS.sub("", value.strip()).upper()


def _compact_for(prop: str, value: str) -> str:
    compact = compact_identifier(value)
    if prop == "imoNumber":
        compact = _IMO_PREFIX.sub("", compact)
        if compact.isdigit() and 5 <= len(compact) < 7:
            # Lists often drop the leading zeros of an IMO number.
            compact = compact.zfill(7)
    return compact


def clean_identifier(prop: str, value: str) -> str | None:
    """The normalised identifier if `value` is a valid `prop`, else None.

    Properties without a check-digit rule (registrationNumber, taxNumber) are stripped of
    spaces and punctuation and upper-cased, never validated. IMO numbers come back in the
    FtM form "IMO1234567".
    """
    validator = _VALIDATORS.get(prop)
    if validator is None:
        compact = "".join(ch for ch in value if ch.isalnum()).upper()
        return compact or None
    compact = _compact_for(prop, value)
    if not validator(compact):
        return None
    return f"IMO{compact}" if prop == "imoNumber" else compact


def is_valid_identifier(prop: str, value: str) -> bool:
    return prop in _VALIDATORS and clean_identifier(prop, value) is not None


def classify_identifier(value: str) -> list[str]:
    """The FtM properties a bare identifier can be, judged by length and check digits.

    For lists that give "Registration Number 1027700132195" or a column of mixed numbers: a
    10- or 12-digit number with a valid INN check is an innCode, 13 digits with the OGRN
    check an ogrnCode, and so on. More than one property comes back only when the number
    passes several checks (a 9-character KPP and nothing else can look alike, but a 7-digit
    number may pass the IMO check by chance, so callers should prefer the label they have).
    """
    compact = compact_identifier(value)
    out = [prop for prop, check in _VALIDATORS.items() if prop != "imoNumber" and check(compact)]
    imo = _compact_for("imoNumber", value)
    if (compact.startswith("IMO") or len(compact) == 7) and valid_imo(imo):
        out.append("imoNumber")
    return out
