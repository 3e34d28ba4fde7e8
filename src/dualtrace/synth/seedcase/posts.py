"""The Telegram channels of Pustelga and SHUBBA-Octagon: posts retelling what the report says
the channels showed, among ordinary posts.

Post texts are written for the seed case (the report describes them, it does not quote them);
each ends with a '#synthetic' hashtag and says which report the fact is from.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, timedelta

from dualtrace.synth.formats.telegram import Post, TextPart
from dualtrace.synth.labels import SYNTHETIC_TAG

# (date, bold lead, body, fact id in truth, photo)
_PUSTELGA = (
    (
        "2023-03-06T10:15:00",
        "Учебный центр «Пустельга» открыт!",
        " Обучаем операторов квадрокоптеров DJI Mavic 3 с нуля: теория, полёты, разведка.",
        "pustelga_since_march",
        None,
    ),
    (
        "2023-04-11T18:40:00",
        "Новый набор.",
        " Продолжаем обучение военнослужащих, мобилизованных и сотрудников Росгвардии работе с "
        "квадрокоптерами DJI Mavic 3 и Matrice. Группы по 10 человек.",
        "pustelga_trains_military",
        None,
    ),
    (
        "2023-05-05T16:20:00",
        "Выпуск!",
        " Вручили диплом оператора БПЛА нашему выпускнику — в форме, с шевроном Российской армии.",
        "pustelga_diploma_0505",
        "photos/photo_3@05-05-2023_16-20-00.jpg",
    ),
    (
        "2023-05-25T09:05:00",
        "На Запорожский фронт.",
        " Наш выпускник забирает два DJI Mavic 3 с системой сброса и боеприпасами — "
        "будет применять их на Запорожском фронте.",
        "pustelga_zaporizhzhya_0525",
        "photos/photo_4@25-05-2023_09-05-00.jpg",
    ),
    (
        "2023-06-14T12:00:00",
        "FPV.",
        " Запускаем программу подготовки операторов FPV-дронов совместно с Росгвардией.",
        "pustelga_fpv_june",
        None,
    ),
    (
        "2023-07-03T11:30:00",
        "Расширяемся.",
        " Две наши программы подготовки операторов DJI теперь работают на новых территориях — "
        "в Запорожской и Херсонской областях.",
        "pustelga_occupied_programmes",
        None,
    ),
)
_SHUBBA = (
    (
        "2023-02-20T13:00:00",
        "ШУББА-Октагон: курсы пилотов DJI Mavic по всей России.",
        " Санкт-Петербург, Москва, Казань, Екатеринбург. Запись открыта.",
        "shubba_mavic_courses",
        None,
    ),
    (
        "2023-03-17T15:45:00",
        "Путь к военной специальности.",
        " После курса — документы для признания военной специальности оператора БПЛА.",
        "shubba_military_recognition",
        None,
    ),
    (
        "2023-04-28T10:10:00",
        "Знакомьтесь: инструктор с позывным «Святой».",
        " Ведёт практические занятия по DJI Mavic 3 в полевых условиях.",
        "shubba_svyatoy",
        "photos/photo_2@28-04-2023_10-10-00.jpg",
    ),
    (
        "2023-06-09T19:00:00",
        "Наши инструкторы.",
        " Награждены государственными медалями, служили в Генеральном штабе, Росгвардии и ЧВК "
        "«Вагнер». Учитесь у тех, кто знает, как это работает.",
        "shubba_instructors_medals",
        None,
    ),
)
MILITARY_USE = frozenset(
    {
        "pustelga_trains_military",
        "pustelga_diploma_0505",
        "pustelga_zaporizhzhya_0525",
        "pustelga_fpv_june",
        "pustelga_occupied_programmes",
        "shubba_military_recognition",
        "shubba_instructors_medals",
    }
)
"""Posts whose text tells of military end use (the others retell facts about the business)."""
_NOISE = (
    "Погода не помешала: сегодня отлетали все группы.",
    "Скидка 10% на курс выходного дня до конца месяца.",
    "Поздравляем всех с праздником!",
    "Напоминаем о технике безопасности при полётах в городе.",
    "Фото с сегодняшних занятий на полигоне.",
    "Открыта запись на следующий поток, осталось несколько мест.",
)


@dataclass(frozen=True, slots=True)
class Channel:
    key: str
    name: str
    channel_id: int
    created: datetime
    posts: tuple[Post, ...]
    facts: dict[int, str]
    """Message id -> id of the reported fact the post retells."""


def _text(lead: str, body: str, report: str | None) -> list[TextPart]:
    tail = " — текст синтетический"
    if report:
        tail += f", пересказ факта из публикации (отчёт {report})"
    return [
        {"type": "bold", "text": lead},
        body + "\n\n",
        {"type": "hashtag", "text": SYNTHETIC_TAG},
        tail,
    ]


def _channel(
    rng: random.Random,
    key: str,
    name: str,
    story: tuple[tuple[str, str, str, str, str | None], ...],
) -> Channel:
    dated: list[tuple[datetime, list[TextPart], str | None, str | None]] = []
    for stamp, lead, body, fact_id, picture in story:
        dated.append((datetime.fromisoformat(stamp), _text(lead, body, "A"), fact_id, picture))
    start = dated[0][0]
    for _ in range(12):
        at = start + timedelta(days=rng.randint(1, 200), minutes=rng.randint(0, 600))
        dated.append(
            (
                at,
                [
                    rng.choice(_NOISE) + "\n\n",
                    {"type": "hashtag", "text": SYNTHETIC_TAG},
                    " — текст синтетический",
                ],
                None,
                None,
            )
        )
    dated.sort(key=lambda d: d[0])
    posts, facts = [], {}
    for n, (when, text, fact, photo) in enumerate(dated, start=2):
        posts.append(Post(n, when, tuple(text), photo))
        if fact:
            facts[n] = fact
    channel_id = 1_700_000_000 + rng.randint(0, 99_999_999)
    return Channel(key, name, channel_id, start - timedelta(days=3), tuple(posts), facts)


def channels(rng: random.Random) -> tuple[Channel, Channel]:
    return (
        _channel(rng, "pustelga", "Пустельга | учебный центр БПЛА", _PUSTELGA),
        _channel(rng, "shubba", "ШУББА-Октагон", _SHUBBA),
    )
