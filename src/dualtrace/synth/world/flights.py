"""Flight manifests of a generated world: who flew with whom.

Planted: executives of a production site (or of the maker that owns it) on the same flight as
the director of a military or military-linked user its goods reach, on a direct or diverted
lane. Alongside, civilian business travel (a maker's executive with the director of an
importer it sells to), the same people flying alone, and strangers on every flight, so that
sharing a flight is common and only the pairs that matter are planted. One row has its
passenger blanked out (a redacted manifest line): the one reject the file is meant to give.

Passengers are written as airline manifests print them (passport Latin, surname first); the
organisation column names the company in English or in transliteration, or is left empty.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from dualtrace.synth.formats.ledger import FlightLeg, write_flights_csv
from dualtrace.synth.labels import note
from dualtrace.synth.party import CIVILIAN, Party
from dualtrace.synth.truth import Truth
from dualtrace.synth.world.cast import WorldCast
from dualtrace.synth.world.lanes import Lane
from dualtrace.synth.world.people import People, Person
from dualtrace.synth.world.registry_ru import RuRegistry

FILE = "flights/manifests.csv"
# (origin, destination, carrier) from China to Russia, and within Russia.
_TO_RUSSIA = (
    ("PEK", "SVO", "CA"),
    ("PVG", "SVO", "MU"),
    ("CAN", "SVO", "CZ"),
    ("SZX", "VKO", "CZ"),
    ("URC", "OVB", "S7"),
    ("HKG", "SVO", "SU"),
)
_DOMESTIC = (("OVB", "DME", "S7"), ("SVO", "LED", "SU"), ("KZN", "SVO", "SU"), ("VKO", "IJK", "UT"))
FIRST = date(2022, 6, 1)
DAYS = 940
PLANTED_SHARE = 0.6
BUSINESS_SHARE = 0.3
STRANGERS = 4_000


@dataclass(frozen=True, slots=True)
class _Seat:
    person: Person
    organisation: str
    party: str
    """Key of the party the organisation column names ('' when empty or a stranger)."""


@dataclass
class Manifests:
    legs: list[FlightLeg]
    seats: list[_Seat]
    co_travel: list[dict[str, Any]]
    people: dict[str, dict[str, str]]
    rejects: list[dict[str, Any]]


class _Builder:
    def __init__(self, rng: random.Random, people: People) -> None:
        self.rng = rng
        self.people = people
        self.legs: list[tuple[FlightLeg, _Seat]] = []
        self.roles: dict[str, dict[str, str]] = {}
        self.strangers: list[Person] = []

    def role(self, person: Person, party: Party | None, role: str) -> None:
        self.roles.setdefault(
            person.key,
            {"passport": person.passport, "party": party.key if party else "", "role": role},
        )

    def seat(self, person: Person, party: Party | None) -> _Seat:
        if party is None or self.rng.random() < 0.25:
            return _Seat(person, "", "")
        style = "english" if party.country != "ru" else self.rng.choice(["english", "translit"])
        return _Seat(person, party.name.written(style), party.key)

    def flight(self, route: tuple[str, str, str], day: date, seats: list[_Seat]) -> str:
        origin, dest, carrier = route
        number = f"{carrier} {self.rng.randint(100, 8999)}"
        strangers = [self._stranger() for _ in range(self.rng.randint(1, 3))]
        for s in [*seats, *(_Seat(p, "", "") for p in strangers)]:
            leg = FlightLeg(s.person.passport, s.organisation, number, day, origin, dest, note())
            self.legs.append((leg, s))
        return number

    def _stranger(self) -> Person:
        """A passenger of no interest; past STRANGERS of them, one seen before (frequent
        flyers), so that the world's size never runs out of names."""
        if len(self.strangers) >= STRANGERS:
            return self.rng.choice(self.strangers)
        russian = self.rng.random() < 0.5
        person = self.people.russian() if russian else self.people.chinese()
        self.role(person, None, "stranger")
        self.strangers.append(person)
        return person

    def day(self) -> date:
        return FIRST + timedelta(days=self.rng.randint(0, DAYS))


