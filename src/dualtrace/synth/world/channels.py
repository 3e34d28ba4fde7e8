"""Telegram channels of a generated world: what the end users say they do, in Russian.

Training centres boast of training servicemen, the mobilized and the National Guard on drones
of the world's brands; military end users of sending drones with drop systems to the front.
Civilian users post about weddings, crop spraying, filming real estate and robotics contests
with the same brands, and now and then greet servicemen on 23 February or reset a drone's
settings, so that a brand in a post says nothing and a military word does not settle it either.
Some military users keep no channel at all. A channel's title names the company (its brand
before a ' | ' tagline, or its short name), which is how an investigator links it.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from dualtrace.synth.formats.telegram import Post, TextPart, write_channel
from dualtrace.synth.labels import SYNTHETIC_TAG
from dualtrace.synth.party import CIVILIAN, MILITARY, MILITARY_LINKED, Party
from dualtrace.synth.truth import Truth
from dualtrace.synth.world.cast import WorldCast

MODELS = (
    "DJI Mavic 3",
    "DJI Mavic 3T",
    "DJI Matrice 300",
    "DJI Mini 3 Pro",
    "Autel EVO II",
    "Autel EVO Max",
    "FPV-дронов",
)
AGRI = ("DJI Agras T40", "DJI Agras T30")

# (topic, tells of military end use, lead, body); {m} is a model, {n} a number.
Template = tuple[str, bool, str, str]
_TRAINING: tuple[Template, ...] = (
    ("trains_servicemen", True, "Новый набор.",
     " Обучаем военнослужащих и мобилизованных управлению {m}. Группы по {n} человек."),
    ("trains_front", True, "Выпуск!",
     " Ещё {n} операторов {m} прошли курс и отправляются в зону СВО."),
    ("trains_guard", True, "Совместные занятия.",
     " Сотрудники Росгвардии отрабатывают разведку и корректировку огня с {m}."),
    ("trains_drops", True, "Практика.",
     " Курс по сбросу боеприпасов с {m}: крепления, баллистика, безопасность."),
    ("course", False, "Открыта запись.", " Курс пилотов {m} с нуля, занятия по выходным."),
    ("course", False, "Теория и практика.", " Полёты на {m} на полигоне, группа {n} человек."),
    ("stock", False, "Пополнение.", " Получили для учебного класса ещё {n} комплектов {m}."),
    ("noise", False, "", "Погода не помешала: сегодня отлетали все группы."),
)  # fmt: skip
_MILITARY: tuple[Template, ...] = (
    ("to_front", True, "Отправка.",
     " Передали на фронт очередную партию {m} с системой сброса, {n} комплектов."),
    ("servicemen", True, "Для наших бойцов.",
     " Военнослужащие подразделения осваивают {m}; запасные аккумуляторы уже в пути."),
    ("drops", True, "Испытания.", " На полигоне проверили {m} с доработанной системой сброса ВОГ."),
    ("jobs", False, "Вакансии.", " Предприятию требуются инженеры-конструкторы и операторы БПЛА."),
    ("lab", False, "Аттестация.", " Испытательная лаборатория прошла аттестацию, принимаем {m}."),
    ("noise", False, "", "Поздравляем коллектив с Днём машиностроителя!"),
)  # fmt: skip
_CIVILIAN: tuple[Template, ...] = (
    ("wedding", False, "Свадебная съёмка.",
     " Снимаем свадьбы с воздуха на {m}: красивые кадры в любую погоду."),
    ("agriculture", False, "Агродроны.",
     " Обработали {n} гектаров пшеницы за день с {a}. Принимаем заявки хозяйств."),
    ("real_estate", False, "Аэросъёмка недвижимости.",
     " Снимаем жилые комплексы и загородные дома на {m} для агентств."),
    ("robotics", False, "Соревнования по робототехнике!",
     " Наши школьники заняли {n}-е место в гонках {m}."),
    ("shop", False, "Поступление.", " В продаже {m} и {a}. Доставка по России."),
    ("construction", False, "Фронт работ.", " Снимаем ход строительства на {m} каждую неделю."),
    ("reset", False, "Совет.", " Сброс настроек {m} до заводских: пошаговая инструкция."),
)  # fmt: skip
_GREETING: Template = (
    "greeting_23feb",
    False,
    "С 23 февраля!",
    " Поздравляем защитников Отечества и военнослужащих! Скидка 23% на {m}.",
)
"""A civilian shop greeting servicemen on Defender of the Fatherland Day: a military word, no
military end use."""

_TAGLINES = {
    MILITARY_LINKED: ("учебный центр БПЛА", "школа операторов дронов", "курсы пилотов"),
    MILITARY: ("официальный канал", "новости предприятия"),
    CIVILIAN: ("аэросъёмка", "агродроны", "магазин дронов", "клуб робототехники"),
}
CHANNEL_SHARE = {MILITARY_LINKED: 0.85, MILITARY: 0.5, CIVILIAN: 0.55}
"""Share of end users of each kind that keep a channel (importers: IMPORTER_SHARE)."""
IMPORTER_SHARE = 0.2
MILITARY_POST_SHARE = {MILITARY_LINKED: 0.35, MILITARY: 0.4}
FIRST_DAY = datetime(2022, 3, 1, 9, 0)
DAYS = 1000


@dataclass(frozen=True, slots=True)
class WorldChannel:
    party: Party
    folder: str
    title: str
    channel_id: int
    created: datetime
    posts: tuple[Post, ...]
    topics: dict[int, str]
    military: tuple[int, ...]
    """Ids of the messages whose text tells of military end use."""
    newer: bool


def build_channels(rng: random.Random, cast: WorldCast) -> list[WorldChannel]:
    owners = [
        p
        for p in (*cast.importers, *cast.end_users)
        if rng.random() < (IMPORTER_SHARE if p.role == "importer" else CHANNEL_SHARE[p.end_use])
    ]
    rng.shuffle(owners)
    used_ids: set[int] = set()
    out = []
    for i, party in enumerate(owners):
        created = FIRST_DAY + timedelta(days=rng.randint(0, 300), minutes=rng.randint(0, 600))
        channel_id = rng.randint(1_500_000_000, 1_999_999_999)
        while channel_id in used_ids:
            channel_id += 1
        used_ids.add(channel_id)
        core = party.name.core_ru or party.name.core_en
        if rng.random() < 0.7:
            title = f"{core} | {rng.choice(_TAGLINES[party.end_use])}"
        else:
            title = party.name.written("home_short")
        posts, topics, military = _posts(rng, party, created)
        out.append(
            WorldChannel(
                party,
                f"telegram/ChatExport_{created:%Y-%m-%d}_{i:03d}",
                title,
                channel_id,
                created,
                posts,
                topics,
                military,
                newer=rng.random() < 0.5,
            )
        )
    return out


def _posts(
    rng: random.Random, party: Party, created: datetime
) -> tuple[tuple[Post, ...], dict[int, str], tuple[int, ...]]:
    drafts: list[tuple[datetime, Template]] = []
    for _ in range(rng.randint(10, 28)):
        when = created + timedelta(days=rng.randint(1, DAYS - 300), minutes=rng.randint(0, 700))
        drafts.append((when, _template(rng, party, when)))
    drafts.sort(key=lambda d: d[0])
    posts, topics, military = [], {}, []
    for n, (when, (topic, is_military, lead, body)) in enumerate(drafts, start=2):
        text = body.format(m=rng.choice(MODELS), a=rng.choice(AGRI), n=rng.randint(2, 12))
        parts: list[TextPart] = [{"type": "bold", "text": lead}] if lead else []
        parts += [text + "\n\n", {"type": "hashtag", "text": SYNTHETIC_TAG}]
        parts.append(" — текст синтетический")
        posts.append(Post(n, when, tuple(parts)))
        topics[n] = topic
        if is_military:
            military.append(n)
    return tuple(posts), topics, tuple(military)


def _template(rng: random.Random, party: Party, when: datetime) -> Template:
    if party.end_use == CIVILIAN:
        if when.month == 2 and rng.random() < 0.5:
            return _GREETING
        return rng.choice(_CIVILIAN)
    pool = _TRAINING if party.end_use == MILITARY_LINKED else _MILITARY
    share = MILITARY_POST_SHARE[party.end_use]
    wanted = rng.random() < share
    return rng.choice([t for t in pool if t[1] == wanted])


def write_channels(out: Path, channels: list[WorldChannel], truth: Truth) -> list[Path]:
    paths = []
    for ch in channels:
        folder = out / ch.folder
        write_channel(folder, ch.title, ch.channel_id, ch.created, ch.posts, ch.newer)
        truth.mention(f"{ch.folder}/result.json", "channel", "name", ch.title, ch.party.key)
        paths.append(folder)
    return paths


def channels_truth(channels: list[WorldChannel]) -> list[dict[str, Any]]:
    """truth/channels.json: which channel, and which of its posts, belong to which party."""
    return [
        {
            "file": f"{ch.folder}/result.json",
            "channel_id": ch.channel_id,
            "title": ch.title,
            "entity": ch.party.key,
            "end_use": ch.party.end_use,
            "schema": "newer" if ch.newer else "older",
            "posts": {str(k): v for k, v in ch.topics.items()},
            "military_use": list(ch.military),
        }
        for ch in sorted(channels, key=lambda c: c.folder)
    ]
