"""The structure of Chinese company names, and their pinyin and English renderings.

A registered Chinese company name is place + trade name + industry + legal form:
深圳市 (Shenzhen) 大疆 (Dajiang, the trade name) 创新科技 (innovation technology) 有限公司
(Co., Ltd.). Exporters' English names keep the trade name in pinyin or as initials (DJI),
translate the industry and abbreviate the place (SZ), so comparing the parts is what brings
深圳市大疆创新科技有限公司 and "SZ DJI Technology Co., Ltd." together.

Place names come from python-stdnum's table of Chinese administrative divisions. The industry
words and their usual English are written out here: no installed package has them.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib.resources import files
from typing import Final

from pypinyin import Style, lazy_pinyin

from dualtrace.normalize.legal_forms import CHINESE_FORMS, split_chinese_form

# Industry words -> the English exporters use for them.
INDUSTRY_ENGLISH: Final = {
    "科技": "Technology", "技术": "Technology", "创新": "Innovation", "电子": "Electronics",
    "电子科技": "Electronic Technology", "智能": "Intelligent",
    "智能科技": "Intelligent Technology",
    "信息": "Information", "信息技术": "Information Technology", "网络": "Network",
    "通信": "Communication", "通讯": "Communication", "光电": "Optoelectronics",
    "光学": "Optics", "电气": "Electric", "电器": "Electrical Appliance", "电机": "Motor",
    "电池": "Battery", "能源": "Energy", "新能源": "New Energy", "动力": "Power",
    "机械": "Machinery", "机电": "Electromechanical", "设备": "Equipment", "仪器": "Instrument",
    "精密": "Precision", "自动化": "Automation", "航空": "Aviation", "航天": "Aerospace",
    "无人机": "UAV", "机器人": "Robotics", "软件": "Software", "系统": "Systems",
    "材料": "Materials", "新材料": "New Materials", "化工": "Chemical", "工业": "Industrial",
    "实业": "Industrial", "制造": "Manufacturing", "工贸": "Industry and Trade",
    "贸易": "Trading", "商贸": "Trading", "国际贸易": "International Trading",
    "进出口": "Import and Export", "国际": "International", "物流": "Logistics",
    "供应链": "Supply Chain", "投资": "Investment", "控股": "Holding", "集团": "Group",
    "发展": "Development", "实验室": "Laboratory", "研究所": "Research Institute",
    "半导体": "Semiconductor", "微电子": "Microelectronics", "集成电路": "Integrated Circuit",
    "传感": "Sensing", "传感器": "Sensor", "影像": "Imaging", "视觉": "Vision",
    "数码": "Digital", "数字": "Digital", "模型": "Model", "塑胶": "Plastic", "五金": "Hardware",
    "模具": "Mould", "汽车": "Automotive", "船舶": "Shipping", "安防": "Security",
    "防务": "Defense", "装备": "Equipment", "器材": "Equipment", "工程": "Engineering",
    "服务": "Services", "咨询": "Consulting", "管理": "Management", "文化": "Culture",
    "传媒": "Media", "生物": "Biological", "医疗": "Medical", "环保": "Environmental",
    "照明": "Lighting", "显示": "Display", "元器件": "Components", "电源": "Power Supply",
    "射频": "RF", "雷达": "Radar", "卫星": "Satellite", "导航": "Navigation",
}  # fmt: skip
_INDUSTRY_BY_LENGTH: Final = sorted(INDUSTRY_ENGLISH, key=len, reverse=True)
_PLACE_SUFFIX: Final = re.compile(
    r"(?:维吾尔|壮族|回族|藏族)?(?:自治区|特别行政区|自治州|自治县|地区|省|市|区|县|盟|旗)$"
)
_BRACKETED: Final = re.compile(r"[(（]([^)）]+)[)）]")
_HAN: Final = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
MIN_TRADE_NAME: Final = 2


def has_han(text: str) -> bool:
    return _HAN.search(text) is not None


@cache
def _places() -> frozenset[str]:
    """Province and prefecture names with and without their suffix; counties only with it,
    since a bare county name ("东方") is too often an ordinary trade name."""
    names: set[str] = set()
    data = files("stdnum").joinpath("cn/loc.dat").read_text(encoding="utf-8")
    for line in data.splitlines():
        match = re.match(r'^\s*(\d+)\s+(?:province|county)="([^"]*)"', line)
        if match is None:
            continue
        code, values = match.groups()
        for value in values.split(","):
            name = re.sub(r"^\[[^\]]*\]", "", value)
            if not name or name in ("市辖区", "县", "省直辖县级行政区划"):
                continue
            names.add(name)
            short = _PLACE_SUFFIX.sub("", name)
            major = len(code) == 2 or code.endswith("00")
            if major and len(short) >= 2:
                names.add(short)
    names.update({"香港", "澳门", "台湾", "中国", "中國"})
    return frozenset(names)


def place_core(place: str) -> str:
    """深圳市 -> 深圳: the place without its administrative suffix, as it is romanised."""
    core = _PLACE_SUFFIX.sub("", place)
    return core if len(core) >= 2 else place


_STYLES: Final = {"": Style.NORMAL, "marks": Style.TONE, "numbers": Style.TONE3}


def pinyin(text: str, tones: str = "") -> list[str]:
    """The syllables of a Han text, without tones, with tone marks ("marks": dà) or with tone
    numbers ("numbers": da4, still ASCII); other characters pass as words."""
    return list(_pinyin(text, tones))


@lru_cache(maxsize=100_000)
def _pinyin(text: str, tones: str) -> tuple[str, ...]:
    """pypinyin segments and looks up every call (a tenth of a millisecond); one name's
    parts are read out several times over (with and without tones, as initials)."""
    style = _STYLES[tones]
    return tuple(s for s in lazy_pinyin(text, style=style, errors="default") if s.strip())


def pinyin_word(text: str, tones: str = "") -> str:
    """Syllables run together and capitalised, as a name is written: 大疆 -> "Dajiang"."""
    joined = "".join(pinyin(text, tones)).replace(" ", "")
    return joined[:1].upper() + joined[1:]


def initials(text: str) -> str:
    """The initials of the pinyin syllables: 深圳 -> "SZ", the usual short form of a place."""
    return "".join(s[0] for s in pinyin(text) if s[:1].isalpha()).upper()


@dataclass(frozen=True)
class ChineseCompanyName:
    name: str
    place: tuple[str, ...]
    trade_name: str
    industry: tuple[str, ...]
    legal_form: str | None
    branch: str | None = None

    @property
    def industry_english(self) -> list[str]:
        return [INDUSTRY_ENGLISH[word] for word in self.industry]

    def as_dict(self) -> dict[str, object]:
        return {
            "place": list(self.place),
            "place_pinyin": [pinyin_word(place_core(p)) for p in self.place],
            "place_abbreviation": [initials(place_core(p)) for p in self.place],
            "trade_name": self.trade_name,
            "trade_name_pinyin": pinyin_word(self.trade_name),
            "trade_name_tones": pinyin_word(self.trade_name, tones="marks"),
            "industry": list(self.industry),
            "industry_english": self.industry_english,
            "legal_form": self.legal_form,
            "branch": self.branch,
        }


def _leading_places(text: str) -> tuple[list[str], str]:
    places = _places()
    found: list[str] = []
    while True:
        for size in range(min(9, len(text) - MIN_TRADE_NAME), 1, -1):
            if text[:size] in places:
                found.append(text[:size])
                text = text[size:]
                break
        else:
            return found, text


def _trailing_industry(text: str) -> tuple[list[str], str]:
    found: list[str] = []
    while True:
        for word in _INDUSTRY_BY_LENGTH:
            if text.endswith(word) and len(text) - len(word) >= MIN_TRADE_NAME:
                found.insert(0, word)
                text = text[: -len(word)]
                break
        else:
            return found, text


def chinese_company_parts(name: str) -> ChineseCompanyName | None:
    """Place prefix(es), trade name, industry words and legal form of a Chinese company name,
    or None when the name has no Han characters.

    A place in brackets (大疆创新科技(深圳)有限公司) counts as the place prefix.
    """
    name = "".join(name.split())
    if not has_han(name):
        return None
    rest, form, branch = split_chinese_form(name)
    bracketed = [m for m in _BRACKETED.findall(rest) if m in _places()]
    rest = _BRACKETED.sub("", rest)
    places, rest = _leading_places(rest)
    industry, trade = _trailing_industry(rest)
    return ChineseCompanyName(name, (*places, *bracketed), trade, tuple(industry), form, branch)


# The longest pinyin syllable is six letters (zhuang, shuang, chuang).
_MAX_SYLLABLE: Final = 6
_LATIN_WORD: Final = re.compile(r"[a-z]+")
_VOWEL: Final = re.compile(r"[aeiouv]")


@dataclass(frozen=True)
class RomanisedChineseName:
    """A Chinese company name written in pinyin ("Da Zheng Dian Zi Youxian Gongsi"), read
    back into the parts `chinese_company_parts` finds in characters: the place and trade name
    as syllables, the industry words in characters (so that their English is known)."""

    place: tuple[tuple[str, ...], ...]
    trade_name: tuple[str, ...]
    industry: tuple[str, ...]
    legal_form: str


@cache
def _syllables() -> frozenset[str]:
    """Every toneless pinyin syllable, read from pypinyin's own character table."""
    from pypinyin.pinyin_dict import pinyin_dict

    toned = {r for readings in pinyin_dict.values() for r in readings.split(",")}
    out = set()
    for reading in toned:
        bare = unicodedata.normalize("NFD", reading).replace("u\u0308", "v")
        out.add("".join(ch for ch in bare if not unicodedata.combining(ch)))
    # Interjections without a vowel (m, n, ng, hm) are left out: no trade name is made of them.
    return frozenset(s for s in out if s.isascii() and s.isalpha() and _VOWEL.search(s))


