"""The seed case: the reported DJI and Kupol stories as raw files, with the findings expected.

`write_seed_case` writes every file in the real format its source reads, in a folder tree
(sanctions/, certificates/, customs/, comtrade/, telegram/, invoices.csv, flights.csv) plus
truth/, and returns the manifest: the inputs in the order they are ingested, and the expected
findings as data. Equal seeds give equal bytes.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from dualtrace.synth.formats.certificates import write_conformity
from dualtrace.synth.formats.comtrade import write_comtrade_csv
from dualtrace.synth.formats.customs import write_customs_csv
from dualtrace.synth.formats.ledger import write_flights_csv, write_invoices_csv
from dualtrace.synth.formats.ofac import write_ofac_csv
from dualtrace.synth.formats.telegram import write_channel
from dualtrace.synth.party import Party
from dualtrace.synth.seedcase import certificates, comtrade, customs, ledger, posts, sanctions
from dualtrace.synth.seedcase.cast import SeedCast, build_cast
from dualtrace.synth.seedcase.facts import load_facts
from dualtrace.synth.seedcase.findings import expected_findings
from dualtrace.synth.truth import Truth
from dualtrace.synth.variants import Name

DEFAULT_SEED = 20230901
CUSTOMS_FILE = "customs/declarations_2022_2024.csv"
COMTRADE_FILE = "comtrade/cn_exports_8806_2022_2024.csv"


@dataclass(frozen=True, slots=True)
class SeedCase:
    root: Path
    seed: int
    inputs: tuple[Path, ...]
    """Files and folders in the order they must be ingested."""
    findings: dict[str, Any]
    """What an investigation of these files must find (also truth/findings.json)."""
    truth_files: tuple[Path, ...]


def write_seed_case(out: Path, seed: int = DEFAULT_SEED) -> SeedCase:
    rng = random.Random(seed)
    cast = build_cast(rng)
    noise = list(cast.noise_makers)
    truth = Truth()
    truth.add_parties(list(cast.all()) + _people())
    out.mkdir(parents=True, exist_ok=True)
    inputs = [
        _sanctions(out, rng, cast, truth),
        _certificates(out, rng, cast, truth),
        _customs(out, rng, cast, noise, truth),
        _comtrade(out, rng),
        *_telegram(out, rng, truth),
        *_ledger(out, rng, cast, noise, truth),
    ]
    truth.findings = expected_findings(out, cast, truth, load_facts())
    truth_files = truth.write(out / "truth")
    return SeedCase(out, seed, tuple(inputs), truth.findings, tuple(truth_files))


def _people() -> list[Party]:
    names = [
        *ledger.HAOTIANYI_EXECS,
        *ledger.VEKTOR_EXECS,
        *ledger.SPECIALISTS,
        *ledger._NOISE_PEOPLE,
    ]
    return [
        Party(key=f"person:{n}", name=Name(n, "person"), country="", role="person") for n in names
    ]


def _sanctions(out: Path, rng: random.Random, cast: SeedCast, truth: Truth) -> Path:
    entries = sanctions.reported_entries(cast) + sanctions.noise_entries(rng)
    folder = out / "sanctions"
    write_ofac_csv(folder, entries)
    for entry, party in zip(entries[:2], (cast.kupol, cast.vektor), strict=True):
        truth.mention(
            "sanctions/sdn.csv", f"ent_num {entry.ent_num}", "name", entry.name, party.key
        )
        for alias in entry.aliases:
            truth.mention(
                "sanctions/alt.csv", f"ent_num {entry.ent_num}", "alt_name", alias.name, party.key
            )
    return folder


def _certificates(out: Path, rng: random.Random, cast: SeedCast, truth: Truth) -> Path:
    folder = out / "certificates"
    for issued in certificates.declarations(rng, cast):
        c = issued.conformity
        path = write_conformity(folder, c)
        rel = f"certificates/{path.name}"
        truth.mention(rel, c.number, "applicant.fullName", c.applicant.full_name, issued.applicant)
        if c.applicant.short_name:
            truth.mention(
                rel, c.number, "applicant.shortName", c.applicant.short_name, issued.applicant
            )
        truth.mention(
            rel, c.number, "manufacturer.fullName", c.manufacturer.full_name, issued.manufacturer
        )
        truth.paths.append(
            {
                "kind": "certified",
                "applicant": issued.applicant,
                "manufacturer": issued.manufacturer,
                "document": c.number,
                "date": c.registered.isoformat(),
                "file": rel,
            }
        )
    return folder


def _customs(
    out: Path, rng: random.Random, cast: SeedCast, noise: list[Party], truth: Truth
) -> Path:
    rows = list(customs.declarations(rng, cast, noise))
    path = out / CUSTOMS_FILE
    write_customs_csv(path, (r.declaration for r in rows))
    for line, r in enumerate(rows, start=2):
        d, loc = r.declaration, f"line {line}"
        truth.mention(CUSTOMS_FILE, loc, "Отправитель", d.sender, r.sender)
        truth.mention(CUSTOMS_FILE, loc, "Получатель", d.recipient, r.recipient)
        if d.manufacturer and r.manufacturer:
            truth.mention(CUSTOMS_FILE, loc, "Производитель", d.manufacturer, r.manufacturer)
        if r.story == "noise":
            continue
        step = {
            "kind": r.story,
            "declaration": d.number,
            "date": d.day.isoformat(),
            "file": CUSTOMS_FILE,
            "locator": loc,
            "hs_code": d.tnved,
            "value": str(d.value),
            "currency": d.currency,
            "quantity": d.quantity,
        }
        if r.story == "diversion":
            step["path"] = [r.manufacturer, r.sender, r.recipient]
        else:
            step["path"] = [r.sender, r.recipient]
        truth.paths.append(step)
    return path


def _comtrade(out: Path, rng: random.Random) -> Path:
    path = out / COMTRADE_FILE
    write_comtrade_csv(path, comtrade.trade_rows(rng))
    return path


def _telegram(out: Path, rng: random.Random, truth: Truth) -> list[Path]:
    paths = []
    for ch in posts.channels(rng):
        path = write_channel(
            out / "telegram" / ch.key, ch.name, ch.channel_id, ch.created, ch.posts
        )
        truth.mention(f"telegram/{ch.key}/result.json", "channel", "name", ch.name, ch.key)
        truth.paths.append(
            {
                "kind": "reported_posts",
                "entity": ch.key,
                "file": f"telegram/{ch.key}/result.json",
                "messages": {str(k): v for k, v in ch.facts.items()},
                "military_use": sorted(k for k, v in ch.facts.items() if v in posts.MILITARY_USE),
            }
        )
        paths.append(path)
    return paths


def _ledger(
    out: Path, rng: random.Random, cast: SeedCast, noise: list[Party], truth: Truth
) -> list[Path]:
    rows, parties = ledger.invoices(rng, cast, noise)
    inv = out / "invoices.csv"
    write_invoices_csv(inv, rows)
    for line, (row, (seller, buyer)) in enumerate(zip(rows, parties, strict=True), start=2):
        truth.mention("invoices.csv", f"line {line}", "seller", row.seller, seller)
        truth.mention("invoices.csv", f"line {line}", "buyer", row.buyer, buyer)
    legs, people = ledger.flights(rng, cast)
    fl = out / "flights.csv"
    write_flights_csv(fl, legs)
    for line, (leg, (person, org)) in enumerate(zip(legs, people, strict=True), start=2):
        truth.mention("flights.csv", f"line {line}", "passenger", leg.passenger, person)
        if org:
            truth.mention("flights.csv", f"line {line}", "organisation", leg.organisation, org)
    return [inv, fl]
