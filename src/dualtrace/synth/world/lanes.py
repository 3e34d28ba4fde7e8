"""Trade lanes of a generated world: who ships what to whom, and when a lane is active.

A lane is one (sender, recipient, manufacturer, goods) combination. Its kind decides when it
carries goods: 'direct' lanes to military and military-linked users run until the 2023-09-01
control and fade after it; 'diversion' lanes (planted: a production site's goods sent on by a
hub intermediary to the same users) grow after it; 'civilian' lanes run throughout, directly
or through hubs, so that passing through a hub is not by itself a sign of diversion.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date
from typing import Final

from dualtrace.synth.party import CIVILIAN, Party
from dualtrace.synth.world.cast import WorldCast

KINDS: Final = ("civilian", "direct", "diversion")
FIRST_MONTH: Final = date(2022, 1, 1)
N_MONTHS: Final = 36
CONTROL_MONTH: Final = 20  # 2023-09
SECOND_CONTROL_MONTH: Final = 32  # 2024-09
STOCKPILE_MONTHS: Final = (18, 19)  # 2023-07, 2023-08

# (TN VED, description, unit price USD, kg per unit, controlled)
GOODS: Final = (
    ("8806221000", "Беспилотный летательный аппарат с камерой", 2000, 0.9, True),
    ("8806210000", "Беспилотный летательный аппарат, масса до 250 г", 550, 0.25, True),
    ("8806229000", "Беспилотный летательный аппарат с тепловизором", 11000, 3.8, True),
    ("8525893000", "Камера цифровая с носителем", 300, 0.6, True),
    ("8501310000", "Электродвигатели постоянного тока для БПЛА", 45, 0.3, True),
    ("8517130000", "Смартфоны", 180, 0.2, False),
    ("8507600000", "Аккумуляторы литий-ионные", 3, 0.05, False),
    ("9503007000", "Игрушки радиоуправляемые", 25, 0.4, False),
)


@dataclass(frozen=True, slots=True)
class Lane:
    id: int
    kind: str
    sender: Party
    recipient: Party
    manufacturer: Party
    goods: int
    weight: float


def build_lanes(rng: random.Random, cast: WorldCast) -> list[Lane]:
    lanes: list[Lane] = []
    producers = [*cast.makers, *cast.sites]
    controlled = [i for i, g in enumerate(GOODS) if g[4]]
    users = [p for p in cast.end_users if p.end_use != CIVILIAN]
    civilians = [*cast.importers, *(p for p in cast.end_users if p.end_use == CIVILIAN)]

    def add(kind: str, sender: Party, recipient: Party, maker: Party, goods: int) -> None:
        lanes.append(
            Lane(len(lanes), kind, sender, recipient, maker, goods, rng.paretovariate(1.5))
        )

    for buyer in civilians:
        for _ in range(rng.randint(2, 5)):
            maker = rng.choice(producers)
            sender = rng.choice(
                [maker, maker, rng.choice(cast.distributors), rng.choice(cast.hubs)]
            )
            add("civilian", sender, buyer, maker, rng.randrange(len(GOODS)))
    for user in users:
        for _ in range(rng.randint(1, 3)):
            site = rng.choice(cast.sites)
            goods = rng.choice(controlled)
            add(
                "direct", rng.choice([site, site, rng.choice(cast.distributors)]), user, site, goods
            )
            add("diversion", rng.choice(cast.hubs), user, site, goods)
    return lanes


def month_weights(kind: str) -> list[float]:
    """How a lane kind's shipments spread over the 36 months of 2022-2024."""
    out = []
    for m in range(N_MONTHS):
        if kind == "civilian":
            w = 1.0
        elif kind == "direct":
            w = 1.0 if m < CONTROL_MONTH else (0.25 if m < SECOND_CONTROL_MONTH else 0.15)
            w *= 2.5 if m in STOCKPILE_MONTHS else 1.0
        else:
            w = 0.1 if m < CONTROL_MONTH else (1.0 if m < SECOND_CONTROL_MONTH else 1.3)
        out.append(w)
    return out


def price_factor(kind: str, month: int) -> float:
    """Prices of controlled goods to Russia roughly double after the control date."""
    if kind == "civilian" or month < CONTROL_MONTH:
        return 1.0
    return 2.0 if month < SECOND_CONTROL_MONTH else 2.2
