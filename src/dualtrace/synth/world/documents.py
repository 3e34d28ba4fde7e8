"""The non-shipment files of a generated world: sanctions lists, Chinese registry records,
certificates of conformity and resale invoices, each naming parties in its own spellings.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

from dualtrace.synth import ids
from dualtrace.synth.formats.certificates import Conformity, Subject, write_conformity
from dualtrace.synth.formats.cn_registry import write_cn_registry
from dualtrace.synth.formats.eu_xml import EuEntity, write_eu_xml
from dualtrace.synth.formats.ledger import Invoice, write_invoices_csv
from dualtrace.synth.formats.ofac import OfacAddress, OfacAlias, OfacEntry, write_ofac_csv
from dualtrace.synth.labels import SYNTHETIC, note, note_ru
from dualtrace.synth.party import CIVILIAN
from dualtrace.synth.truth import Truth
from dualtrace.synth.world.cast import WorldCast

COUNTRY_EN = {
    "ru": "Russia",
    "kz": "Kazakhstan",
    "kg": "Kyrgyzstan",
    "by": "Belarus",
    "tr": "Turkey",
    "am": "Armenia",
    "ae": "United Arab Emirates",
    "uz": "Uzbekistan",
    "cn": "China",
    "hk": "Hong Kong",
}
OKSM = {"cn": "156", "hk": "344"}


def write_sanctions(out: Path, rng: random.Random, cast: WorldCast, truth: Truth) -> list[Path]:
    listed = [p for p in cast.all() if p.sanctioned]
    entries, eu = [], []
    for n, p in enumerate(listed):
        ent_num = 60000 + n
        name = p.name.written("english_upper")
        remarks = [f"Tax ID No. {p.inn} (Russia)"] if p.inn else []
        if p.ogrn:
            remarks.append(f"Registration Number {p.ogrn} (Russia)")
        remarks.append(note())
        aliases = tuple(OfacAlias(a) for a in {p.name.written("translit")} - {name})
        entries.append(
            OfacEntry(
                ent_num,
                name,
                "RUSSIA-EO14024",
                "; ".join(remarks) + ".",
                aliases=aliases,
                addresses=(OfacAddress(None, p.city, COUNTRY_EN[p.country]),),
            )
        )
        truth.mention("sanctions/ofac/sdn.csv", f"ent_num {ent_num}", "name", name, p.key)
        for a in aliases:
            truth.mention("sanctions/ofac/alt.csv", f"ent_num {ent_num}", "alt_name", a.name, p.key)
        if n % 2 == 0:
            names = [(p.name.written("english"), "EN")]
            if p.name.core_ru:
                names.append((p.name.written("home_short"), "RU"))
            idents = tuple((k, v) for k, v in (("tax", p.inn), ("regnumber", p.ogrn)) if v)
            eu.append(
                EuEntity(
                    7000 + n,
                    f"EU.{9000 + n}.1",
                    tuple(names),
                    p.country.upper(),
                    COUNTRY_EN[p.country].upper(),
                    p.city,
                    note(),
                    identifications=idents,
                )
            )
            for written, _ in names:
                truth.mention("sanctions/eu.xml", f"EU.{9000 + n}.1", "wholeName", written, p.key)
    paths = write_ofac_csv(out / "sanctions" / "ofac", entries)
    paths.append(write_eu_xml(out / "sanctions" / "eu.xml", eu, "2024-12-31T12:00:00.000+01:00"))
    return paths


def write_registry(out: Path, rng: random.Random, cast: WorldCast, truth: Truth) -> Path:
    rows = []
    for p in (*cast.makers, *cast.sites):
        if not p.uscc or not p.name.core_zh:
            continue
        zh, en = p.name.written("home_short"), p.name.written("english")
        founded = date(2005 + rng.randint(0, 15), rng.randint(1, 12), rng.randint(1, 28))
        rows.append(
            (
                p.uscc,
                zh,
                en,
                p.director or "",
                f"{rng.randint(1, 50) * 100}万元人民币",
                p.address,
                f"{founded:%Y年%m月%d日}",
                "无人机、电子产品的研发、生产和销售",
                "存续",
                SYNTHETIC,
            )
        )
        line = f"line {len(rows) + 1}"
        truth.mention("registry/cn_companies.csv", line, "企业名称", zh, p.key)
        truth.mention("registry/cn_companies.csv", line, "英文名称", en, p.key)
    path = out / "registry" / "cn_companies.csv"
    write_cn_registry(path, rows)
    return path


def write_certificates(out: Path, rng: random.Random, cast: WorldCast, truth: Truth) -> Path:
    folder = out / "certificates"
    applicants = [p for p in (*cast.importers, *cast.end_users) if p.inn][:40]
    serial = 30_000_000
    for p in applicants:
        site = rng.choice(cast.sites)
        issued = date(2021, 1, 1) + timedelta(days=rng.randint(0, 900))
        serial += rng.randint(1, 999)
        c = Conformity(
            id=serial,
            number=ids.eaeu_declaration(rng, issued),
            registered=issued,
            expires=issued.replace(year=issued.year + 5),
            applicant=Subject(
                p.name.written("home_long"),
                "643",
                p.address,
                short_name=p.name.written("home_short"),
                inn=p.inn,
                ogrn=p.ogrn,
                kpp=p.kpp,
                addl_reg_info=f"ОКВЭД {p.okved} ({SYNTHETIC})",
            ),
            manufacturer=Subject(site.name.written("english"), "156", f"Китай, {site.address}"),
            product_name="Беспилотный летательный аппарат (квадрокоптер)",
            product_origin_oksm="156",
            trademark="DJI",
            model=None,
            tnveds=("8806221000",),
            lab_name="ИЛ (синтетическая запись)",
            protocol_number=f"{rng.randint(100, 9999)}/ИЛ",
            protocol_date=issued,
            remarks=note_ru(),
        )
        path = write_conformity(folder, c)
        rel = f"certificates/{path.name}"
        truth.mention(rel, c.number, "applicant.fullName", c.applicant.full_name, p.key)
        truth.mention(rel, c.number, "manufacturer.fullName", c.manufacturer.full_name, site.key)
    return folder


def write_resale_invoices(out: Path, rng: random.Random, cast: WorldCast, truth: Truth) -> Path:
    """Importers selling on to end users: the second hop of a path to a military user."""
    rows, parties = [], []
    users = [p for p in cast.end_users if p.end_use != CIVILIAN]
    for i in range(min(200, 10 * len(cast.importers))):
        seller, buyer = rng.choice(cast.importers), rng.choice(users)
        day = date(2022, 1, 1) + timedelta(days=rng.randint(0, 1090))
        rows.append(
            Invoice(
                f"RS-{i:05d}",
                day,
                seller.name.written("home_short"),
                "ru",
                buyer.name.written(rng.choice(["home_short", "english"])),
                "ru",
                "Квадрокоптеры DJI",
                Decimal(rng.randint(10, 900) * 1000),
                "RUB",
                note(),
            )
        )
        parties.append((seller.key, buyer.key))
    path = out / "invoices.csv"
    write_invoices_csv(path, rows)
    for line, (row, (s, b)) in enumerate(zip(rows, parties, strict=True), start=2):
        truth.mention("invoices.csv", f"line {line}", "seller", row.seller, s)
        truth.mention("invoices.csv", f"line {line}", "buyer", row.buyer, b)
        truth.paths.append({"kind": "resale", "path": [s, b], "invoice": row.number})
    return path
