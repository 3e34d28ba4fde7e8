"""Identifiers that look and check like real ones, drawn from a seeded random generator.

Generated INN, OGRN and USCC values carry valid check digits, so that resolution and screening
treat them the way they treat real registrations (a wrong check digit would make a generated
identifier useless as evidence and hide bugs in the code that relies on it). Every generated
identifier is synthetic and is labelled so wherever it is written.
"""

from __future__ import annotations

import random
from datetime import date

_INN10_WEIGHTS = (2, 4, 10, 3, 5, 9, 4, 6, 8)
_INN12_WEIGHTS_1 = (7, 2, 4, 10, 3, 5, 9, 4, 6, 8)
_INN12_WEIGHTS_2 = (3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8)
_USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
_ORG_CODE_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)

# Russian regions by the two-digit prefix of INN and the tax office codes under them.
RU_REGIONS = {
    "moscow": "77",
    "saint petersburg": "78",
    "izhevsk": "18",
    "novosibirsk": "54",
    "yekaterinburg": "66",
    "kazan": "16",
    "moscow oblast": "50",
}
# Chinese administrative division codes (GB/T 2260) used in USCC digits 3..8.
CN_DIVISIONS = {
    "shenzhen": "440300",
    "guangzhou": "440100",
    "dongguan": "441900",
    "chengdu": "510100",
    "changsha": "430100",
    "hangzhou": "330100",
    "beijing": "110000",
    "shanghai": "310000",
}


def _inn_check(digits: str, weights: tuple[int, ...]) -> str:
    return str(sum(int(d) * w for d, w in zip(digits, weights, strict=True)) % 11 % 10)


def inn_legal(rng: random.Random, region: str = "77") -> str:
    """A 10-digit INN of a Russian legal entity: region, tax office, serial, check digit."""
    body = region + f"{rng.randint(1, 99):02d}" + f"{rng.randint(0, 99999):05d}"
    return body + _inn_check(body, _INN10_WEIGHTS)


def inn_person(rng: random.Random, region: str = "77") -> str:
    """A 12-digit INN of a Russian individual, with both check digits."""
    body = region + f"{rng.randint(1, 99):02d}" + f"{rng.randint(0, 999999):06d}"
    first = _inn_check(body, _INN12_WEIGHTS_1)
    return body + first + _inn_check(body + first, _INN12_WEIGHTS_2)


def ogrn(rng: random.Random, registered: date, region: str = "77") -> str:
    """A 13-digit OGRN: sign 1 (legal entity), year, region, tax office, serial, check digit."""
    body = (
        "1"
        + f"{registered.year % 100:02d}"
        + region
        + f"{rng.randint(1, 99):02d}"
        + f"{rng.randint(0, 99999):05d}"
    )
    return body + str(int(body) % 11 % 10)


def kpp(inn: str, rng: random.Random) -> str:
    """A KPP: the INN's tax office, reason code 01 (place of registration), serial 001."""
    return inn[:4] + "01" + f"{rng.randint(1, 3):03d}"


def _org_code(rng: random.Random) -> str:
    body = "".join(rng.choice("0123456789") for _ in range(8))
    total = sum(int(d) * w for d, w in zip(body, _ORG_CODE_WEIGHTS, strict=True))
    check = 11 - total % 11
    return body + {10: "X", 11: "0"}.get(check, str(check))


def uscc(rng: random.Random, division: str = "440300") -> str:
    """An 18-character Unified Social Credit Code of a Chinese company (9 1 = enterprise)."""
    body = "91" + division + _org_code(rng)
    total = sum(_USCC_ALPHABET.index(c) * w for c, w in zip(body, _USCC_WEIGHTS, strict=True))
    return body + _USCC_ALPHABET[(31 - total) % 31]


def customs_declaration(rng: random.Random, day: date, post: str = "10013160") -> str:
    """A Russian customs declaration number: customs post / DDMMYY / seven-digit serial."""
    return f"{post}/{day:%d%m%y}/{rng.randint(1, 9999999):07d}"


def eaeu_declaration(
    rng: random.Random, issued: date, country: str = "CN", body: str = "РА01"
) -> str:
    """An EAEU declaration of conformity number: ЕАЭС N RU Д-CN.РА01.В.12345/23."""
    return f"ЕАЭС N RU Д-{country}.{body}.В.{rng.randint(1, 99999):05d}/{issued:%y}"
