"""Latin renderings of Chinese company names, for matching across scripts.

A Chinese company name is usually [region][trade name][industry words][legal form]
(深圳市 大疆 创新 科技 有限公司). Its Latin names follow a few habits: pinyin of each part
('Shenzhen Dajiang Chuangxin Keji'), the industry words translated ('Shenzhen Dajiang
Innovation Technology'), or the region and trade name shortened to initials ('SZ DJI
Technology'). Producing those renderings lets a transliterated or translated name meet the
original. The word tables are small on purpose: the industry and region words that recur in the
names of makers and traders of electronics, drones and shipping; anything else stays pinyin.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Final

from pypinyin import lazy_pinyin

_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")

LEGAL_FORMS: Final = (
    "股份有限公司",
    "有限责任公司",
    "有限責任公司",
    "有限公司",
    "分公司",
    "公司",
    "会社",
    "會社",
)

# Industry words, simplified and traditional, with the English used in Latin names.
INDUSTRY: Final = {
    "科技": "technology",
    "技术": "technology",
    "技術": "technology",
    "电子": "electronics",
    "電子": "electronics",
    "贸易": "trading",
    "貿易": "trading",
    "商贸": "trading",
    "國際": "international",
    "国际": "international",
    "创新": "innovation",
    "創新": "innovation",
    "智能": "intelligent",
    "网络": "network",
    "網絡": "network",
    "信息": "information",
    "发展": "development",
    "發展": "development",
    "工业": "industrial",
    "工業": "industrial",
    "实业": "industrial",
    "實業": "industrial",
    "机械": "machinery",
    "機械": "machinery",
    "航空": "aviation",
    "航天": "aerospace",
    "船务": "shipping",
    "船務": "shipping",
    "海运": "shipping",
    "海運": "shipping",
    "航运": "shipping",
    "航運": "shipping",
    "物流": "logistics",
    "投资": "investment",
    "投資": "investment",
    "控股": "holdings",
    "进出口": "import export",
    "進出口": "import export",
    "光电": "optoelectronics",
    "光電": "optoelectronics",
    "通信": "communication",
    "通讯": "communication",
    "半导体": "semiconductor",
    "半導體": "semiconductor",
    "微电子": "microelectronics",
    "无人机": "uav",
    "無人機": "uav",
    "设备": "equipment",
    "設備": "equipment",
    "仪器": "instruments",
    "材料": "materials",
    "化工": "chemical",
    "能源": "energy",
    "集团": "group",
    "集團": "group",
    "联合": "united",
    "聯合": "united",
    "制造": "manufacturing",
    "製造": "manufacturing",
    "软件": "software",
    "精密": "precision",
    "动力": "power",
    "數碼": "digital",
    "数码": "digital",
    "机电": "electromechanical",
}

# Regions that open company names: pinyin (or the usual English) and the short form.
REGIONS: Final = {
    "深圳": ("shenzhen", "sz"),
    "北京": ("beijing", "bj"),
    "上海": ("shanghai", "sh"),
    "广州": ("guangzhou", "gz"),
    "廣州": ("guangzhou", "gz"),
    "香港": ("hong kong", "hk"),
    "天津": ("tianjin", "tj"),
    "杭州": ("hangzhou", "hz"),
    "成都": ("chengdu", "cd"),
    "武汉": ("wuhan", "wh"),
    "西安": ("xian", "xa"),
    "南京": ("nanjing", "nj"),
    "重庆": ("chongqing", "cq"),
    "东莞": ("dongguan", "dg"),
    "珠海": ("zhuhai", "zh"),
    "苏州": ("suzhou", "sz"),
    "厦门": ("xiamen", "xm"),
    "宁波": ("ningbo", "nb"),
    "青岛": ("qingdao", "qd"),
    "大连": ("dalian", "dl"),
    "长沙": ("changsha", "cs"),
    "郑州": ("zhengzhou", "zz"),
    "合肥": ("hefei", "hf"),
    "无锡": ("wuxi", "wx"),
    "佛山": ("foshan", "fs"),
    "中国": ("china", "cn"),
    "中國": ("china", "cn"),
    "澳门": ("macau", "mo"),
}
_REGION_SUFFIX = ("市", "省", "区", "區")
_BRACKETS = re.compile(r"[(（]([^)）]*)[)）]")


def has_han(text: str) -> bool:
    return _HAN.search(text) is not None


def _pinyin(text: str) -> str:
    return "".join(lazy_pinyin(text)).lower()


def _initials(text: str) -> str:
    return "".join(s[0] for s in lazy_pinyin(text) if s and s[0].isalnum()).lower()


def _strip_legal_form(name: str) -> str:
    changed = True
    while changed:
        changed = False
        for form in LEGAL_FORMS:
            if name.endswith(form) and len(name) > len(form):
                name = name[: -len(form)]
                changed = True
    return name


@lru_cache(maxsize=50_000)
def latin_renderings(name: str) -> tuple[str, ...]:
    """The Latin names a Chinese company name is commonly written as ('' parts dropped)."""
    regions: list[tuple[str, str]] = []
    text = name.strip()
    for inner in _BRACKETS.findall(text):
        if inner in REGIONS:
            regions.append(REGIONS[inner])
    text = _BRACKETS.sub("", text).replace(" ", "")
    text = _strip_legal_form(text)
    for region, forms in REGIONS.items():
        if text.startswith(region):
            regions.insert(0, forms)
            text = text[len(region) :]
            if text[:1] in _REGION_SUFFIX:
                text = text[1:]
            break
    industry: list[str] = []
    stripped = True
    while stripped:
        stripped = False
        for word in sorted(INDUSTRY, key=len, reverse=True):
            if text.endswith(word) and len(text) > len(word):
                industry.insert(0, word)
                text = text[: -len(word)]
                stripped = True
                break
    core = text
    core_pinyin = _pinyin(core)
    english = [INDUSTRY[w] for w in industry]
    region_full = " ".join(r[0] for r in regions)
    region_short = " ".join(r[1] for r in regions)
    out = [
        " ".join(lazy_pinyin(name)),
        f"{region_full} {core_pinyin} {' '.join(_pinyin(w) for w in industry)}",
        f"{region_full} {core_pinyin} {' '.join(english)}",
        f"{core_pinyin} {' '.join(english)}",
    ]
    if english:
        acronym = _initials(core) + "".join(e[0] for e in english[:-1])
        out.append(f"{region_short} {acronym} {english[-1]}")
    return tuple(dict.fromkeys(" ".join(o.split()) for o in out if o.strip()))


@lru_cache(maxsize=1)
def pinyin_syllables() -> frozenset[str]:
    """Every toneless pinyin syllable (from pypinyin's character table)."""
    import unicodedata

    from pypinyin.pinyin_dict import pinyin_dict

    out: set[str] = set()
    for readings in pinyin_dict.values():
        for reading in readings.split(","):
            bare = unicodedata.normalize("NFD", reading)
            bare = "".join(c for c in bare if c.isascii() and c.isalpha()).lower()
            if bare:
                out.add(bare)
    return frozenset(out)


def split_pinyin(word: str) -> list[str] | None:
    """'dajiang' -> ['da', 'jiang'] when the word is pinyin syllables throughout, else None."""
    syllables = pinyin_syllables()
    best: list[list[str] | None] = [None] * (len(word) + 1)
    best[0] = []
    for end in range(1, len(word) + 1):
        for start in range(max(0, end - 6), end):
            head = best[start]
            current = best[end]
            if (
                head is not None
                and word[start:end] in syllables
                and (current is None or len(head) + 1 < len(current))
            ):
                best[end] = [*head, word[start:end]]
    return best[len(word)]


_REGION_BY_PINYIN: Final = {full.replace(" ", ""): short for full, short in REGIONS.values()}
_ENGLISH_INDUSTRY: Final = frozenset(w for v in INDUSTRY.values() for w in v.split())


def latin_abbreviation(words: tuple[str, ...]) -> str | None:
    """'shenzhen dajiang innovation technology' -> 'sz dji technology': the short form a
    Chinese company's Latin name takes, when the name has that shape (region, pinyin trade
    name, English industry words)."""
    if len(words) < 3 or words[0] not in _REGION_BY_PINYIN:
        return None
    rest = list(words[1:])
    industry: list[str] = []
    while rest and rest[-1] in _ENGLISH_INDUSTRY:
        industry.insert(0, rest.pop())
    if not rest or not industry:
        return None
    initials = ""
    for word in rest:
        syllables = split_pinyin(word)
        if syllables is None:
            return None
        initials += "".join(s[0] for s in syllables)
    acronym = initials + "".join(w[0] for w in industry[:-1])
    return f"{_REGION_BY_PINYIN[words[0]]} {acronym} {industry[-1]}"
