"""The seed case's OFAC SDN list: IEMZ Kupol and TSK Vektor among a few hundred generated
entries.

Kupol's name, alias, city and identifiers are as reported; TSK Vektor's listing is reported but
its identifiers are generated (with valid check digits). The entry numbers, and every noise
entry, are generated; each remark says which.
"""

from __future__ import annotations

import random

from dualtrace.synth import ids
from dualtrace.synth.formats.ofac import OfacAddress, OfacAlias, OfacEntry
from dualtrace.synth.labels import SYNTHETIC, note, reported
from dualtrace.synth.seedcase.cast import SeedCast

PROGRAM = "RUSSIA-EO14024"
_NOISE_PROGRAMS = ("RUSSIA-EO14024", "UKRAINE-EO13662", "CYBER2", "IRAN", "SDGT", "BELARUS")
_SYLLABLES = (
    "vel",
    "tor",
    "mar",
    "dan",
    "sel",
    "kor",
    "lin",
    "rad",
    "tek",
    "nova",
    "gal",
    "ber",
    "sin",
    "pro",
    "ark",
    "zen",
    "ost",
    "ural",
    "mir",
    "avia",
)
_KINDS = ("TRADING LLC", "INDUSTRIES JSC", "LOGISTICS LIMITED", "HOLDING LLC", "TECHNOLOGIES")
_GIVEN = ("IVAN", "OLEG", "SERGEI", "ANNA", "PAVEL", "YURI", "MARINA", "ALI", "REZA", "LI")
_FAMILY = ("PETROV", "SOKOLOV", "VOLKOV", "KARIMI", "ZHANG", "NOVIKOV", "FEDOROV", "ORLOV")
_COUNTRIES = ("Russia", "Belarus", "Iran", "United Arab Emirates", "Turkey", "China")

KUPOL_ENT_NUM = 50001
VEKTOR_ENT_NUM = 50002


def reported_entries(cast: SeedCast) -> list[OfacEntry]:
    kupol, vektor = cast.kupol, cast.vektor
    return [
        OfacEntry(
            ent_num=KUPOL_ENT_NUM,
            name="JOINT-STOCK COMPANY IZHEVSK ELECTROMECHANICAL PLANT KUPOL",
            program=PROGRAM,
            remarks=(
                f"Tax ID No. {kupol.inn} (Russia); Registration Number {kupol.ogrn} (Russia); "
                f"{reported('B')}: state-owned weapons maker under Western sanctions, develops "
                f"the Garpiya-3 drone, identifiers as published; "
                f"{SYNTHETIC} (dualtrace): entry number."
            ),
            aliases=(OfacAlias("IEMZ KUPOL"), OfacAlias("AO IEMZ KUPOL")),
            addresses=(OfacAddress(None, "Izhevsk", "Russia"),),
        ),
        OfacEntry(
            ent_num=VEKTOR_ENT_NUM,
            name="LIMITED LIABILITY COMPANY TSK VEKTOR",
            program=PROGRAM,
            remarks=(
                f"Tax ID No. {vektor.inn} (Russia); Registration Number {vektor.ogrn} (Russia); "
                f"{reported('B')}: Russian defence procurement firm under US and EU sanctions; "
                f"{SYNTHETIC} (dualtrace): identifiers, address and entry number."
            ),
            aliases=(OfacAlias("TSK VEKTOR"), OfacAlias("OOO TSK VEKTOR")),
            addresses=(OfacAddress("ul. Sadovaya 5", "Moscow", "Russia"),),
        ),
    ]


def noise_entries(rng: random.Random, n: int = 300) -> list[OfacEntry]:
    entries = []
    for i in range(n):
        ent_num = 50100 + i
        program = rng.choice(_NOISE_PROGRAMS)
        country = rng.choice(_COUNTRIES)
        if rng.random() < 0.3:
            given, family = rng.choice(_GIVEN), rng.choice(_FAMILY)
            month = rng.choice(["Jan", "Mar", "Jun", "Oct"])
            dob = f"{rng.randint(1, 28):02d} {month} 19{rng.randint(50, 89)}"
            entries.append(
                OfacEntry(
                    ent_num,
                    f"{family}, {given}",
                    program,
                    f"DOB {dob}; nationality {country}; {note()}.",
                    sdn_type="individual",
                    addresses=(OfacAddress(None, None, country),),
                )
            )
            continue
        core = "".join(rng.choice(_SYLLABLES) for _ in range(2)).upper()
        name = f"{core} {rng.choice(_KINDS)}"
        remarks = note()
        if country == "Russia":
            inn = ids.inn_legal(rng)
            remarks = f"Tax ID No. {inn} (Russia); {remarks}"
        aliases = (OfacAlias(core),) if rng.random() < 0.5 else ()
        entries.append(
            OfacEntry(
                ent_num,
                name,
                program,
                remarks + ".",
                aliases=aliases,
                addresses=(OfacAddress(None, f"{core.title()} City", country),),
            )
        )
    return entries
