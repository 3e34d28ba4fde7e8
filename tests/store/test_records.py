"""Records by id: rows stored as records and rows of a customs table stored as cells are
found alike, in one query, with the raw values and locator the file gave."""

from __future__ import annotations

import json
from pathlib import Path

from dualtrace.report.citations import CitationIndex
from dualtrace.store import Workspace, ingest_path
from dualtrace.store.records import find_records
from tests.sources.ledger.test_ledger import INVOICES
from tests.sources.trade.test_customs import ROWS, write_csv


def test_stored_and_tabled_records_are_found_by_id(workspace: Workspace, tmp_path: Path) -> None:
    invoices = tmp_path / "invoices.csv"
    invoices.write_text(INVOICES, encoding="utf-8")
    ingest_path(workspace, invoices)
    ingest_path(workspace, write_csv(tmp_path / "dt.csv", ROWS))
    (invoice_id,) = workspace.db.execute(
        "SELECT record_id FROM stored_records WHERE raw->>'invoice_number' = 'INV-2023-001'"
    ).fetchone() or ("",)
    customs_id, line = workspace.db.execute(
        "SELECT record_id, line FROM shipments s JOIN table_rows t "
        "ON s.record_id = 'ru_customs_import:dt.csv:' || t.line ORDER BY line DESC LIMIT 1"
    ).fetchone() or ("", 0)
    found = find_records(workspace.db, [invoice_id, customs_id, "no-such-record", customs_id])
    assert set(found) == {invoice_id, customs_id}
    assert json.loads(found[invoice_id].raw)["seller"] == "Shenzhen Skyfly Co. Ltd"
    customs = found[customs_id]
    assert customs.locator == f"dt.csv line {line}"
    assert customs.source == "ru_customs_import"
    (expected,) = workspace.db.execute(
        "SELECT raw::VARCHAR FROM current_records WHERE record_id = ?", [customs_id]
    ).fetchone() or ("",)
    assert json.loads(customs.raw) == json.loads(expected)
    assert len(json.loads(customs.raw)) == len(ROWS[0])


def test_citations_number_records_in_first_cited_order(
    workspace: Workspace, tmp_path: Path
) -> None:
    ingest_path(workspace, write_csv(tmp_path / "dt.csv", ROWS))
    rows = workspace.db.execute("SELECT record_id FROM shipments ORDER BY 1").fetchall()
    ids = [r for (r,) in rows]
    cites = CitationIndex(workspace)
    assert cites.cite([ids[1], ids[0], ids[1]]) == [1, 2]
    assert cites.cite([ids[0], "missing"]) == [2, 3]
    first, _, missing = cites.all()
    assert first.record_id == ids[1] and first.locator.startswith("dt.csv line ")
    assert first.files and first.files[0][0] == "dt.csv"
    assert missing.locator == "record not found"
