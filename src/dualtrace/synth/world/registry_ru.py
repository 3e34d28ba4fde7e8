"""Russian registry records of a generated world: what EGRUL says of importers and end users.

Activity codes follow what such companies really declare. Military end users mostly carry
weapons (25.40), aircraft (30.30), defence (84.22) or research (72.19) codes, but not all of
them; training centres declare further education (85.42) and often research; some civilian
users (robotics clubs, survey firms) declare 72.19 too, so that no code but the military ones
settles anything. Registration dates follow each OGRN's year, and importers registered in
2022 were registered after 24 February. Founders hold shares; a few importers are owned by a
sanctioned party (alone at 50% or more, together with another at 50% or more, through a
majority-owned importer, or below 50% as a control), and a few companies share a director.
"""

from __future__ import annotations

import random
import re
import uuid
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from dualtrace.synth.formats.egrul import (
    EgrulAddress,
    EgrulDoc,
    EgrulFounder,
    EgrulPerson,
    write_egrul,
)
from dualtrace.synth.party import CIVILIAN, MILITARY, MILITARY_LINKED, Party
from dualtrace.synth.truth import Truth
from dualtrace.synth.world.cast import WorldCast
from dualtrace.synth.world.people import People, Person

OKVED = {
    "25.40": "Производство оружия и боеприпасов",
    "30.30": "Производство летательных аппаратов, включая космические, и соответствующего "
    "оборудования",
    "84.22": "Деятельность, связанная с обеспечением военной безопасности",
    "72.19": "Научные исследования и разработки в области естественных и технических наук прочие",
    "26.51": "Производство инструментов и приборов для измерения, тестирования и навигации",
    "26.30": "Производство коммуникационного оборудования",
    "46.90": "Торговля оптовая неспециализированная",
    "46.51": "Торговля оптовая компьютерами, периферийными устройствами к компьютерам и "
    "программным обеспечением",
    "46.52": "Торговля оптовая электронным оборудованием и его запасными частями",
    "46.69": "Торговля оптовая прочими машинами и оборудованием",
    "47.41": "Торговля розничная компьютерами, периферийными устройствами к ним и программным "
    "обеспечением в специализированных магазинах",
    "85.42": "Образование профессиональное дополнительное",
    "85.41": "Образование дополнительное детей и взрослых",
    "59.11": "Производство кинофильмов, видеофильмов и телевизионных программ",
    "74.20": "Деятельность в области фотографии",
    "01.61": "Предоставление услуг в области растениеводства",
    "68.31": "Деятельность агентств недвижимости за вознаграждение или на договорной основе",
    "71.12": "Деятельность в области инженерных изысканий, инженерно-технического "
    "проектирования, управления проектами строительства",
    "52.29": "Деятельность вспомогательная прочая, связанная с перевозками",
}
MILITARY_CODES = frozenset({"25.40", "30.30", "84.22"})
# Main activity by kind: (code, weight).
_MAIN = {
    MILITARY: (("30.30", 30), ("25.40", 20), ("72.19", 20), ("84.22", 5), ("26.51", 15),
               ("26.30", 10)),
    MILITARY_LINKED: (("85.42", 60), ("85.41", 20), ("72.19", 20)),
    CIVILIAN: (("46.90", 25), ("47.41", 15), ("59.11", 15), ("01.61", 10), ("74.20", 10),
               ("68.31", 5), ("71.12", 10), ("72.19", 10)),
    "importer": (("46.90", 40), ("46.51", 20), ("46.52", 25), ("46.69", 15)),
}  # fmt: skip
_EXTRA = {
    MILITARY: (("72.19", 0.5), ("30.30", 0.3), ("25.40", 0.2), ("46.69", 0.3), ("84.22", 0.1)),
    MILITARY_LINKED: (("72.19", 0.5), ("30.30", 0.1), ("85.41", 0.4), ("47.41", 0.2)),
    CIVILIAN: (("72.19", 0.08), ("47.41", 0.3), ("74.20", 0.2), ("52.29", 0.2)),
    "importer": (("46.52", 0.4), ("52.29", 0.5), ("47.41", 0.3), ("72.19", 0.05)),
}
INVASION = date(2022, 2, 24)
EXTRACTED = date(2025, 11, 5)
DOCS_PER_FILE = 40
_ADDRESS = re.compile(r"^(\d{6}), .*?ул\. (.+), д\. (\d+)$")
_FOREIGN = {
    "kz": ("398", "Республика Казахстан"),
    "kg": ("417", "Киргизская Республика"),
    "by": ("112", "Республика Беларусь"),
    "tr": ("792", "Турецкая Республика"),
    "am": ("051", "Республика Армения"),
    "ae": ("784", "Объединенные Арабские Эмираты"),
    "uz": ("860", "Республика Узбекистан"),
}


@dataclass
class Registration:
    party: Party
    registered: date
    okved: list[str]
    director: Person
    founders: list[tuple[Party | Person, int]] = field(default_factory=list)
    """(owner, share in percent)."""


