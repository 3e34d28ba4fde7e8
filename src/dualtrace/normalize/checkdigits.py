"""Check-digit rules of the identifiers that tie companies across sources.

Written out here rather than taken from python-stdnum or rigour because both get the OGRNIP
rule wrong: the check digit is (first 14 digits mod 13) mod 10, so remainders 10, 11 and 12
give 0, 1 and 2, and real OGRNIPs with those remainders were rejected. The Russian numbers also
carry a region code, and the codes assigned to the annexed territories (91 Crimea and 92
Sevastopol since 2014; 90 Zaporizhzhia, 93 Donetsk, 94 Luhansk, 95 Kherson since 2022) must be
accepted, because the companies registered there are the ones investigations look for.
"""

from __future__ import annotations

import re
from typing import Final

# Region codes in INN, OGRN and KPP: 01-89 for the federal subjects, 90-95 for the annexed
# Ukrainian territories, and 96-99 as extra codes (97 for Moscow tax offices since 2021, 98
# for St Petersburg registrations, 99 for interregional inspections and Baikonur), all seen in
# real numbers; only 00 is never assigned.
RU_REGIONS: Final = frozenset(f"{n:02d}" for n in range(1, 100))
OCCUPIED_REGIONS: Final = {
    "90": "Zaporizhzhia oblast (occupied, 2022)",
    "91": "Crimea (occupied, 2014)",
    "92": "Sevastopol (occupied, 2014)",
    "93": "Donetsk oblast (occupied, 2014/2022)",
    "94": "Luhansk oblast (occupied, 2014/2022)",
    "95": "Kherson oblast (occupied, 2022)",
}

_INN10_WEIGHTS: Final = (2, 4, 10, 3, 5, 9, 4, 6, 8)
_INN12_WEIGHTS_1: Final = (7, 2, 4, 10, 3, 5, 9, 4, 6, 8)
_INN12_WEIGHTS_2: Final = (3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8)
_KPP_RE: Final = re.compile(r"\d{4}[\dA-Z]{2}\d{3}")
# USCC (GB 32100-2015) uses digits and capital letters without I, O, S, V and Z.
USCC_ALPHABET: Final = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_USCC_WEIGHTS: Final = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
# The organisation code inside it (GB 11714-1997): 8 characters and a mod-11 check.
_ORG_WEIGHTS: Final = (3, 7, 9, 10, 5, 8, 4, 2)
_ORG_ALPHABET: Final = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def _weighted(digits: str, weights: tuple[int, ...]) -> int:
    return sum(int(d) * w for d, w in zip(digits, weights, strict=False))


def inn_check_digits(body: str) -> str:
    """The check digit(s) of an INN body: 9 digits -> 1 digit, 10 digits -> 2 digits."""
    if len(body) == 9:
        return str(_weighted(body, _INN10_WEIGHTS) % 11 % 10)
    first = str(_weighted(body, _INN12_WEIGHTS_1) % 11 % 10)
    second = str(_weighted(body + first, _INN12_WEIGHTS_2) % 11 % 10)
    return first + second


def ogrn_check_digit(body: str) -> str:
    """12 digits (OGRN): mod 11 then mod 10; 14 digits (OGRNIP): mod 13 then mod 10."""
    modulus = 11 if len(body) == 12 else 13
    return str(int(body) % modulus % 10)


def uscc_check_char(body: str) -> str:
    total = sum(USCC_ALPHABET.index(c) * w for c, w in zip(body, _USCC_WEIGHTS, strict=True))
    return USCC_ALPHABET[(31 - total % 31) % 31]


def org_code_check_char(body: str) -> str:
    total = sum(_ORG_ALPHABET.index(c) * w for c, w in zip(body, _ORG_WEIGHTS, strict=True))
    value = 11 - total % 11
    return "X" if value == 10 else "0" if value == 11 else str(value)


def lei_check_digits(body: str) -> str:
    """ISO 17442 / ISO 7064 MOD 97-10 over the 18-character prefix."""
    numeric = int("".join(str(int(c, 36)) for c in body) + "00")
    return f"{98 - numeric % 97:02d}"


def imo_check_digit(body: str) -> str:
    """The ship-number rule: weights 7..2 over six digits, last digit of the sum."""
    return str(sum(int(d) * (7 - i) for i, d in enumerate(body)) % 10)


def imo_company_check_digit(body: str) -> str:
    """The company and registered-owner rule: weights 8,6,4,2,9,7, then (11 - sum mod 11) mod 10."""
    return str((11 - _weighted(body, (8, 6, 4, 2, 9, 7)) % 11) % 10)


def valid_inn(value: str) -> bool:
    """A 10-digit (organisation) or 12-digit (person) INN with its check digits and region."""
    if not value.isascii() or not value.isdigit() or len(value) not in (10, 12):
        return False
    if value[:2] not in RU_REGIONS:
        return False
    return (
        value[9:] == inn_check_digits(value[:9])
        if len(value) == 10
        else (value[10:] == inn_check_digits(value[:10]))
    )


def valid_ogrn(value: str) -> bool:
    """A 13-digit OGRN of a legal entity: starts with 1 or 5, region code at digits 4-5."""
    return (
        len(value) == 13
        and value.isascii()
        and value.isdigit()
        and value[0] in "15"
        and value[3:5] in RU_REGIONS
        and value[12] == ogrn_check_digit(value[:12])
    )


def valid_ogrnip(value: str) -> bool:
    """A 15-digit OGRNIP of an individual entrepreneur: starts with 3, mod 13 check."""
    return (
        len(value) == 15
        and value.isascii()
        and value.isdigit()
        and value[0] == "3"
        and value[3:5] in RU_REGIONS
        and value[14] == ogrn_check_digit(value[:14])
    )


def valid_kpp(value: str) -> bool:
    """A KPP has no check digit: 4-digit tax office (region first), 2-character reason, 3 digits."""
    return _KPP_RE.fullmatch(value) is not None and value[:2] in RU_REGIONS


def valid_uscc(value: str) -> bool:
    """An 18-character Chinese Unified Social Credit Code, checking both the embedded
    organisation code (characters 9-17) and the final character."""
    if len(value) != 18 or any(c not in USCC_ALPHABET for c in value):
        return False
    if not value[2:8].isdigit():
        return False
    if value[16] != org_code_check_char(value[8:16]):
        return False
    return value[17] == uscc_check_char(value[:17])


def valid_lei(value: str) -> bool:
    """A 20-character LEI: 18 alphanumerics and two MOD 97-10 check digits."""
    if len(value) != 20 or any(c not in _ORG_ALPHABET for c in value):
        return False
    return value[18:].isdigit() and lei_check_digits(value[:18]) == value[18:]


def valid_imo(value: str) -> bool:
    """A 7-digit IMO ship or company number (the 'IMO' prefix stripped beforehand)."""
    if len(value) != 7 or not value.isascii() or not value.isdigit() or value == "0000000":
        return False
    return value[6] in (imo_check_digit(value[:6]), imo_company_check_digit(value[:6]))
