"""Every seed-case file goes through dualtrace's own parsers: recognised, nothing rejected."""

from __future__ import annotations

from pathlib import Path

import pytest

from dualtrace.errors import SourceError
from dualtrace.sources.registry import detect
from dualtrace.store import Workspace, ingest_path
from dualtrace.synth.seedcase import SeedCase, write_seed_case

# The format each seed-case input must be recognised as (by content), by its relative path.
EXPECTED = {
    "sanctions": "ofac-csv",
    "certificates": "fsa-json",
    "customs/declarations_2022_2024.csv": "customs",
    "comtrade/cn_exports_8806_2022_2024.csv": "comtrade",
    "telegram/pustelga/result.json": "telegram-json",
    "telegram/shubba/result.json": "telegram-json",
    "invoices.csv": "invoices",
    "flights.csv": "flight-manifest",
}


@pytest.fixture(scope="module")
def case(tmp_path_factory: pytest.TempPathFactory) -> SeedCase:
    return write_seed_case(tmp_path_factory.mktemp("seed") / "case")


def _recognised(path: Path) -> str | None:
    try:
        fmt, _ = detect(path)
    except SourceError:
        return None
    return fmt.name


@pytest.mark.parametrize("rel", list(EXPECTED))
def test_each_input_is_recognised_and_ingested_whole(
    case: SeedCase, workspace: Workspace, rel: str
) -> None:
    path = case.root / rel
    name = _recognised(path)
    if name is None:
        pytest.skip(f"no parser registered yet that recognises {rel} ({EXPECTED[rel]} format)")
    assert name == EXPECTED[rel], name
    result = ingest_path(workspace, path)
    assert result.n_rejected == 0
    assert result.n_read == result.n_records > 0


def test_kupol_from_the_generated_list_carries_its_reported_identifiers(
    case: SeedCase, workspace: Workspace
) -> None:
    result = ingest_path(workspace, case.root / "sanctions")
    assert result.format == "ofac-csv" and result.n_rejected == 0
    props: dict[str, set[str]] = {}
    for prop, value in workspace.db.execute(
        "SELECT prop, value FROM current_statements WHERE entity_id = 'us_ofac_sdn-50001'"
    ).fetchall():
        props.setdefault(prop, set()).add(value)
    assert props["innCode"] == {"1831083343"} and props["ogrnCode"] == {"1021801143374"}
    assert "IEMZ KUPOL" in props["alias"]
    assert any("reported fact (report B)" in n for n in props["notes"])
    vektor_inn = workspace.db.execute(
        "SELECT value FROM current_statements WHERE entity_id = 'us_ofac_sdn-50002' "
        "AND prop = 'innCode'"
    ).fetchall()
    assert len(vektor_inn) == 1  # generated, and valid: the parser keeps only valid INNs
    programs = workspace.db.execute(
        "SELECT DISTINCT props->>'program' FROM current_relations "
        "WHERE type = 'sanctioned' AND source_id IN ('us_ofac_sdn-50001', 'us_ofac_sdn-50002')"
    ).fetchall()
    assert programs == [("RUSSIA-EO14024",)]
    entries = workspace.db.execute(
        "SELECT count(*) FROM current_records WHERE locator LIKE 'sdn.csv %'"
    ).fetchone()
    assert entries == (302,)