@cache
def _pinyin_tables() -> tuple[
    dict[str, str], dict[tuple[str, ...], list[str]], dict[tuple[str, ...], str]
]:
    """Legal forms by their joined pinyin, industry words and place names by their syllables:
    the same tables the reading in characters uses, read aloud."""
    forms = {"".join(pinyin(form)): form for form, _generic in CHINESE_FORMS}
    industry: dict[tuple[str, ...], list[str]] = {}
    for word in INDUSTRY_ENGLISH:
        industry.setdefault(tuple(pinyin(word)), []).append(word)
    places: dict[tuple[str, ...], str] = {}
    for place in _places():
        if place_core(place) == place:
            places.setdefault(tuple(pinyin(place)), place)
    return forms, industry, places


def _segment(word: str) -> tuple[str, ...] | None:
    """A word of joined pinyin as its syllables, fewest first (xian, not xi an), or None when
    the word is not pinyin."""
    syllables = _syllables()
    best: list[tuple[str, ...] | None] = [None] * (len(word) + 1)
    best[0] = ()
    for end in range(1, len(word) + 1):
        for start in range(max(0, end - _MAX_SYLLABLE), end):
            head, found = best[start], best[end]
            if (
                head is not None
                and word[start:end] in syllables
                and (found is None or len(head) + 1 < len(found))
            ):
                best[end] = (*head, word[start:end])
    return best[-1]


