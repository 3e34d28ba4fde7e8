"""`dualtrace synth`: a generated world, its truth, and its files read by dualtrace's parsers.

Every file is generated; formats follow the real samples in ../shared/data and the documented
layouts (no public sample of customs declarations or Comtrade bulk CSV exists).
"""

from __future__ import annotations

import json
import random
from collections import Counter
from pathlib import Path

import pyarrow.compute as pc
import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from dualtrace.cli import app
from dualtrace.errors import SourceError
from dualtrace.normalize.identifiers import clean_identifier
from dualtrace.sources.registry import detect
from dualtrace.store import Workspace, ingest_path
from dualtrace.synth.labels import SYNTHETIC
from dualtrace.synth.world import ScaleError, World, generate_world, parse_scale
from dualtrace.synth.world.cast import Sizes, build_world_cast
from dualtrace.synth.world.lanes import build_lanes
from dualtrace.synth.world.shipments import chunks, write_shipments


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> World:
    return generate_world(tmp_path_factory.mktemp("world") / "w", seed=5, scale="tiny")


def _bytes(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()
    }


def test_same_seed_same_bytes(world: World, tmp_path: Path) -> None:
    again = generate_world(tmp_path / "again", seed=5, scale="tiny")
    assert _bytes(again.root) == _bytes(world.root)
    other = generate_world(tmp_path / "other", seed=6, scale="tiny")
    assert _bytes(other.root) != _bytes(world.root)


def test_scales(tmp_path: Path) -> None:
    assert parse_scale("tiny") == 2_000 and parse_scale("large") == 100_000_000
    assert parse_scale("1_500") == 1_500
    for bad in ("huge", "0", "-5"):
        with pytest.raises(ScaleError):
            parse_scale(bad)


def test_shipments_stream_to_parquet_in_chunks(tmp_path: Path) -> None:
    w = generate_world(tmp_path / "p", seed=2, scale="5000", shipments_format="parquet")
    assert w.inputs[4].name == "declarations.parquet"
    # Re-write with a small chunk: one row group per chunk, same row count.
    rng = random.Random(2)
    cast = build_world_cast(rng, Sizes.for_rows(5000))
    lanes = build_lanes(rng, cast)
    target = tmp_path / "chunked.parquet"
    n = write_shipments(
        target,
        tmp_path / "truth.parquet",
        chunks(lanes, list(cast.all()), 2, 5000, chunk=1000),
        "parquet",
    )
    meta = pq.ParquetFile(target).metadata
    assert n == meta.num_rows == 5000 and meta.num_row_groups == 5
    table = pq.read_table(target)
    assert pc.count_distinct(table["Номер декларации"]).as_py() == 5000
    assert set(table["Примечание"].to_pylist()) == {"синтетическая запись (dualtrace)"}


def test_planted_diversions_grow_after_the_control(world: World) -> None:
    truth = pq.read_table(world.root / "truth" / "shipments.parquet").to_pylist()
    rows = pq.read_table(world.root / "truth" / "shipments.parquet")
    assert rows.num_rows == world.rows == 2_000
    after = Counter()
    total = Counter()
    for r in truth:
        ddmmyy = r["declaration"].split("/")[1]
        month, year = ddmmyy[2:4], ddmmyy[4:]
        late = (int(year), int(month)) >= (23, 9)
        total[r["kind"]] += 1
        after[r["kind"]] += late
    assert after["diversion"] / total["diversion"] > 0.8
    assert after["direct"] / total["direct"] < 0.4
    paths = json.loads((world.root / "truth" / "paths.json").read_text())
    diversions = [p for p in paths if p["kind"] == "diversion"]
    parties = {
        e["entity"]: e for e in json.loads((world.root / "truth" / "entities.json").read_text())
    }
    for p in diversions:
        maker, hub, user = (parties[k] for k in p["path"])
        assert maker["role"] == "production_site" and hub["role"] == "intermediary"
        assert user["end_use"] in {"military", "military_linked"}


def test_truth_entities(world: World) -> None:
    entities = json.loads((world.root / "truth" / "entities.json").read_text())
    roles = Counter(e["role"] for e in entities)
    assert {"maker", "production_site", "distributor", "intermediary", "importer"} <= set(roles)
    assert {e["end_use"] for e in entities} == {"military", "military_linked", "civilian"}
    assert {e["country"] for e in entities} >= {"cn", "hk", "ru", "kz", "tr"}
    checked = 0
    for e in entities:
        for prop, value in e["identifiers"].items():
            assert clean_identifier(prop, value) == value
            checked += 1
    assert checked > 30
    groups: dict[str, list[dict[str, str]]] = {}
    for e in entities:
        if e["shell_group"]:
            groups.setdefault(e["shell_group"], []).append(e)
    assert groups and all(len(g) >= 2 for g in groups.values())
    for g in groups.values():
        assert len({e["address"] for e in g}) == 1 and len({e["director"] for e in g}) == 1
    sanctioned = json.loads((world.root / "truth" / "sanctioned.json").read_text())
    assert sanctioned
    names = json.loads((world.root / "truth" / "same_entity.json").read_text())
    spelled = {k: {m["written"] for m in v} for k, v in names.items()}
    assert any(len(v) >= 2 for v in spelled.values())


def test_every_file_is_labelled_synthetic(world: World) -> None:
    root = world.root
    sdn = (root / "sanctions/ofac/sdn.csv").read_text(encoding="utf-8").splitlines()
    assert all(SYNTHETIC in line for line in sdn if line.strip("\x1a"))
    assert (root / "sanctions/eu.xml").read_text().count(SYNTHETIC) == (
        root / "sanctions/eu.xml"
    ).read_text().count("<sanctionEntity ")
    for name in ("registry/cn_companies.csv", "invoices.csv", "comtrade/cn_exports.csv"):
        lines = (root / name).read_text(encoding="utf-8").splitlines()[1:]
        assert lines and all(SYNTHETIC in line for line in lines), name
    customs = (root / "customs/declarations.csv").read_text(encoding="utf-8-sig").splitlines()
    assert len(customs) == 2_001 and all("синтетическая запись" in line for line in customs[1:])


def test_files_parse_with_the_registered_parsers(world: World, workspace: Workspace) -> None:
    missing = []
    flights = json.loads((world.root / "truth" / "flights.json").read_text())
    planted = {flights["file"]: len(flights["rejects"])}
    assert planted[flights["file"]] == 1
    for path in world.inputs:
        try:
            detect(path)
        except SourceError:
            missing.append(str(path.relative_to(world.root)))
            continue
        result = ingest_path(workspace, path)
        rel = str(path.relative_to(world.root))
        assert result.n_rejected == planted.get(rel, 0), (path, result)
        assert result.n_records > 0
    assert "sanctions/ofac" not in missing
    if missing:
        pytest.skip(f"no parser registered yet for: {', '.join(missing)}")


def test_cli_writes_a_world_and_the_seed_case(tmp_path: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(app, ["synth", str(tmp_path / "w"), "--seed", "4", "--json"])
    assert result.exit_code == 0, result.output
    summary = json.loads(result.output)
    assert summary["rows"] == 2_000 and (tmp_path / "w" / summary["inputs"][0]).is_dir()
    result = runner.invoke(app, ["synth", str(tmp_path / "s"), "--seed-case", "--json"])
    assert result.exit_code == 0, result.output
    assert "truth/findings.json" in json.loads(result.output)["truth"]
