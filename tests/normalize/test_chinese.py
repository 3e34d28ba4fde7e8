"""Chinese company names split into place, trade name, industry and legal form."""

from __future__ import annotations

import pytest

from dualtrace.normalize.chinese import (
    chinese_company_parts,
    initials,
    pinyin_word,
    romanised_chinese_parts,
)
from dualtrace.normalize.legal_forms import legal_forms, remove_legal_forms


def test_dji_parts() -> None:
    parts = chinese_company_parts("深圳市大疆创新科技有限公司")
    assert parts is not None
    assert parts.place == ("深圳市",)
    assert parts.trade_name == "大疆"
    assert parts.industry == ("创新", "科技")
    assert parts.legal_form == "有限公司"
    info = parts.as_dict()
    assert info["place_pinyin"] == ["Shenzhen"]
    assert info["place_abbreviation"] == ["SZ"]
    assert info["trade_name_pinyin"] == "Dajiang"
    assert info["trade_name_tones"] == "Dàjiāng"
    assert info["industry_english"] == ["Innovation", "Technology"]


@pytest.mark.parametrize(
    ("name", "place", "trade", "form"),
    [
        ("杭州海康威视数字技术股份有限公司", ("杭州",), "海康威视", "股份有限公司"),
        ("广东省深圳市华为技术有限公司", ("广东省", "深圳市"), "华为", "有限公司"),
        ("大疆创新科技（深圳）有限公司", ("深圳",), "大疆", "有限公司"),
        ("东方电子股份有限公司", (), "东方", "股份有限公司"),
    ],
)
def test_other_company_names(name: str, place: tuple[str, ...], trade: str, form: str) -> None:
    parts = chinese_company_parts(name)
    assert parts is not None
    assert (parts.place, parts.trade_name, parts.legal_form) == (place, trade, form)


def test_branch_keeps_its_place() -> None:
    parts = chinese_company_parts("深圳市大疆创新科技有限公司上海分公司")
    assert parts is not None
    assert parts.trade_name == "大疆"
    assert parts.branch == "上海分公司"


def test_latin_name_has_no_chinese_parts() -> None:
    assert chinese_company_parts("SZ DJI Technology Co., Ltd.") is None


@pytest.mark.parametrize(
    "name",
    [
        "Shen Zhen Da Jiang Chuang Xin Ke Ji You Xian Gong Si",
        "Shenzhen Dajiang Chuangxin Keji Youxian Gongsi",
        "SHENZHEN DAJIANG CHUANGXIN KEJI YOUXIAN GONGSI",
    ],
)
def test_a_name_in_pinyin_reads_as_its_characters_do(name: str) -> None:
    written = chinese_company_parts("深圳市大疆创新科技有限公司")
    parts = romanised_chinese_parts(name)
    assert written is not None and parts is not None
    assert parts.place == (("shen", "zhen"),)
    assert parts.trade_name == ("da", "jiang")
    assert parts.industry == written.industry == ("创新", "科技")
    assert parts.legal_form == written.legal_form == "有限公司"


def test_pinyin_legal_forms_and_trade_names_of_two_syllables() -> None:
    parts = romanised_chinese_parts("Hangzhou Haikang Weishi Shuzi Jishu Gufen Youxian Gongsi")
    assert parts is not None
    assert parts.legal_form == "股份有限公司"
    assert parts.trade_name == ("hai", "kang", "wei", "shi")
    # industry words are taken from the end only while two syllables of trade name are left
    keji = romanised_chinese_parts("Ke Ji Ke Ji Youxian Gongsi")
    assert keji is not None and keji.trade_name == ("ke", "ji")


@pytest.mark.parametrize(
    "name",
    [
        "Dazheng Electronics Co., Ltd.",  # English, not pinyin
        "Da Zheng Dian Zi",  # no legal form: nothing says the words are pinyin
        "Pustelga Youxian Gongsi",  # not pinyin
        "Youxian Gongsi",
        "大正电子有限公司",
    ],
)
def test_other_names_are_not_read_as_pinyin(name: str) -> None:
    assert romanised_chinese_parts(name) is None


def test_place_abbreviations_and_polyphones() -> None:
    assert initials("深圳") == "SZ"
    assert initials("广州") == "GZ"
    assert pinyin_word("重庆") == "Chongqing"
    assert pinyin_word("厦门") == "Xiamen"


@pytest.mark.parametrize(
    ("name", "form"),
    [
        ("ООО «Пустельга»", "llc"),
        ("Pustelga LLC", "llc"),
        ("Limited Liability Company Pustelga", "llc"),
        ("SZ DJI Technology Co., Ltd.", "llc"),
        ("深圳市大疆创新科技有限公司", "llc"),
        ("АО «Сигнал»", "jsc"),
        ("Signal JSC", "jsc"),
        ("杭州海康威视数字技术股份有限公司", "jsc"),
    ],
)
def test_legal_forms_across_languages(name: str, form: str) -> None:
    assert form in legal_forms(name)
    assert form not in legal_forms(remove_legal_forms(name))
