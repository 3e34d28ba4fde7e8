"""The seed case's cast: the reported companies, and the generated ones around them.

Reported names come from the facts file; production-site names, the second Avanti LLC, the two
training sellers, the hub intermediaries, every identifier other than Kupol's and every address
are generated here from the seed and carried with a 'synthetic' label wherever they are written.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, replace
from datetime import date

from pypinyin import lazy_pinyin

from dualtrace.synth import ids
from dualtrace.synth.party import CIVILIAN, MILITARY, MILITARY_LINKED, Party
from dualtrace.synth.variants import Name, translit

# Syllables of generated Chinese firm names: (characters, meaning-neutral).
_ZH_CORES = "翔云鹰飞航天瑞博鑫达创智远腾宇恒晟凌锐泰蓝星华美"
_ZH_CITIES = (
    ("深圳", "Shenzhen", "shenzhen"),
    ("东莞", "Dongguan", "dongguan"),
    ("广州", "Guangzhou", "guangzhou"),
)
_ZH_TRADES = (
    ("智能科技", "Intelligent Technology"),
    ("航空科技", "Aviation Technology"),
    ("电子", "Electronics"),
    ("精密制造", "Precision Manufacturing"),
)
_RU_STREETS = ("ул. Ленина", "пр-т Мира", "ул. Гагарина", "ул. Садовая", "ул. Заводская")
_RU_CIVILIAN = (
    "Техномир",
    "ФотоЛайн",
    "Гаджет Трейд",
    "Электросклад",
    "Мегапульт",
    "Цифровой Мир",
    "Оптимум Снаб",
    "ТехноСфера",
)
_RU_SURNAMES = (
    ("Волков", "Андрей", "Игоревич"),
    ("Лебедев", "Сергей", "Николаевич"),
    ("Морозова", "Елена", "Викторовна"),
    ("Зайцев", "Павел", "Олегович"),
    ("Соколов", "Дмитрий", "Алексеевич"),
    ("Орлова", "Марина", "Петровна"),
    ("Кузнецов", "Илья", "Романович"),
    ("Никитин", "Олег", "Юрьевич"),
)


@dataclass(frozen=True, slots=True)
class SeedCast:
    dji: Party
    iflight: Party
    sites: tuple[Party, ...]
    skymec: Party
    pustelga: Party
    shubba: Party
    avanti: Party
    avanti_lab: Party
    sellers: tuple[Party, ...]
    hubs: tuple[Party, ...]
    civilians: tuple[Party, ...]
    noise_makers: tuple[Party, ...]
    """Chinese senders of civilian goods, unrelated to the story."""
    kupol: Party
    vektor: Party
    aee: Party
    haotianyi: Party

    @property
    def buyers(self) -> tuple[Party, ...]:
        """Russian buyers of DJI-linked drones, in the order the facts name them."""
        return (
            self.skymec,
            self.pustelga,
            self.shubba,
            self.avanti,
            self.avanti_lab,
            *self.sellers,
        )

    def all(self) -> tuple[Party, ...]:
        return (
            self.dji,
            self.iflight,
            *self.sites,
            *self.buyers,
            *self.hubs,
            *self.civilians,
            *self.noise_makers,
            self.kupol,
            self.vektor,
            self.aee,
            self.haotianyi,
        )


def _ru_address(rng: random.Random, city: str, post: str) -> str:
    street = rng.choice(_RU_STREETS)
    return f"{post}{rng.randint(100, 999)}, Россия, г. {city}, {street}, д. {rng.randint(1, 120)}"


@dataclass(frozen=True, slots=True)
class _Place:
    city: str
    region: str
    city_ru: str
    post: str


_MOSCOW = _Place("Moscow", "77", "Москва", "125")
_SPB = _Place("Saint Petersburg", "78", "Санкт-Петербург", "190")


def _ru(
    rng: random.Random,
    key: str,
    name: Name,
    at: _Place,
    *,
    role: str,
    end_use: str,
    founded: date,
    report: str | None = None,
    okved: str | None = None,
    sanctioned: bool = False,
) -> Party:
    inn = ids.inn_legal(rng, at.region)
    director = " ".join(rng.choice(_RU_SURNAMES))
    return Party(
        key=key,
        name=name,
        country="ru",
        role=role,
        city=at.city,
        address=_ru_address(rng, at.city_ru, at.post),
        end_use=end_use,
        sanctioned=sanctioned,
        report=report,
        inn=inn,
        ogrn=ids.ogrn(rng, founded, at.region),
        kpp=ids.kpp(inn, rng),
        okved=okved,
        director=director,
    )


def _site(rng: random.Random, n: int, used: set[str]) -> Party:
    while True:
        core = rng.choice(_ZH_CORES) + rng.choice(_ZH_CORES)
        if core[0] != core[1] and core not in used:
            used.add(core)
            break
    city_zh, city_en, division = rng.choice(_ZH_CITIES)
    trade_zh, trade_en = rng.choice(_ZH_TRADES)
    core_en = f"{city_en} {''.join(lazy_pinyin(core)).capitalize()} {trade_en}"
    return Party(
        key=f"site-{n:02d}",
        name=Name(core_en, "cn_ltd", core_zh=city_zh + core + trade_zh),
        country="cn",
        role="production_site",
        city=city_en,
        address=f"{city_en}, Bao'an District, Industrial Park Building {rng.randint(1, 40)}",
        uscc=ids.uscc(rng, ids.CN_DIVISIONS[division]),
        links=("dji",) if n % 3 else ("dji", "iflight"),
    )


def build_cast(rng: random.Random) -> SeedCast:
    used: set[str] = set()
    sites = tuple(_site(rng, n, used) for n in range(1, 11))
    moscow, spb = _MOSCOW, _SPB
    start = date(2018, 3, 14)
    skymec = _ru(
        rng,
        "skymec",
        Name("Skymec", "llc", core_ru="Скаймек"),
        moscow,
        role="distributor",
        end_use=MILITARY_LINKED,
        founded=start,
        report="A",
    )
    pustelga = _ru(
        rng,
        "pustelga",
        Name("Pustelga", "llc", core_ru="Пустельга"),
        moscow,
        role="training_centre",
        end_use=MILITARY_LINKED,
        founded=date(2022, 3, 2),
        report="A",
    )
    shubba = _ru(
        rng,
        "shubba",
        Name("SHUBBA-Octagon", "llc", core_ru="ШУББА-Октагон"),
        spb,
        role="training_centre",
        end_use=MILITARY_LINKED,
        founded=date(2019, 6, 5),
        report="A",
    )
    avanti = _ru(
        rng,
        "avanti",
        Name("Avanti Education", "llc", core_ru="Аванти Эдьюкейшн"),
        moscow,
        role="importer",
        end_use=CIVILIAN,
        founded=date(2017, 9, 1),
        report="A",
        okved="85.41",
    )
    avanti_lab = _ru(
        rng,
        "avanti-lab",
        Name("Avanti Lab", "llc", core_ru="Аванти Лаб"),
        moscow,
        role="importer",
        end_use=MILITARY_LINKED,
        founded=date(2023, 5, 16),
        okved="72.19",
    )
    sellers = (
        _ru(
            rng,
            "seller-strizh",
            Name("Aeroclub Strizh", "llc", core_ru="Аэроклуб Стриж"),
            moscow,
            role="training_centre",
            end_use=MILITARY_LINKED,
            founded=date(2021, 2, 9),
            okved="72.19",
        ),
        _ru(
            rng,
            "seller-berkut",
            Name("Berkut Drone School", "llc", core_ru="Школа дронов Беркут"),
            spb,
            role="training_centre",
            end_use=MILITARY_LINKED,
            founded=date(2020, 11, 23),
            okved="72.19",
        ),
    )
    civilians = tuple(
        _ru(
            rng,
            f"civ-{i:02d}",
            Name(_latin(core), "llc", core_ru=core),
            moscow,
            role="importer",
            end_use=CIVILIAN,
            founded=date(2015, 1, 1),
        )
        for i, core in enumerate(_RU_CIVILIAN, 1)
    )
    kupol = Party(
        key="kupol",
        name=Name(
            "Izhevsk Electromechanical Plant Kupol",
            "jsc",
            core_ru="Ижевский электромеханический завод «Купол»",
        ),
        country="ru",
        role="end_user",
        city="Izhevsk",
        address="426033, Россия, г. Ижевск, ул. Песочная, д. 3 (адрес синтетический)",
        end_use=MILITARY,
        sanctioned=True,
        report="B",
        inn="1831083343",
        ogrn="1021801143374",
        kpp="184101001",
        reported_ids=True,
    )
    vektor = _ru(
        rng,
        "vektor",
        Name("TSK Vektor", "llc", core_ru="ТСК Вектор"),
        moscow,
        role="procurement",
        end_use=MILITARY_LINKED,
        founded=date(2016, 4, 12),
        report="B",
        sanctioned=True,
    )
    hubs = _hubs(rng)
    noise_makers = tuple(
        replace(_site(rng, 50 + i, used), key=f"noise-cn-{i:02d}", role="maker", links=())
        for i in range(8)
    )
    return SeedCast(
        dji=Party(
            key="dji",
            name=Name("SZ DJI Technology", "cn_ltd", core_zh="深圳市大疆创新科技"),
            country="cn",
            role="maker",
            city="Shenzhen",
            report="A",
            address="Shenzhen, Nanshan District (address synthetic)",
        ),
        iflight=Party(
            key="iflight",
            name=Name("iFlight Technology", "cn_ltd"),
            country="cn",
            role="maker",
            city="Dongguan",
            report="A",
            links=("dji",),
        ),
        sites=sites,
        skymec=skymec,
        pustelga=pustelga,
        shubba=shubba,
        avanti=avanti,
        avanti_lab=avanti_lab,
        sellers=sellers,
        hubs=hubs,
        civilians=civilians,
        noise_makers=noise_makers,
        kupol=kupol,
        vektor=vektor,
        aee=Party(
            key="aee",
            name=Name("Sichuan AEE Technology", "cn_ltd"),
            country="cn",
            role="maker",
            city="Chengdu",
            report="B",
            uscc=ids.uscc(rng, ids.CN_DIVISIONS["chengdu"]),
        ),
        haotianyi=Party(
            key="haotianyi",
            name=Name("Hunan Haotianyi Technology", "cn_ltd"),
            country="cn",
            role="maker",
            city="Changsha",
            report="B",
            uscc=ids.uscc(rng, ids.CN_DIVISIONS["changsha"]),
        ),
    )


def _latin(core_ru: str) -> str:
    return translit(core_ru, "trade")


def _hubs(rng: random.Random) -> tuple[Party, ...]:
    """Intermediaries in hub countries; the two Kazakh firms are shells of one owner."""
    shared_address = f"050000, Казахстан, г. Алматы, пр-т Абая, д. {rng.randint(10, 200)}, оф. 12"
    shared_director = "Ержанов Нурлан Серикович"
    return (
        Party(
            key="hub-kz-steppe",
            name=Name("Steppe Trade Logistic", "kz_too", core_ru="Степь Трейд Логистик"),
            country="kz",
            role="intermediary",
            city="Almaty",
            address=shared_address,
            director=shared_director,
            shell_group="kz-almaty-1",
        ),
        Party(
            key="hub-kz-altyn",
            name=Name("Altyn Kyran Tech", "kz_too", core_ru="Алтын Кыран Тех"),
            country="kz",
            role="intermediary",
            city="Almaty",
            address=shared_address,
            director=shared_director,
            shell_group="kz-almaty-1",
        ),
        Party(
            key="hub-kg-alatoo",
            name=Name("Ala-Too Import Export", "kg_osoo", core_ru="Ала-Тоо Импорт Экспорт"),
            country="kg",
            role="intermediary",
            city="Bishkek",
            address="720000, Кыргызстан, г. Бишкек, ул. Токтогула, д. 95",
        ),
        Party(
            key="hub-by-polesie",
            name=Name("Polesie Tekhno", "by_ooo", core_ru="Полесье Техно"),
            country="by",
            role="intermediary",
            city="Minsk",
            address="220030, Беларусь, г. Минск, ул. Немига, д. 40",
        ),
        Party(
            key="hub-tr-bosfor",
            name=Name("Bosfor Elektronik Dis Ticaret", "tr_ltd"),
            country="tr",
            role="intermediary",
            city="Istanbul",
            address="Istanbul, Şişli, Büyükdere Cd. No: 120",
        ),
    )