def build_manifests(
    rng: random.Random, cast: WorldCast, lanes: list[Lane], registry: RuRegistry, people: People
) -> Manifests:
    b = _Builder(rng, people)
    execs: dict[str, Person] = {}
    for p in (*cast.makers, *cast.sites, *cast.distributors):
        execs[p.key] = people.chinese(p.director)
        b.role(execs[p.key], p, "executive")
    directors = {}
    for reg in registry.registrations:
        directors[reg.party.key] = reg.director
        b.role(reg.director, reg.party, "director")
    parties = {p.key: p for p in cast.all()}
    co_travel: list[dict[str, Any]] = []

    def together(kind: str, maker: Party, buyer: Party, lane: Lane) -> None:
        if buyer.key not in directors:
            return
        a, d = execs[maker.key], directors[buyer.key]
        route = rng.choice(_TO_RUSSIA if rng.random() < 0.7 else _DOMESTIC)
        day = b.day()
        number = b.flight(route, day, [b.seat(a, maker), b.seat(d, buyer)])
        co_travel.append(
            {
                "kind": kind,
                "flight": number,
                "date": day.isoformat(),
                "people": [a.key, d.key],
                "parties": [maker.key, buyer.key],
                "lane": lane.id,
            }
        )

    seen: set[tuple[str, str]] = set()
    for lane in lanes:
        buyer, site = lane.recipient, lane.manufacturer
        pair = (site.key, buyer.key)
        if pair in seen or site.key not in execs:
            continue
        seen.add(pair)
        if lane.kind != "civilian" and buyer.end_use != CIVILIAN:
            if rng.random() < PLANTED_SHARE:
                maker = parties[site.links[0]] if site.links and rng.random() < 0.3 else site
                together("planted", maker, buyer, lane)
        elif buyer.role == "importer" and rng.random() < BUSINESS_SHARE:
            together("business", site, buyer, lane)
    travellers = [(execs[k], parties[k]) for k in sorted(execs)]
    travellers += [(directors[k], parties[k]) for k in sorted(directors)]
    for person, party in travellers:
        for _ in range(rng.randint(0, 2)):
            route = rng.choice(_TO_RUSSIA + _DOMESTIC)
            b.flight(route, b.day(), [b.seat(person, party)])
    b.legs.sort(key=lambda ls: (ls[0].day, ls[0].flight, ls[0].passenger))
    legs = [leg for leg, _ in b.legs]
    seats = [seat for _, seat in b.legs]
    rejects = []
    if legs:
        i = rng.randrange(len(legs))
        while b.roles[seats[i].person.key]["role"] != "stranger":  # never a traveller of note
            i = (i + 1) % len(legs)
        old = legs[i]
        legs[i] = FlightLeg("", "", old.flight, old.day, old.origin, old.destination, old.notes)
        seats[i] = _Seat(seats[i].person, "", "")
        rejects.append({"line": i + 2, "field": "passenger", "reason": "redacted passenger"})
    return Manifests(legs, seats, co_travel, b.roles, rejects)


def write_manifests(out: Path, m: Manifests, truth: Truth) -> Path:
    path = out / FILE
    write_flights_csv(path, m.legs)
    for line, (leg, seat) in enumerate(zip(m.legs, m.seats, strict=True), start=2):
        if seat.party:
            truth.mention(FILE, f"line {line}", "organisation", leg.organisation, seat.party)
    return path


def manifests_truth(m: Manifests) -> dict[str, Any]:
    """truth/flights.json: the planted and the business co-travel, who is who, the reject."""
    return {
        "file": FILE,
        "legs": len(m.legs),
        "co_travel": m.co_travel,
        "people": {k: m.people[k] for k in sorted(m.people)},
        "rejects": m.rejects,
    }
