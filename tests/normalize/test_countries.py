"""Country names and codes to ISO alpha-2: the spellings met in real customs and registry data."""

from __future__ import annotations

import subprocess
import sys

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dualtrace.normalize.countries import country_code, country_name


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Китай", "cn"),
        ("中国", "cn"),
        ("CHINA", "cn"),
        ("CN", "cn"),
        ("chn", "cn"),
        ("156", "cn"),
        ("КНР", "cn"),
        ("CHINA, PEOPLE'S REPUBLIC OF", "cn"),
        ("Russian Federation", "ru"),
        ("Российская Федерация", "ru"),
        ("РФ", "ru"),
        ("643", "ru"),
        ("Hong Kong", "hk"),
        ("HONG KONG SAR", "hk"),
        ("中国香港", "hk"),
        ("Гонконг (САР Китая)", "hk"),
        ("Тайвань (Китай)", "tw"),
        ("Türkiye", "tr"),
        ("Turkey", "tr"),
        ("ТУРЦИЯ", "tr"),
        ("土耳其", "tr"),
        ("ОАЭ", "ae"),
        ("阿联酋", "ae"),
        ("Объединённые Арабские Эмираты", "ae"),
        ("Белоруссия", "by"),
        ("Республика Армения", "am"),
        ("Кыргызская Республика", "kg"),
        ("Korea, Republic of", "kr"),
        ("Соединенные Штаты Америки", "us"),
        ("澳门", "mo"),
        ("040", "at"),
    ],
)
def test_country_names_and_codes(text: str, code: str) -> None:
    assert country_code(text) == code


@pytest.mark.parametrize("text", ["Crimea", "Крым", "ДНР", "Sevastopol"])
def test_occupied_regions_resolve_to_their_iso_country(text: str) -> None:
    assert country_code(text) == "ua"


@pytest.mark.parametrize("text", ["", "  ", "XX", "ZZ", "EU", "СССР", "N/A", "Shenzhen Trading"])
def test_unknown_or_non_country_gives_none(text: str) -> None:
    assert country_code(text) is None


def test_country_name_in_three_languages() -> None:
    assert country_name("cn", "ru") == "Китай"
    assert country_name("ru", "en") == "Russia"
    assert country_name("cn", "zh") == "中国"


_NAMES = st.sampled_from(["Китай", "中国", "CHINA", "Russian Federation", "Türkiye", "ОАЭ"])


@given(_NAMES, st.sampled_from(["\u200b", "\ufeff", " ", "\u00ad", ""]), st.booleans())
def test_case_spacing_and_invisible_characters_do_not_matter(
    name: str, noise: str, upper: bool
) -> None:
    noisy = noise + (name.upper() if upper else name.lower()) + noise
    assert country_code(noisy) == country_code(name)


@given(st.text(max_size=30))
def test_result_is_none_or_a_lower_case_alpha2(text: str) -> None:
    code = country_code(text)
    assert code is None or (len(code) == 2 and code.isascii() and code.islower())


def test_bodies_and_pseudo_regions_are_not_countries() -> None:
    # CLDR names these regions too; none is a country a shipment can come from.
    for text in ("Eurozone", "欧盟", "联合国", "Unknown Region", "Outlying Oceania"):
        assert country_code(text) is None, text


def test_codes_and_cldr_names_do_not_build_the_index_of_all_names() -> None:
    """A file that names its countries by code or CLDR name is read without rigour's index
    of every territory name, which takes seconds to build in each process."""
    script = (
        "from dualtrace.normalize.countries import country_code\n"
        "from rigour.territories.lookup import _get_territory_names\n"
        "codes = [country_code(t) for t in ('CN', 'ru', 'Китай', 'China', '中国', '643')]\n"
        "print(codes, _get_territory_names.cache_info().currsize)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    assert done.stdout.strip() == "['cn', 'ru', 'cn', 'cn', 'cn', 'ru'] 0"