@lru_cache(maxsize=100_000)
def romanised_chinese_parts(name: str) -> RomanisedChineseName | None:
    """The parts of a Chinese company name written in pinyin, or None for any other name.

    Only a name ending in a Chinese legal form in pinyin (Youxian Gongsi, Gufen Youxian
    Gongsi) whose every other word is pinyin counts: that ending is what tells "Da Zheng Dian
    Zi Youxian Gongsi" (大正电子有限公司, "Dazheng Electronics Co., Ltd.") from a Latin name that
    happens to read as pinyin. Industry words are taken from the end and places from the start
    as in characters, keeping a trade name of at least two syllables.
    """
    if not name.isascii():
        return None
    words = _LATIN_WORD.findall(name.lower())
    forms, industry_table, place_table = _pinyin_tables()
    form = None
    for size in range(min(len(words), 6), 0, -1):
        form = forms.get("".join(words[-size:]))
        if form is not None:
            words = words[:-size]
            break
    if form is None or not words:
        return None
    syllables: list[str] = []
    for word in words:
        found = _segment(word)
        if found is None:
            return None
        syllables.extend(found)
    industry: list[str] = []
    while True:
        for size in range(min(4, len(syllables) - MIN_TRADE_NAME), 0, -1):
            words_found = industry_table.get(tuple(syllables[-size:]))
            if words_found:
                industry.insert(0, words_found[0])
                del syllables[-size:]
                break
        else:
            break
    place: list[tuple[str, ...]] = []
    while True:
        for size in range(min(4, len(syllables) - MIN_TRADE_NAME), 1, -1):
            if tuple(syllables[:size]) in place_table:
                place.append(tuple(syllables[:size]))
                del syllables[:size]
                break
        else:
            break
    if len(syllables) < MIN_TRADE_NAME:
        return None
    return RomanisedChineseName(tuple(place), tuple(syllables), tuple(industry), form)
