"""Name keys and variants: equal keys for the spellings of one company, across scripts."""

from __future__ import annotations

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from dualtrace.normalize.names import name_key, script_key, strip_invisible, to_ascii
from dualtrace.normalize.variants import name_variants, pinyin_name_variants, variant_keys

INVISIBLE = st.sampled_from(["\u200b", "\u200c", "\u200d", "\ufeff", "\u2060", "\u00ad"])
CYRILLIC_TO_LATIN_LOOKALIKES = {"a": "а", "o": "о", "p": "р", "c": "с", "e": "е", "x": "х"}
LATIN_WORDS = st.text("abcdefghijklmnopqrstuvwxyz", min_size=2, max_size=10)
LEGAL_FORMS = ["LLC", "ООО", "OOO", "Limited Liability Company", "Co., Ltd.", "АО", "JSC", "GmbH"]
NAMES = st.text(st.characters(codec="utf-8", categories=["L", "N", "P", "Zs", "Cf"]), max_size=40)


@given(NAMES)
@example("Ltd Alpha Co")
@example("ООО ООО")
@example("B\u08a0V")
def test_name_key_is_idempotent(name: str) -> None:
    key = name_key(name)
    assert name_key(key) == key


@given(NAMES)
def test_name_key_is_ascii_lower_sorted(name: str) -> None:
    words = name_key(name).split()
    assert all(w.isascii() and w == w.lower() for w in words)
    assert words == sorted(words)


@given(st.lists(LATIN_WORDS, min_size=1, max_size=4), INVISIBLE, st.integers(0, 30))
def test_invisible_characters_do_not_change_the_key(words: list[str], mark: str, at: int) -> None:
    name = " ".join(words)
    at %= len(name) + 1
    noisy = name[:at] + mark + name[at:]
    assert name_key(noisy) == name_key(name)
    assert strip_invisible(noisy) == name


@given(st.lists(LATIN_WORDS, min_size=1, max_size=4), st.booleans())
def test_case_and_word_order_do_not_change_the_key(words: list[str], upper: bool) -> None:
    name = " ".join(words)
    shuffled = " ".join(reversed(words))
    assert name_key(shuffled.upper() if upper else shuffled) == name_key(name)


@given(LATIN_WORDS, st.sampled_from(LEGAL_FORMS), st.booleans())
def test_legal_forms_do_not_change_the_key(word: str, form: str, before: bool) -> None:
    name = f"Zq{word}"  # a prefix no legal form starts with
    with_form = f"{form} {name}" if before else f"{name} {form}"
    assert name_key(with_form) == name_key(name)


@given(LATIN_WORDS, st.data())
def test_cyrillic_lookalikes_inside_a_latin_word_are_folded(word: str, data: st.DataObject) -> None:
    name = f"Zq{word}"
    spots = [i for i, ch in enumerate(name) if ch in CYRILLIC_TO_LATIN_LOOKALIKES]
    if not spots:
        return
    at = data.draw(st.sampled_from(spots))
    spoofed = name[:at] + CYRILLIC_TO_LATIN_LOOKALIKES[name[at]] + name[at + 1 :]
    assert spoofed != name
    assert name_key(spoofed) == name_key(name)
    assert to_ascii(spoofed) == name


@pytest.mark.parametrize(
    "name",
    [
        '«ООО "Пустельга"»',
        "Pustelga LLC",
        "OOO Pustel'ga",
        "Общество с ограниченной ответственностью «Пустельга»",
        "PUSTELGA, LIMITED LIABILITY COMPANY",
        "OOO Pustelgа",  # Cyrillic а at the end
    ],
)
def test_spellings_of_one_russian_company_share_a_key(name: str) -> None:
    assert name_key(name) == "pustelga"


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Sichuan AEE Technology Co., Ltd.", "SICHUAN AEE TECHNOLOGY CO, LTD."),
        ("Hunan Haotianyi Co. Ltd", "HUNAN HAOTIANYI CO., LTD"),
        ("Banco Nacional S.A.", "BANCO NACIONAL SA"),
    ],
)
def test_legal_forms_with_or_without_punctuation(a: str, b: str) -> None:
    assert name_key(a) == name_key(b)


@pytest.mark.parametrize(
    "other", ["SZ DJI Technology Co., Ltd.", "Shenzhen Dajiang Innovation Technology"]
)
def test_chinese_company_meets_its_english_names(other: str) -> None:
    assert variant_keys("深圳市大疆创新科技有限公司") & variant_keys(other)


def test_a_chinese_name_in_pinyin_meets_its_characters_and_its_english() -> None:
    keys = {name_key(v) for v in pinyin_name_variants("Da Zheng Dian Zi Youxian Gongsi")}
    assert "dazheng electronics" in keys
    assert keys & variant_keys("大正电子有限公司")
    assert not keys & variant_keys("大成电子有限公司")
    assert pinyin_name_variants("Dazheng Electronics Co., Ltd.") == []


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("ООО «Шяргек»", "шяргек"),
        ('Общество с ограниченной ответственностью "КАТОМ"', "катом"),
        ("АО «Цкюм-М»", "м цкюм"),
        ("Tutar LLC", "tutar"),
    ],
)
def test_script_keys_keep_the_script(name: str, key: str) -> None:
    assert script_key(name) == key


def test_unrelated_names_do_not_meet() -> None:
    assert not variant_keys("深圳市大疆创新科技有限公司") & variant_keys(
        "Hikvision Digital Technology"
    )
    assert not variant_keys("ООО Пустельга") & variant_keys("OOO Strizh")


@pytest.mark.parametrize(
    ("cyrillic", "informal"),
    [
        ("Жук", "Juk"),
        ("Технологии", "Tehnologii"),
        ("Технологии", "Texnologii"),
        ("Цифра", "Cifra"),
        ("Щит", "Schit"),
        ("Юг", "Iug"),
        ("Юг", "Jug"),
        ("Ярус", "Iarus"),
        ("Майский", "Maiskii"),
        ("Майский", "Majskij"),
    ],
)
def test_informal_spellings_are_among_the_variants(cyrillic: str, informal: str) -> None:
    assert informal in name_variants(cyrillic)


def test_transliteration_systems() -> None:
    variants = name_variants("Щукин Хлеб")
    assert "Shhukin Xleb" in variants  # GOST 7.79 System B
    assert "Shchukin Khleb" in variants  # BGN/PCGN


def test_pinyin_with_and_without_tones() -> None:
    variants = name_variants("深圳市大疆创新科技有限公司")
    assert "Shenzhen Dajiang Chuangxin Keji" in variants
    assert "Shen1zhen4 Da4jiang1 Chuang4xin1 Ke1ji4" in variants


@given(NAMES)
def test_variants_are_ascii_and_include_the_plain_transliteration(name: str) -> None:
    variants = name_variants(name)
    assert all(v.isascii() for v in variants)
    plain = " ".join(to_ascii(name).split())
    assert not plain or plain in variants