@dataclass
class RuRegistry:
    registrations: list[Registration]
    people: list[Person]
    ownership: list[dict[str, Any]]
    shared_directors: list[dict[str, Any]]

    def by_key(self) -> dict[str, Registration]:
        return {r.party.key: r for r in self.registrations}


def _registered(rng: random.Random, party: Party) -> date:
    year = 2000 + int((party.ogrn or "1230")[1:3])
    start = date(year, 1, 10)
    if year == 2022 and party.role == "importer":
        start = INVASION + timedelta(days=1)
    return start + timedelta(days=rng.randint(0, (date(year, 12, 28) - start).days))


def _okved(rng: random.Random, party: Party) -> list[str]:
    kind = "importer" if party.role == "importer" else party.end_use
    codes, weights = zip(*_MAIN[kind], strict=True)
    main = rng.choices(codes, weights)[0]
    out = [main]
    for code, p in _EXTRA[kind]:
        if code not in out and rng.random() < p:
            out.append(code)
    if party.okved and party.okved not in out:
        out.append(party.okved)  # what its certificates say it does
    return out


def build_registry(rng: random.Random, cast: WorldCast, people: People) -> RuRegistry:
    parties = [p for p in (*cast.importers, *cast.end_users) if p.ogrn and p.inn]
    regs = []
    for p in parties:
        director = people.russian((p.inn or "77")[:2])
        reg = Registration(p, _registered(rng, p), _okved(rng, p), director)
        if rng.random() < 0.5:
            reg.founders = [(director, 100)]
        else:
            share = rng.choice([50, 60, 70, 80])
            reg.founders = [(director, share), (people.russian(), 100 - share)]
        regs.append(reg)
    ownership = _plant_ownership(rng, cast, regs, people)
    shared = _share_directors(rng, regs)
    persons = {id(r.director): r.director for r in regs}
    for r in regs:
        for owner, _ in r.founders:
            if isinstance(owner, Person):
                persons[id(owner)] = owner
    return RuRegistry(regs, sorted(persons.values(), key=lambda p: p.key), ownership, shared)


def _plant_ownership(
    rng: random.Random, cast: WorldCast, regs: list[Registration], people: People
) -> list[dict[str, Any]]:
    """Importers owned by sanctioned parties: the cases the 50% rule is about."""
    listed = [p for p in (*cast.end_users, *cast.hubs) if p.sanctioned]
    importers = [r for r in regs if r.party.role == "importer" and not r.party.sanctioned]
    rng.shuffle(importers)
    if not listed or len(importers) < 5:
        return []
    cases: list[dict[str, Any]] = []

    def own(reg: Registration, owners: list[tuple[Party, int]], kind: str, blocked: bool) -> None:
        rest = 100 - sum(s for _, s in owners)
        reg.founders = [*owners, *([(reg.director, rest)] if rest else [])]
        cases.append(
            {
                "kind": kind,
                "owned": reg.party.key,
                "owners": [{"owner": p.key, "share_pct": s} for p, s in owners],
                "sanctioned_share_pct": sum(s for p, s in owners if p.sanctioned),
                "blocked": blocked,
                "chain": [[p.key, reg.party.key] for p, _ in owners],
            }
        )

    majority = importers.pop()
    own(majority, [(rng.choice(listed), rng.choice([51, 60, 75, 100]))], "majority", True)
    second = importers.pop()
    own(second, [(rng.choice(listed), 50)], "half", True)
    if len(listed) >= 2:
        a, b = rng.sample(listed, 2)
        own(importers.pop(), [(a, 25), (b, 30)], "aggregate", True)
    own(importers.pop(), [(rng.choice(listed), 30)], "minority", False)
    # A subsidiary wholly owned by the majority-owned importer: blocked through the chain.
    sub = importers.pop()
    owner = majority.founders[0][0]
    assert isinstance(owner, Party)
    own(sub, [(majority.party, 100)], "chain", True)
    cases[-1]["chain"] = [[owner.key, majority.party.key, sub.party.key]]
    cases[-1]["sanctioned_share_pct"] = majority.founders[0][1]
    return cases


def _share_directors(rng: random.Random, regs: list[Registration]) -> list[dict[str, Any]]:
    """Some importers are run by the director of a military user, or of another importer."""
    users = [r for r in regs if r.party.end_use != CIVILIAN]
    importers = [r for r in regs if r.party.role == "importer"]
    out = []
    for reg in importers:
        if not users or rng.random() >= 0.12:
            continue
        head = rng.choice(users)
        if head.director is reg.director:
            continue
        for i, (owner, share) in enumerate(reg.founders):
            if owner is reg.director:
                reg.founders[i] = (head.director, share)
        reg.director = head.director
        out.append({"person": head.director.key, "entities": [head.party.key, reg.party.key]})
    if len(importers) >= 4:
        a, b = rng.sample(importers, 2)
        if a.director is not b.director:
            for i, (owner, share) in enumerate(b.founders):
                if owner is b.director:
                    b.founders[i] = (a.director, share)
            b.director = a.director
            out.append({"person": a.director.key, "entities": [a.party.key, b.party.key]})
    return out


