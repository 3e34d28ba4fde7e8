"""The cast of a generated world, sized by the scale: every role of the supply chain.

Makers, production sites and brands in China and Hong Kong; distributors; intermediaries in hub
countries (some of them shells sharing an address and a director); Russian importers; end users
that are military, military-linked training centres or civilian; and a share of them
sanctioned. All names, identifiers and addresses are generated.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date

from pypinyin import lazy_pinyin

from dualtrace.synth import ids
from dualtrace.synth.party import CIVILIAN, MILITARY, MILITARY_LINKED, Party
from dualtrace.synth.variants import Name, translit

_ZH = "翔云鹰飞航天瑞博鑫达创智远腾宇恒晟凌锐泰蓝星华美龙海安信卓越光明新宏伟"
_ZH_TRADES = (
    ("科技", "Technology"),
    ("智能科技", "Intelligent Technology"),
    ("电子", "Electronics"),
    ("航空科技", "Aviation Technology"),
    ("贸易", "Trading"),
    ("供应链管理", "Supply Chain Management"),
)
_RU = (
    "Тех",
    "Снаб",
    "Арс",
    "Вект",
    "Альт",
    "Мир",
    "Гран",
    "Комп",
    "Спец",
    "Пром",
    "Инж",
    "Ресурс",
    "Ком",
    "Стан",
    "Опт",
    "Линк",
    "Сервис",
    "Ньюс",
    "Роб",
    "Аэро",
)
_HUBS = (
    ("kz", "kz_too", "Алматы"),
    ("kg", "kg_osoo", "Бишкек"),
    ("by", "by_ooo", "Минск"),
    ("tr", "tr_ltd", "Istanbul"),
    ("am", "am_llc", "Ереван"),
    ("ae", "ae_fze", "Dubai"),
    ("uz", "uz_mchj", "Ташкент"),
)
_SURNAMES = ("Ахметов", "Иванов", "Садыков", "Петров", "Юсупов", "Лебедев", "Кравец", "Алиев")


@dataclass(frozen=True, slots=True)
class Sizes:
    makers: int
    sites: int
    distributors: int
    hubs: int
    importers: int
    end_users: int

    @classmethod
    def for_rows(cls, rows: int) -> Sizes:
        """More rows, more companies, but far fewer than rows (trade is concentrated)."""
        k = max(1, int((rows / 2_000) ** 0.5))
        return cls(
            makers=3 + k,
            sites=5 + 3 * k,
            distributors=3 + 2 * k,
            hubs=6 + 3 * k,
            importers=8 + 5 * k,
            end_users=10 + 6 * k,
        )


@dataclass(frozen=True, slots=True)
class WorldCast:
    makers: tuple[Party, ...]
    sites: tuple[Party, ...]
    distributors: tuple[Party, ...]
    hubs: tuple[Party, ...]
    importers: tuple[Party, ...]
    end_users: tuple[Party, ...]

    def all(self) -> tuple[Party, ...]:
        return (
            *self.makers,
            *self.sites,
            *self.distributors,
            *self.hubs,
            *self.importers,
            *self.end_users,
        )


class _Names:
    """Generates distinct name cores so that two parties never share one by accident."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.used: set[str] = set()

    def zh(self) -> tuple[str, str]:
        while True:
            core = "".join(self.rng.sample(_ZH, 2))
            trade_zh, trade_en = self.rng.choice(_ZH_TRADES)
            if core + trade_zh not in self.used:
                self.used.add(core + trade_zh)
                return core + trade_zh, f"{''.join(lazy_pinyin(core)).capitalize()} {trade_en}"

    def ru(self) -> str:
        misses = 0
        while True:
            # Two stems give a few thousand names; past that (the large scales) three do.
            core = "".join(self.rng.sample(_RU, 2 if misses < 50 else 3))
            core = core[0] + core[1:].lower()
            if self.rng.random() < 0.3:
                core += f"-{self.rng.choice(['М', 'Плюс', 'Групп', '21', 'Центр'])}"
            if core not in self.used:
                self.used.add(core)
                return core
            misses += 1


