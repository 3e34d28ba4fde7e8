"""EAEU declarations of conformity: Russian applicants, the DJI-linked production sites as
manufacturers, DJI as the trademark, registered up to June 2023.

The second Avanti LLC and the two training sellers hold declarations in one series of the same
body ('РА07'), and their registry entries state the same activity code (OKVED 72.19, research
and development, the code the report describes as typical of military-linked scientific
bodies). Numbers, dates, addresses, laboratories and protocols are generated.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

from dualtrace.synth import ids
from dualtrace.synth.formats.certificates import Conformity, Subject
from dualtrace.synth.labels import note_ru
from dualtrace.synth.party import Party
from dualtrace.synth.seedcase.cast import SeedCast

SHARED_CODE = "72.19"
SHARED_BODY = "РА07"
LATEST = date(2023, 6, 30)
PRODUCTS = (
    ("DJI Mavic 3", "8806221000"),
    ("DJI Mavic 3 Classic", "8806221000"),
    ("DJI Mini 3 Pro", "8806210000"),
    ("DJI Matrice 300 RTK", "8806229000"),
    ("DJI Avata", "8806210000"),
)
_OKVED_TEXT = {
    "72.19": "Научные исследования и разработки в области естественных и технических наук прочие",
    "85.41": "Образование дополнительное детей и взрослых",
}


_REMARK = (
    "производственная площадка, связанная с DJI/iFlight, указана в сертификатах ЕАЭС до июня "
    "2023; номер, даты, адреса и наименование площадки синтетические"
)


@dataclass(frozen=True, slots=True)
class Issued:
    conformity: Conformity
    applicant: str
    manufacturer: str


def _applicant(p: Party) -> Subject:
    assert p.director is not None
    surname, first, patronymic = p.director.split()
    extra = None
    if p.okved:
        extra = f"ОКВЭД {p.okved} — {_OKVED_TEXT[p.okved]} (синтетическая запись)"
    return Subject(
        full_name=p.name.written("home_long"),
        short_name=p.name.written("home_short"),
        oksm="643",
        address=p.address,
        inn=p.inn,
        ogrn=p.ogrn,
        kpp=p.kpp,
        registered=date(2000 + int(p.ogrn[1:3]), 3, 1) if p.ogrn else None,
        head_surname=surname,
        head_first_name=first,
        head_patronymic=patronymic,
        addl_reg_info=extra,
        post_code=p.address[:6],
    )


def _manufacturer(p: Party) -> Subject:
    return Subject(full_name=p.name.written("english"), oksm="156", address=f"Китай, {p.address}")


def declarations(rng: random.Random, cast: SeedCast) -> list[Issued]:
    out: list[Issued] = []
    serial = 19_000_000 + rng.randint(0, 99_999)
    sites = list(cast.sites)
    rng.shuffle(sites)
    for i, buyer in enumerate(cast.buyers):
        shared = buyer.okved == SHARED_CODE
        first = date(2023, 5, 22) if buyer is cast.avanti_lab else date(2021, 6, 1)
        for j in range(2 if i < 3 else 1):
            site = sites[(i * 2 + j) % len(sites)]
            span = (LATEST - first).days
            registered = first + timedelta(days=rng.randint(0, span))
            model, tnved = rng.choice(PRODUCTS)
            serial += rng.randint(1, 5000)
            body = SHARED_BODY if shared else rng.choice(["РА01", "РА02"])
            c = Conformity(
                id=serial,
                number=ids.eaeu_declaration(rng, registered, "CN", body),
                registered=registered,
                expires=registered.replace(year=registered.year + 5),
                applicant=_applicant(buyer),
                manufacturer=_manufacturer(site),
                product_name=f"Беспилотный летательный аппарат (квадрокоптер), торговая марка DJI, "
                f"модель {model}",
                product_origin_oksm="156",
                trademark="DJI",
                model=model,
                tnveds=(tnved,),
                lab_name="ООО «Испытательная лаборатория Стандарт-Тест» (синтетическая запись)",
                protocol_number=f"{rng.randint(100, 9999)}-{registered:%y}/ИЛ",
                protocol_date=registered - timedelta(days=rng.randint(1, 20)),
                remarks=note_ru("A", _REMARK),
            )
            out.append(Issued(c, buyer.key, site.key))
    return out
