"""The OFAC legacy CSV parser on the real 2021 SDN files and the 2025 consolidated files."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from dualtrace.errors import SourceError
from dualtrace.store import Workspace, ingest_path


def _props(ws: Workspace, entity_id: str) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for prop, value in ws.db.execute(
        "SELECT prop, value FROM current_statements WHERE entity_id = ?", [entity_id]
    ).fetchall():
        out.setdefault(prop, set()).add(value)
    return out


def test_sdn_2021_counts_reconcile(workspace: Workspace, shared_data: Path) -> None:
    folder = shared_data / "sanctions" / "ofac-sdn-2021"
    result = ingest_path(workspace, folder)
    assert result.format == "ofac-csv" and result.dataset == "us_ofac_sdn"
    # sdn.csv holds 8,976 entries; its 8,977th "line" is the DOS end-of-file mark (0x1A).
    entries = workspace.db.execute(
        "SELECT count(*) FROM current_records WHERE locator LIKE 'sdn.csv %'"
    ).fetchone()
    assert entries == (8976,)
    lines = sum(
        sum(1 for line in (folder / name).read_bytes().splitlines() if line.strip(b"\x1a\r\n"))
        for name in ("sdn.csv", "alt.csv", "add.csv", "sdn_comments.csv")
    )
    assert result.n_read == result.n_records + result.n_rejected == lines
    assert result.n_rejected == 0


def test_sdn_entries_keep_names_aliases_and_remarks(
    workspace: Workspace, shared_data: Path
) -> None:
    ingest_path(workspace, shared_data / "sanctions" / "ofac-sdn-2021")
    cuba_bank = _props(workspace, "us_ofac_sdn-306")
    assert cuba_bank["name"] == {"BANCO NACIONAL DE CUBA"}
    assert "NATIONAL BANK OF CUBA" in cuba_bank["alias"]
    assert "Zweierstrasse 35, Zurich CH-8022, Switzerland" in cuba_bank["address"]
    program = workspace.db.execute(
        "SELECT props->>'program' FROM current_relations WHERE source_id = 'us_ofac_sdn-306'"
    ).fetchall()
    assert program == [("CUBA",)]


def test_consolidated_identifiers_come_from_remarks(
    workspace: Workspace, shared_data: Path
) -> None:
    ingest_path(workspace, shared_data / "sanctions" / "ofac-consolidated-2025")
    gazprombank = _props(workspace, "us_ofac_cons-17016")
    assert gazprombank["innCode"] == {"7744001497"}
    assert gazprombank["ogrnCode"] == {"1027700167110"}
    assert gazprombank["leiCode"] == {"253400WSS48YWMBUA688"}
    assert gazprombank["swiftBic"] == {"GAZPRUMM"}


def test_same_content_twice_stores_nothing(workspace: Workspace, shared_data: Path) -> None:
    folder = shared_data / "sanctions" / "ofac-consolidated-2025"
    first = ingest_path(workspace, folder)
    before = workspace.db.execute("SELECT count(*) FROM statements").fetchone()
    second = ingest_path(workspace, folder / "cons_prim.csv")
    assert second.unchanged and second.ingest_id == first.ingest_id
    assert workspace.db.execute("SELECT count(*) FROM statements").fetchone() == before


def test_a_newer_version_supersedes_and_keeps_the_old(
    workspace: Workspace, shared_data: Path, tmp_path: Path
) -> None:
    original = shared_data / "sanctions" / "ofac-consolidated-2025"
    edited = tmp_path / "cons-next"
    shutil.copytree(original, edited)
    prim = edited / "cons_prim.csv"
    lines = prim.read_bytes().splitlines(keepends=True)
    entries = [line for line in lines if line[:1].isdigit()]
    prim.write_bytes(b"".join(lines[1:]))  # the next version drops the first entry
    first = ingest_path(workspace, original)
    second = ingest_path(workspace, edited)
    assert second.superseded == (first.ingest_id,)
    current = workspace.db.execute(
        "SELECT count(*) FROM current_records WHERE locator LIKE 'cons_prim.csv %'"
    ).fetchone()
    assert current == (len(entries) - 1,)
    kept = workspace.db.execute(
        "SELECT count(*) FROM records WHERE ingest_id = ?", [first.ingest_id]
    ).fetchone()
    assert kept == (first.n_records,)


def test_malformed_files_fail_with_the_line_and_change_nothing(
    workspace: Workspace, shared_data: Path
) -> None:
    ingest_path(workspace, shared_data / "sanctions" / "ofac-consolidated-2025")
    before = workspace.db.execute(
        "SELECT (SELECT count(*) FROM records), (SELECT count(*) FROM statements), "
        "(SELECT count(*) FROM ingests)"
    ).fetchone()
    raw_before = sorted(p.name for p in workspace.raw_dir.iterdir())
    with pytest.raises(SourceError, match=r"malformed-ofac/\w+\.csv:line \d+: "):
        ingest_path(workspace, shared_data / "sanctions" / "malformed-ofac")
    after = workspace.db.execute(
        "SELECT (SELECT count(*) FROM records), (SELECT count(*) FROM statements), "
        "(SELECT count(*) FROM ingests)"
    ).fetchone()
    assert after == before
    assert sorted(p.name for p in workspace.raw_dir.iterdir()) == raw_before


def test_originals_are_kept_by_sha256(workspace: Workspace, shared_data: Path) -> None:
    folder = shared_data / "sanctions" / "ofac-consolidated-2025"
    ingest_path(workspace, folder)
    files = workspace.db.execute("SELECT sha256, name, raw_path FROM files").fetchall()
    assert {name for _, name, _ in files} == {p.name for p in folder.iterdir()}
    for sha, name, raw_path in files:
        assert (workspace.root / raw_path).read_bytes() == (folder / name).read_bytes()
        assert raw_path.endswith(sha)