def build_world_cast(rng: random.Random, sizes: Sizes) -> WorldCast:
    names = _Names(rng)
    makers = []
    for i in range(sizes.makers):
        hk = i % 4 == 3
        zh, en = names.zh()
        city = "Hong Kong" if hk else rng.choice(["Shenzhen", "Dongguan", "Hangzhou"])
        makers.append(
            Party(
                key=f"maker-{i:03d}",
                name=Name(en, "hk_ltd" if hk else "cn_ltd", core_zh=zh),
                country="hk" if hk else "cn",
                role="maker",
                city=city,
                address=f"{city}, Science Park Tower {rng.randint(1, 30)}",
                uscc=None if hk else ids.uscc(rng, ids.CN_DIVISIONS[city.lower()]),
                director=rng.choice(["王", "李", "张", "刘", "陈"])
                + rng.choice(["伟", "强", "磊", "军"]),
            )
        )
    sites = []
    for i in range(sizes.sites):
        zh, en = names.zh()
        owner = makers[i % len(makers)]
        sites.append(
            Party(
                key=f"site-{i:03d}",
                name=Name(f"Dongguan {en}", "cn_ltd", core_zh="东莞" + zh),
                country="cn",
                role="production_site",
                city="Dongguan",
                address=f"Dongguan, Chang'an Town, Factory {rng.randint(1, 99)}",
                uscc=ids.uscc(rng, ids.CN_DIVISIONS["dongguan"]),
                links=(owner.key,),
                director=rng.choice(["黄", "周", "吴"]) + rng.choice(["平", "敏", "涛"]),
            )
        )
    distributors = []
    shared = f"Hong Kong, Kowloon, Nathan Road {rng.randint(100, 999)}, Room 1203"
    for i in range(sizes.distributors):
        zh, en = names.zh()
        shell = i < 2
        distributors.append(
            Party(
                key=f"dist-{i:03d}",
                name=Name(en, "hk_ltd", core_zh=zh),
                country="hk",
                role="distributor",
                city="Hong Kong",
                address=shared
                if shell
                else f"Hong Kong, Wan Chai, Lockhart Road {rng.randint(1, 300)}",
                director="陈志明" if shell else None,
                shell_group="hk-1" if shell else None,
            )
        )
    return WorldCast(
        tuple(makers),
        tuple(sites),
        tuple(distributors),
        _hubs(rng, names, sizes.hubs),
        _russians(rng, names, sizes.importers, "importer"),
        _russians(rng, names, sizes.end_users, "end_user"),
    )


def _hubs(rng: random.Random, names: _Names, n: int) -> tuple[Party, ...]:
    out = []
    groups: dict[str, tuple[str, str]] = {}
    for i in range(n):
        country, form, city = _HUBS[i % len(_HUBS)]
        core = names.ru()
        # Hubs i and i + 7 share a country; the first two such pairs are shells of one owner.
        group = f"{country}-shells" if i % len(_HUBS) < 2 and i < 2 * len(_HUBS) else None
        if group and group not in groups:
            groups[group] = (
                f"{city}, ул. Центральная, д. {rng.randint(1, 99)}, оф. {rng.randint(1, 50)}",
                " ".join([rng.choice(_SURNAMES), "Марат", "Русланович"]),
            )
        address, director = groups[group] if group else (f"{city}, ул. Новая, д. {i + 1}", None)
        latin = core if form in {"tr_ltd", "ae_fze"} else None
        out.append(
            Party(
                key=f"hub-{i:03d}",
                name=Name(translit(core, "trade"), form, core_ru=None if latin else core),
                country=country,
                role="intermediary",
                city=city,
                address=address,
                director=director,
                shell_group=group,
                sanctioned=rng.random() < 0.15,
            )
        )
    return tuple(out)


def _russians(rng: random.Random, names: _Names, n: int, role: str) -> tuple[Party, ...]:
    out = []
    for i in range(n):
        core = names.ru()
        region = rng.choice(list(ids.RU_REGIONS.values()))
        inn = ids.inn_legal(rng, region)
        if role == "end_user":
            end_use = rng.choices([MILITARY, MILITARY_LINKED, CIVILIAN], [2, 3, 5])[0]
        else:
            end_use = CIVILIAN
        kind = "training_centre" if end_use == MILITARY_LINKED else role
        out.append(
            Party(
                key=f"{role}-{i:03d}",
                name=Name(
                    translit(core, "trade"), "jsc" if end_use == MILITARY else "llc", core_ru=core
                ),
                country="ru",
                role=kind,
                city="Moscow",
                address=f"{rng.randint(101000, 199999)}, Россия, г. Москва, ул. {core}, д. {i + 1}",
                end_use=end_use,
                sanctioned=end_use == MILITARY and rng.random() < 0.6,
                inn=inn,
                ogrn=ids.ogrn(rng, date(2010 + rng.randint(0, 13), 1, 1), region),
                kpp=ids.kpp(inn, rng),
                okved="72.19" if end_use == MILITARY_LINKED else "46.90",
            )
        )
    return tuple(out)
