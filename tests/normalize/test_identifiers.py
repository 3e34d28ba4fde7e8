"""Identifier check digits: generated valid numbers pass, one changed digit fails; real numbers
from the shared files pass."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st
from stdnum import lei as stdnum_lei
from stdnum.cn import uscc as stdnum_uscc
from stdnum.ru import inn as stdnum_inn

from dualtrace.normalize.checkdigits import (
    OCCUPIED_REGIONS,
    USCC_ALPHABET,
    imo_check_digit,
    inn_check_digits,
    lei_check_digits,
    ogrn_check_digit,
    org_code_check_char,
    uscc_check_char,
)
from dualtrace.normalize.identifiers import (
    classify_identifier,
    clean_identifier,
    valid_imo,
    valid_inn,
    valid_kpp,
    valid_lei,
    valid_ogrn,
    valid_ogrnip,
    valid_uscc,
)

REGIONS = st.integers(1, 99).map(lambda n: f"{n:02d}")


def digits(n: int) -> st.SearchStrategy[str]:
    return st.text("0123456789", min_size=n, max_size=n)


@st.composite
def inns(draw: st.DrawFn, length: int) -> str:
    body = draw(REGIONS) + draw(digits(length - 2 - (1 if length == 10 else 2)))
    return body + inn_check_digits(body)


@st.composite
def ogrns(draw: st.DrawFn) -> str:
    body = draw(st.sampled_from("15")) + draw(digits(2)) + draw(REGIONS) + draw(digits(7))
    return body + ogrn_check_digit(body)


@st.composite
def ogrnips(draw: st.DrawFn) -> str:
    body = "3" + draw(digits(2)) + draw(REGIONS) + draw(digits(9))
    return body + ogrn_check_digit(body)


@st.composite
def usccs(draw: st.DrawFn) -> str:
    org_alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY"
    org = draw(st.text(org_alphabet, min_size=8, max_size=8))
    org += org_code_check_char(org)
    assume(org[-1] in USCC_ALPHABET)
    body = draw(st.sampled_from("159Y")) + draw(st.sampled_from("123")) + draw(digits(6)) + org
    return body + uscc_check_char(body)


@st.composite
def leis(draw: st.DrawFn) -> str:
    body = draw(st.text("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ", min_size=18, max_size=18))
    return body + lei_check_digits(body)


@st.composite
def imos(draw: st.DrawFn) -> str:
    body = draw(digits(6))
    assume(body != "000000")
    return body + imo_check_digit(body)


def mutate(value: str, position: int, replacement: str) -> str:
    position %= len(value)
    assume(value[position] != replacement)
    return value[:position] + replacement + value[position + 1 :]


def _only_collision(before: int, after: int) -> bool:
    """Mod 11 then mod 10 maps remainders 0 and 10 to the same digit: the one change of a
    single digit that these checks cannot see."""
    return {before, after} == {0, 10}


@given(inns(10), st.integers(0, 9), st.sampled_from("0123456789"))
def test_inn10_check_digit(inn: str, position: int, digit: str) -> None:
    assert valid_inn(inn)
    assert stdnum_inn.is_valid(inn)
    mutated = mutate(inn, position, digit)
    weights = (2, 4, 10, 3, 5, 9, 4, 6, 8)
    before = sum(int(d) * w for d, w in zip(inn, weights, strict=False)) % 11
    after = sum(int(d) * w for d, w in zip(mutated, weights, strict=False)) % 11
    expected = position % 10 != 9 and mutated[:2] != "00" and _only_collision(before, after)
    assert valid_inn(mutated) == expected


@given(inns(12), st.integers(0, 11), st.sampled_from("0123456789"))
def test_inn12_check_digits(inn: str, position: int, digit: str) -> None:
    assert valid_inn(inn)
    assert stdnum_inn.is_valid(inn)
    assert not valid_inn(mutate(inn, position, digit))


@given(ogrns(), st.integers(0, 12), st.sampled_from("0123456789"))
def test_ogrn_check_digit(ogrn: str, position: int, digit: str) -> None:
    assert valid_ogrn(ogrn)
    mutated = mutate(ogrn, position, digit)
    before, after = int(ogrn[:12]) % 11, int(mutated[:12]) % 11
    expected = (
        position % 13 not in (0, 12) and mutated[3:5] != "00" and _only_collision(before, after)
    )
    assert valid_ogrn(mutated) == expected


@given(ogrnips())
def test_ogrnip_check_digit_including_remainders_10_to_12(ogrnip: str) -> None:
    assert valid_ogrnip(ogrnip)
    assert valid_ogrnip(ogrnip[:14] + str((int(ogrnip[14]) + 1) % 10)) is False


@pytest.mark.parametrize("remainder", [10, 11, 12])
def test_ogrnip_with_large_remainders_is_valid(remainder: int) -> None:
    body = 30477000000000
    body += (remainder - body % 13) % 13
    assert body % 13 == remainder
    number = f"{body}{remainder % 10}"
    assert valid_ogrnip(number)
    assert clean_identifier("ogrnCode", number) == number


@given(usccs(), st.integers(0, 17), st.sampled_from(USCC_ALPHABET))
def test_uscc_check_characters(uscc: str, position: int, char: str) -> None:
    assert valid_uscc(uscc)
    # python-stdnum refuses registration authorities written as letters ("Y": other).
    assert stdnum_uscc.is_valid(uscc) or not uscc[0].isdigit()
    assert not valid_uscc(mutate(uscc, position, char))


@given(leis(), st.integers(0, 19), st.sampled_from("0123456789"))
def test_lei_check_digits(lei: str, position: int, digit: str) -> None:
    assert valid_lei(lei)
    assert stdnum_lei.is_valid(lei)
    # MOD 97-10 catches every change of one digit into another (a letter stands for two).
    assume(lei[position % 20].isdigit())
    assert not valid_lei(mutate(lei, position, digit))


@given(imos())
def test_imo_check_digit(imo: str) -> None:
    assert valid_imo(imo)
    assert clean_identifier("imoNumber", f"IMO {imo}") == f"IMO{imo}"


@given(inns(10), st.sampled_from([" ", "-", "  ", "."]))
def test_clean_identifier_ignores_separators(inn: str, sep: str) -> None:
    spaced = sep.join([inn[:4], inn[4:7], inn[7:]])
    assert clean_identifier("innCode", spaced) == inn


@pytest.mark.parametrize("region", sorted(OCCUPIED_REGIONS))
def test_occupied_region_codes_accepted(region: str) -> None:
    inn_body = region + "0212345"
    assert valid_inn(inn_body + inn_check_digits(inn_body))
    ogrn_body = "114" + region + "0200012"
    assert valid_ogrn(ogrn_body + ogrn_check_digit(ogrn_body))
    assert valid_kpp(region + "0201001")


def test_kpp_format() -> None:
    assert valid_kpp("773601001")
    assert valid_kpp("7736AB001")
    assert not valid_kpp("0036010010")
    assert not valid_kpp("003601001")


def test_classify_identifier_known_numbers() -> None:
    assert classify_identifier("1027700132195") == ["ogrnCode"]  # Sberbank OGRN
    assert classify_identifier("7707083893") == ["innCode"]  # Sberbank INN
    assert classify_identifier("773601001") == ["kppCode"]
    assert classify_identifier("IMO 9176187") == ["imoNumber"]
    assert classify_identifier("7707083894") == []


def test_real_identifiers_from_the_shared_files(shared_data: Path) -> None:
    """LEIs of the GLEIF sample and USCCs quoted in the OFAC SDN list pass their checks."""
    records = json.loads(
        (shared_data / "evidence/registry-gleif/multi_lei_records.json").read_text()
    )
    leis_found = [r["attributes"]["lei"] for r in records["data"]]
    assert leis_found
    assert all(valid_lei(v) and classify_identifier(v) == ["leiCode"] for v in leis_found)
    sdn = (shared_data / "sanctions/ofac-sdn-2021/sdn.csv").read_text(encoding="latin-1")
    codes = set(re.findall(r"Unified Social Credit Code \(USCC\) ([0-9A-Z]{18})", sdn))
    assert len(codes) == 4
    assert all(valid_uscc(c) for c in codes)
