"""Russian import declarations of the seed case, 2022-2024.

DJI-linked production sites ship drones to the reported buyers directly from China until June
2023 (some early lots declared as cameras), then through hub intermediaries in Kazakhstan,
Kyrgyzstan, Belarus and Turkey, with a stockpiling peak in July-August 2023 and prices about
doubling after 2023-09-01; TSK Vektor imports A200 drones from Sichuan AEE in 2024. Civilian
imports around them are noise. Every row is synthetic and says so in `Примечание`.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from dualtrace.synth import ids
from dualtrace.synth.formats.customs import Declaration
from dualtrace.synth.labels import note_ru
from dualtrace.synth.party import Party
from dualtrace.synth.seedcase.cast import SeedCast
from dualtrace.synth.seedcase.comtrade import CONTROL_1, CONTROL_2, months

COUNTRY_RU = {
    "cn": "Китай",
    "kz": "Казахстан",
    "kg": "Киргизия",
    "by": "Беларусь",
    "tr": "Турция",
    "hk": "Гонконг",
    "ru": "Россия",
}
DIRECT_UNTIL = date(2023, 6, 30)
# (model, TN VED, description, unit price USD before the control, kg per unit)
DRONES = (
    ("DJI Mavic 3", "8806221000", "Беспилотный летательный аппарат с камерой", 2050, 0.9),
    ("DJI Mavic 3 Pro", "8806221000", "Квадрокоптер, комплект Fly More", 2900, 1.0),
    ("DJI Mini 3", "8806210000", "Беспилотный летательный аппарат, масса до 250 г", 560, 0.25),
    ("DJI Matrice 30T", "8806229000", "Беспилотный летательный аппарат с тепловизором", 11500, 3.8),
    ("DJI Avata FPV", "8806210000", "FPV-дрон с очками", 1100, 0.41),
)
CAMERA_TNVED = "8525893000"
NOISE_GOODS = (
    ("8517130000", "Смартфоны, модель X12, 128 ГБ", 180, 0.2),
    ("8507600000", "Аккумуляторы литий-ионные 18650", 3, 0.05),
    ("8501310000", "Электродвигатели постоянного тока 24 В", 45, 1.2),
    ("9503007000", "Игрушки радиоуправляемые", 25, 0.4),
    ("8525893000", "Камеры видеонаблюдения IP", 60, 0.5),
)


@dataclass(frozen=True, slots=True)
class Row:
    """A declaration and the parties behind each name written in it."""

    declaration: Declaration
    sender: str
    recipient: str
    manufacturer: str | None
    story: str
    """'direct', 'diversion', 'aee-vektor' or 'noise'."""


def _written_ru(p: Party, rng: random.Random) -> str:
    style = rng.choices(
        ["home_short", "home_long", "english_upper", "translit", "typo"], [50, 20, 10, 10, 10]
    )[0]
    return p.name.written(style, rng)


def _written_foreign(p: Party, rng: random.Random) -> str:
    style = rng.choices(
        ["english", "english_upper", "translit", "home_short", "typo"], [40, 25, 15, 10, 10]
    )[0]
    return p.name.written(style, rng)


def _day(rng: random.Random, month: date) -> date:
    return month + timedelta(days=rng.randint(0, 27))


def _price(model_price: int, day: date) -> Decimal:
    factor = 1.0 if day < CONTROL_1 else (2.0 if day < CONTROL_2 else 2.2)
    return Decimal(round(model_price * factor))


def _drone_row(rng: random.Random, cast: SeedCast, buyer: Party, day: date) -> Row:
    site = rng.choice(cast.sites)
    model, tnved, desc, unit_usd, kg = rng.choice(DRONES)
    stockpile = date(2023, 7, 1) <= day < CONTROL_1
    qty = rng.randint(8, 40) * (3 if stockpile else 1)
    direct = day <= DIRECT_UNTIL
    if direct:
        sender, sender_country, dispatch, story = site, "cn", "cn", "direct"
        what = "поставки с производственных площадок, связанных с DJI, до июня 2023"
    else:
        sender = rng.choice(cast.hubs)
        sender_country = dispatch = sender.country
        story = "diversion"
        what = "поставки DJI в Россию через Беларусь, Центральную Азию и Турцию"
    if day.year == 2022 and rng.random() < 0.35:
        tnved, desc = CAMERA_TNVED, f"Камера цифровая с носителем ({model})"
    price = _price(unit_usd, day)
    manufacturer = site if rng.random() < 0.8 else cast.dji
    decl = Declaration(
        number=ids.customs_declaration(rng, day),
        day=day,
        sender=_written_foreign(sender, rng),
        sender_country=rng.choice([COUNTRY_RU[sender_country], sender_country.upper()]),
        recipient=_written_ru(buyer, rng),
        recipient_inn=None if rng.random() < 0.15 else buyer.inn,
        declarant=None,
        manufacturer=_written_foreign(manufacturer, rng),
        trademark="DJI",
        tnved=tnved,
        description=f"{desc}; модель {model}",
        origin_country=rng.choice(["Китай", "CN"]),
        dispatch_country=COUNTRY_RU[dispatch],
        value=price * qty,
        currency="USD",
        net_weight_kg=Decimal(str(round(kg * qty, 2))),
        quantity=qty,
        unit="шт",
        remarks=note_ru("A", what),
    )
    return Row(decl, sender.key, buyer.key, manufacturer.key, story)


def _vektor_row(rng: random.Random, cast: SeedCast) -> Row:
    day = date(2024, 3, 12)
    decl = Declaration(
        number=ids.customs_declaration(rng, day, post="10511010"),
        day=day,
        sender=cast.aee.name.written("english_upper"),
        sender_country="Китай",
        recipient=cast.vektor.name.written("home_short"),
        recipient_inn=cast.vektor.inn,
        declarant=cast.vektor.name.written("home_short"),
        manufacturer=cast.aee.name.written("english"),
        trademark="AEE",
        tnved="8806240000",
        description="Беспилотные летательные аппараты A200 (модернизированные) с системой "
        "защиты от радиоэлектронных помех",
        origin_country="Китай",
        dispatch_country="Китай",
        value=Decimal("5120000.00"),
        currency="CNY",
        net_weight_kg=Decimal("980.00"),
        quantity=14,
        unit="шт",
        remarks=note_ru(
            "B",
            "Sichuan AEE поставила через ТСК Вектор более десятка "
            "беспилотников-камикадзе; данные декларации синтетические",
        ),
    )
    return Row(decl, cast.aee.key, cast.vektor.key, cast.aee.key, "aee-vektor")


def _noise_row(rng: random.Random, cast: SeedCast, senders: list[Party], day: date) -> Row:
    buyer = rng.choice(cast.civilians)
    sender = rng.choice(senders)
    tnved, desc, unit_usd, kg = rng.choice(NOISE_GOODS)
    qty = rng.randint(50, 2000)
    decl = Declaration(
        number=ids.customs_declaration(rng, day),
        day=day,
        sender=_written_foreign(sender, rng),
        sender_country="Китай",
        recipient=_written_ru(buyer, rng),
        recipient_inn=None if rng.random() < 0.1 else buyer.inn,
        declarant=None,
        manufacturer=None,
        trademark=None,
        tnved=tnved,
        description=desc,
        origin_country="Китай",
        dispatch_country="Китай",
        value=Decimal(unit_usd * qty),
        currency="USD",
        net_weight_kg=Decimal(str(round(kg * qty, 2))),
        quantity=qty,
        unit="шт",
        remarks=note_ru(),
    )
    return Row(decl, sender.key, buyer.key, None, "noise")


def declarations(rng: random.Random, cast: SeedCast, noise_senders: list[Party]) -> Iterator[Row]:
    rows: list[Row] = []
    for month in months():
        for buyer in cast.buyers:
            if buyer is cast.avanti_lab and month < date(2023, 5, 1):
                continue
            lots = 2 if date(2023, 7, 1) <= month < CONTROL_1 else 1
            for _ in range(lots):
                if rng.random() < 0.75:
                    day = _day(rng, month)
                    if buyer is cast.avanti_lab:
                        day = max(day, date(2023, 5, 20))
                    rows.append(_drone_row(rng, cast, buyer, day))
        for _ in range(rng.randint(6, 10)):
            rows.append(_noise_row(rng, cast, noise_senders, _day(rng, month)))
    rows.append(_vektor_row(rng, cast))
    rows.sort(key=lambda r: (r.declaration.day, r.declaration.number))
    yield from rows
