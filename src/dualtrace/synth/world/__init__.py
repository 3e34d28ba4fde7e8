"""`dualtrace synth`: a generated world with known truth, from a few thousand records to 100
million shipment rows.

The world's raw files are in the real formats the sources read (customs declarations as CSV or
Parquet, OFAC CSV and EU XML sanctions lists, Chinese registry records, certificates of
conformity, resale invoices, Comtrade CSV, Telegram channel exports, EGRUL open-data XML,
flight manifests), with truth/ beside them: which written names are one entity, which lanes are
planted diversions, which parties are military end users and which are sanctioned, which
channels and posts are whose (channels.json), who founded, owns and runs the Russian companies
(registry_ru.json), who flew with whom (flights.json). Equal seed and scale give equal bytes.

The later sources draw from random generators of their own (seeded by the seed and the source's
name), so adding one leaves every file written before it unchanged.
"""

from __future__ import annotations

import json
import random
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from dualtrace.errors import DualtraceError
from dualtrace.synth.formats.comtrade import write_comtrade_csv
from dualtrace.synth.seedcase.comtrade import trade_rows
from dualtrace.synth.truth import Truth
from dualtrace.synth.world import documents
from dualtrace.synth.world.cast import Sizes, build_world_cast
from dualtrace.synth.world.channels import build_channels, channels_truth, write_channels
from dualtrace.synth.world.flights import build_manifests, manifests_truth, write_manifests
from dualtrace.synth.world.lanes import build_lanes
from dualtrace.synth.world.people import People
from dualtrace.synth.world.registry_ru import build_registry, registry_truth, write_registry_ru
from dualtrace.synth.world.shipments import DEFAULT_CHUNK, chunks, write_shipments

SCALES: Final = {"tiny": 2_000, "small": 50_000, "medium": 2_000_000, "large": 100_000_000}
CSV_LIMIT: Final = 200_000
"""Up to this many rows shipments go to one CSV by default; above it, to Parquet."""


class ScaleError(DualtraceError):
    """A scale that is neither a known name nor a positive number of rows."""


@dataclass(frozen=True, slots=True)
class World:
    root: Path
    seed: int
    rows: int
    inputs: tuple[Path, ...]
    truth_files: tuple[Path, ...]
    parties: int
    lanes: int


def parse_scale(scale: str) -> int:
    if scale in SCALES:
        return SCALES[scale]
    try:
        rows = int(scale.replace("_", ""))
    except ValueError:
        rows = 0
    if rows <= 0:
        raise ScaleError(f"scale {scale!r}: use {', '.join(SCALES)} or a number of shipment rows")
    return rows


def generate_world(
    out: Path,
    seed: int = 1,
    scale: str = "tiny",
    shipments_format: str | None = None,
    chunk: int = DEFAULT_CHUNK,
) -> World:
    rows = parse_scale(scale)
    fmt = shipments_format or ("csv" if rows <= CSV_LIMIT else "parquet")
    if fmt not in {"csv", "parquet"}:
        raise ScaleError(f"shipments format {fmt!r}: use csv or parquet")
    rng = random.Random(seed)
    cast = build_world_cast(rng, Sizes.for_rows(rows))
    lanes = build_lanes(rng, cast)
    parties = list(cast.all())
    truth = Truth()
    truth.add_parties(parties)
    out.mkdir(parents=True, exist_ok=True)
    inputs: list[Path] = [out / "sanctions" / "ofac", out / "sanctions" / "eu.xml"]
    documents.write_sanctions(out, rng, cast, truth)
    inputs.append(documents.write_registry(out, rng, cast, truth))
    inputs.append(documents.write_certificates(out, rng, cast, truth))
    shipments = out / "customs" / f"declarations.{fmt}"
    write_shipments(
        shipments,
        out / "truth" / "shipments.parquet",
        chunks(lanes, parties, seed, rows, chunk),
        fmt,
    )
    inputs.append(shipments)
    inputs.append(documents.write_resale_invoices(out, rng, cast, truth))
    comtrade = out / "comtrade" / "cn_exports.csv"
    write_comtrade_csv(comtrade, trade_rows(rng))
    inputs.append(comtrade)
    channels = build_channels(random.Random(f"{seed}:telegram"), cast)
    inputs.extend(write_channels(out, channels, truth))
    truth.extra["channels.json"] = channels_truth(channels)
    people = People(random.Random(f"{seed}:people"))
    egrul_rng = random.Random(f"{seed}:egrul")
    registry = build_registry(egrul_rng, cast, people)
    inputs.append(write_registry_ru(out, egrul_rng, registry, truth))
    truth.extra["registry_ru.json"] = registry_truth(registry)
    manifests = build_manifests(random.Random(f"{seed}:flights"), cast, lanes, registry, people)
    inputs.append(write_manifests(out, manifests, truth))
    truth.extra["flights.json"] = manifests_truth(manifests)
    for lane in lanes:
        if lane.kind == "diversion":
            truth.paths.append(
                {
                    "kind": "diversion",
                    "lane": lane.id,
                    "path": [lane.manufacturer.key, lane.sender.key, lane.recipient.key],
                }
            )
    truth.findings = {
        "rows": rows,
        "seed": seed,
        "shipments_format": fmt,
        "lanes": [
            {
                "lane": lane.id,
                "kind": lane.kind,
                "sender": lane.sender.key,
                "recipient": lane.recipient.key,
                "manufacturer": lane.manufacturer.key,
            }
            for lane in lanes
        ],
    }
    truth_files = truth.write(out / "truth")
    (out / "truth" / "manifest.json").write_text(
        json.dumps(
            {"inputs": [str(p.relative_to(out)) for p in inputs], "rows": rows, "seed": seed},
            indent=1,
        )
        + "\n",
        encoding="utf-8",
    )
    return World(
        out,
        seed,
        rows,
        tuple(inputs),
        (*truth_files, out / "truth" / "shipments.parquet"),
        len(parties),
        len(lanes),
    )
