"""Invoices and flight manifests of the seed case.

The AEE invoice and the Vektor-to-Kupol delivery stand for reported facts (report B); their
numbers, dates and the Russian amount are generated. Passenger names are generated (the report
names nobody); the flights stand for the reported co-travel from Siberia and the specialists'
visits to Izhevsk.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from dualtrace.synth.formats.ledger import FlightLeg, Invoice
from dualtrace.synth.labels import note
from dualtrace.synth.party import Party
from dualtrace.synth.seedcase.cast import SeedCast

AEE_INVOICE = "AEE-2024-0117"
VEKTOR_INVOICE = "TSKV-2024-0342"
CO_TRAVEL_FLIGHT = ("S7 2615", date(2024, 4, 19), "OVB", "DME")
HAOTIANYI_EXECS = ("LIU Jianguo", "CHEN Haoran")
VEKTOR_EXECS = ("Grigoriev Aleksei", "Tarasova Irina")
SPECIALISTS = ("WANG Lei", "ZHOU Peng", "SUN Wei")
VISITS = (
    date(2023, 7, 18),
    date(2023, 9, 26),
    date(2023, 11, 21),
    date(2024, 2, 13),
    date(2024, 4, 30),
    date(2024, 7, 9),
    date(2024, 10, 15),
)
_NOISE_PEOPLE = (
    "Ivanova Olga",
    "Smirnov Artem",
    "Kuznetsova Daria",
    "Popov Maksim",
    "Huang Min",
    "Zhao Qiang",
    "Sidorov Nikita",
    "Wu Fang",
    "Belova Anna",
)
_ROUTES = (("OVB", "DME"), ("SVO", "LED"), ("PEK", "SVO"), ("KZN", "SVO"), ("SVX", "DME"))


@dataclass(frozen=True, slots=True)
class Ledger:
    invoices: list[Invoice]
    invoice_parties: list[tuple[str, str]]
    legs: list[FlightLeg]
    leg_people: list[tuple[str, str]]
    """(passenger key, organisation key or '') per leg."""


def invoices(
    rng: random.Random, cast: SeedCast, noise: list[Party]
) -> tuple[list[Invoice], list[tuple[str, str]]]:
    rows = [
        Invoice(
            AEE_INVOICE,
            date(2024, 2, 20),
            cast.aee.name.written("english"),
            "cn",
            cast.vektor.name.written("english"),
            "ru",
            "Upgraded A200 drones with anti-jamming systems, 14 pcs",
            Decimal("5120000"),
            "CNY",
            note(
                "B",
                "invoice of more than 5 million yuan (about 0.7 million USD) "
                "for upgraded A200 drones with anti-jamming systems; number, "
                "date and exact amount synthetic",
            ),
            buyer_id=cast.vektor.inn or "",
        ),
        Invoice(
            VEKTOR_INVOICE,
            date(2024, 5, 14),
            cast.vektor.name.written("home_short"),
            "ru",
            cast.kupol.name.written("home_short"),
            "ru",
            "Delivery of one-way attack drones (A200), 14 pcs",
            Decimal("96500000"),
            "RUB",
            note(
                "B",
                "more than a dozen one-way attack drones delivered to IEMZ Kupol "
                "through TSK Vektor; number, date and amount synthetic",
            ),
            seller_id=cast.vektor.inn or "",
            buyer_id=cast.kupol.inn or "",
        ),
    ]
    parties = [(cast.aee.key, cast.vektor.key), (cast.vektor.key, cast.kupol.key)]
    for i in range(40):
        seller = rng.choice(noise)
        buyer = rng.choice(cast.civilians)
        day = date(2022, 1, 1) + timedelta(days=rng.randint(0, 1000))
        rows.append(
            Invoice(
                f"INV-{day:%Y}-{1000 + i}",
                day,
                seller.name.written("english"),
                "cn",
                buyer.name.written(rng.choice(["home_short", "english"])),
                "ru",
                rng.choice(["Electronic components", "Li-ion batteries", "IP cameras"]),
                Decimal(rng.randint(5_000, 400_000)),
                "USD",
                note(),
            )
        )
        parties.append((seller.key, buyer.key))
    order = sorted(range(len(rows)), key=lambda i: (rows[i].day, rows[i].number))
    return [rows[i] for i in order], [parties[i] for i in order]


def flights(rng: random.Random, cast: SeedCast) -> tuple[list[FlightLeg], list[tuple[str, str]]]:
    flight, day, origin, dest = CO_TRAVEL_FLIGHT
    co = note(
        "B",
        "Hunan Haotianyi and TSK Vektor executives flew together from Siberia after "
        "a drone exhibition; names, flight and date synthetic",
    )
    legs: list[FlightLeg] = []
    people: list[tuple[str, str]] = []
    for name in HAOTIANYI_EXECS:
        legs.append(
            FlightLeg(name, cast.haotianyi.name.written("english"), flight, day, origin, dest, co)
        )
        people.append((f"person:{name}", cast.haotianyi.key))
    for name in VEKTOR_EXECS:
        legs.append(
            FlightLeg(name, cast.vektor.name.written("english"), flight, day, origin, dest, co)
        )
        people.append((f"person:{name}", cast.vektor.key))
    visit = note(
        "B",
        "Chinese specialists visited IEMZ Kupol more than six times since mid-2023; "
        "names, flights and dates synthetic",
    )
    for n, when in enumerate(VISITS):
        for name in SPECIALISTS[: 2 + n % 2]:
            legs.append(FlightLeg(name, "", f"UT {455 + n}", when, "VKO", "IJK", visit))
            people.append((f"person:{name}", ""))
    tests = note(
        "B",
        "Chinese experts tested drones at the Chebarkul range, Chelyabinsk region, "
        "in late 2024; names, flight and date synthetic",
    )
    for name in SPECIALISTS:
        legs.append(FlightLeg(name, "", "U6 2760", date(2024, 11, 26), "IJK", "CEK", tests))
        people.append((f"person:{name}", ""))
    for _ in range(60):
        a, b = rng.choice(_ROUTES)
        when = date(2023, 1, 1) + timedelta(days=rng.randint(0, 700))
        number = f"{rng.choice(['SU', 'S7', 'DP', 'CA'])} {rng.randint(100, 2999)}"
        for name in rng.sample(_NOISE_PEOPLE, rng.randint(1, 3)):
            legs.append(FlightLeg(name, "", number, when, a, b, note()))
            people.append((f"person:{name}", ""))
    order = sorted(range(len(legs)), key=lambda i: (legs[i].day, legs[i].flight, legs[i].passenger))
    return [legs[i] for i in order], [people[i] for i in order]