def _doc(rng: random.Random, reg: Registration) -> EgrulDoc:
    p = reg.party
    match = _ADDRESS.match(p.address)
    index, street, house = match.groups() if match else ("101000", "Новая", "1")
    capital = rng.choice([10_000, 50_000, 100_000, 500_000])
    if p.name.form == "jsc":
        capital *= 100
    since = reg.registered + timedelta(days=rng.randint(0, 900))
    return EgrulDoc(
        doc_id=str(uuid.UUID(int=rng.getrandbits(128), version=4)),
        extracted=EXTRACTED,
        ogrn=p.ogrn or "",
        registered=reg.registered,
        inn=p.inn or "",
        kpp=p.kpp or "",
        form=p.name.form,
        full_name=p.name.written("home_long"),
        short_name=p.name.written("home_short"),
        foreign_name=p.name.written("english") if rng.random() < 0.3 else None,
        address=EgrulAddress(
            index, "77", "Г.МОСКВА", "УЛ.", street, house, str(rng.randint(1, 40))
        ),
        tax_office=f"Инспекция Федеральной налоговой службы № {int((p.inn or '7700')[2:4])}",
        capital=capital,
        director=_egrul_person(reg.director),
        director_post="ГЕНЕРАЛЬНЫЙ ДИРЕКТОР" if p.name.form == "jsc" else "ДИРЕКТОР",
        director_since=min(since, EXTRACTED),
        okved=tuple((c, OKVED[c]) for c in reg.okved),
        founders=tuple(_founder(rng, owner, share, capital, reg) for owner, share in reg.founders),
    )


def _egrul_person(p: Person) -> EgrulPerson:
    return EgrulPerson(p.surname, p.first, p.patronymic, p.inn)


def _founder(
    rng: random.Random, owner: Party | Person, share: int, capital: int, reg: Registration
) -> EgrulFounder:
    nominal = capital * share // 100
    since = reg.registered
    if isinstance(owner, Person):
        return EgrulFounder(share, nominal, since, person=_egrul_person(owner))
    if owner.country == "ru":
        return EgrulFounder(
            share,
            nominal,
            since,
            name=owner.name.written("home_long"),
            ogrn=owner.ogrn or "",
            inn=owner.inn or "",
        )
    oksm, country = _FOREIGN[owner.country]
    return EgrulFounder(
        share,
        nominal,
        since,
        name=owner.name.written("english"),
        oksm=oksm,
        country=country,
        reg_number=str(rng.randint(100000, 999999)),
        foreign_address=owner.address,
    )


def write_registry_ru(out: Path, rng: random.Random, registry: RuRegistry, truth: Truth) -> Path:
    folder = out / "egrul"
    regs = registry.registrations
    for start in range(0, len(regs), DOCS_PER_FILE):
        part = regs[start : start + DOCS_PER_FILE]
        docs = [_doc(rng, r) for r in part]
        day = EXTRACTED + timedelta(days=start // DOCS_PER_FILE)
        file_id = (
            f"VO_RUGFO_0000_9965_{day:%Y%m%d}_{uuid.UUID(int=rng.getrandbits(128), version=4)}"
        )
        path = write_egrul(folder / f"{file_id}.xml", file_id, docs)
        rel = f"egrul/{path.name}"
        for n, (reg, d) in enumerate(zip(part, docs, strict=True), start=1):
            locator = f"{path.name} Документ[{n}]"
            truth.mention(rel, locator, "НаимЮЛПолн", d.full_name, reg.party.key)
            truth.mention(rel, locator, "НаимСокр", d.short_name, reg.party.key)
            if d.foreign_name:
                truth.mention(rel, locator, "НаимПолн", d.foreign_name, reg.party.key)
            for (owner, _), founder in zip(reg.founders, d.founders, strict=True):
                if isinstance(owner, Party):
                    truth.mention(rel, locator, "НаимЮЛПолн", founder.name, owner.key)
    return folder


def registry_truth(registry: RuRegistry) -> dict[str, Any]:
    """truth/registry_ru.json: codes, dates, directors and founders as the files say them."""
    return {
        "companies": {
            r.party.key: {
                "registered": r.registered.isoformat(),
                "okved": r.okved,
                "military_okved": sorted(set(r.okved) & MILITARY_CODES),
                "director": r.director.key,
                "founders": [
                    {"owner": o.key, "share_pct": s, "person": isinstance(o, Person)}
                    for o, s in r.founders
                ],
            }
            for r in sorted(registry.registrations, key=lambda r: r.party.key)
        },
        "ownership": registry.ownership,
        "shared_directors": registry.shared_directors,
        "people": {
            p.key: {"name": p.full, "inn": p.inn, "passport": p.passport} for p in registry.people
        },
    }
