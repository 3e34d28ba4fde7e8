"""Identifiers with check digits, validated through rigour's formats (and python-stdnum under it).

An identifier that fails its check digit is still kept as a raw value, but it never decides a
match: only `clean_identifier` results do.
"""

from __future__ import annotations

from typing import Final

from rigour.ids import IMO, INN, LEI, OGRN, USCC

# FollowTheMoney property -> rigour format that validates and normalises it.
_FORMATS: Final = {
    "innCode": INN,
    "ogrnCode": OGRN,
    "leiCode": LEI,
    "imoNumber": IMO,
    "uscCode": USCC,
}

IDENTIFIER_PROPS: Final = frozenset(_FORMATS) | {"registrationNumber", "taxNumber", "swiftBic"}


def clean_identifier(prop: str, value: str) -> str | None:
    """The normalised identifier if `value` is a valid `prop`, else None.

    Properties without a check-digit rule (registrationNumber, taxNumber) are stripped of
    spaces and punctuation and upper-cased, never validated.
    """
    fmt = _FORMATS.get(prop)
    if fmt is None:
        compact = "".join(ch for ch in value if ch.isalnum()).upper()
        return compact or None
    if not fmt.is_valid(value):
        return None
    normalized: str | None = fmt.normalize(value)
    return normalized


def is_valid_identifier(prop: str, value: str) -> bool:
    return prop in _FORMATS and clean_identifier(prop, value) is not None
