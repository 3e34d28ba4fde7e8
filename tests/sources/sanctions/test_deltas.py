"""Versions of a list: a newer one supersedes, `lists diff` tells what changed, the same twice
changes nothing. The newer versions are the real files with named edits made here."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from dualtrace.cli import app
from dualtrace.store import Workspace, ingest_path
from dualtrace.store.deltas import diff_ingests, latest_delta
from tests.sources.sanctions.helpers import snapshot

UN_FILE = "sanctions/un/UN_consolidated-2026-02-27.xml"


def _next_un_version(shared_data: Path, tmp_path: Path) -> Path:
    """The UN list without ERIC BADEGE (6907993), with an alias renamed, a new entity and a
    delisting: one of each kind of change."""
    text = (shared_data / UN_FILE).read_text(encoding="utf-8")
    start = text.index("<INDIVIDUAL>")
    end = text.index("</INDIVIDUAL>", start) + len("</INDIVIDUAL>")
    text = text[:start] + text[end:]
    text = text.replace(
        "<ALIAS_NAME>Allied Democratic Forces</ALIAS_NAME>",
        "<ALIAS_NAME>Allied Democratic Forces (ADF)</ALIAS_NAME>",
    )
    text = text.replace(
        "<REFERENCE_NUMBER>CDe.002</REFERENCE_NUMBER>",
        "<REFERENCE_NUMBER>CDe.002</REFERENCE_NUMBER>\n      <DELISTED_ON>2026-03-01</DELISTED_ON>",
    )
    added = (
        "<ENTITY><DATAID>9999999</DATAID><FIRST_NAME>NEW TRADING LLC</FIRST_NAME>"
        "<UN_LIST_TYPE>DPRK</UN_LIST_TYPE><LISTED_ON>2026-03-02</LISTED_ON></ENTITY>\n"
    )
    text = text.replace("</ENTITIES>", added + "</ENTITIES>")
    path = tmp_path / "UN_consolidated-next.xml"
    path.write_text(text, encoding="utf-8")
    return path


def test_newer_version_records_added_removed_changed(
    workspace: Workspace, shared_data: Path, tmp_path: Path
) -> None:
    first = ingest_path(workspace, shared_data / UN_FILE)
    second = ingest_path(workspace, _next_un_version(shared_data, tmp_path))
    assert second.superseded == (first.ingest_id,)
    delta = latest_delta(workspace, "un_sc_sanctions")
    assert delta is not None and (delta.old_ingest, delta.new_ingest) == (1, 2)
    assert (delta.added, delta.removed, delta.changed) == (1, 1, 2)
    assert delta.unchanged == 1003 - 1 - 2
    by_id = {c.entity_id: c for c in delta.entities}
    assert by_id["un_sc_sanctions-9999999"].change == "added"
    assert by_id["un_sc_sanctions-6907993"].change == "removed"
    assert by_id["un_sc_sanctions-6907993"].name == "ERIC BADEGE"
    adf = by_id["un_sc_sanctions-6908402"]
    assert adf.added == {"name": ["Allied Democratic Forces (ADF)"]}
    assert adf.removed == {"name": ["Allied Democratic Forces"]}
    assert by_id["un_sc_sanctions-6908024"].added == {"delisted": ["2026-03-01"]}
    # The reverse comparison mirrors it.
    back = diff_ingests(workspace, second.ingest_id, first.ingest_id)
    assert (back.added, back.removed, back.changed) == (1, 1, 2)


def test_same_file_twice_changes_nothing(workspace: Workspace, shared_data: Path) -> None:
    first = ingest_path(workspace, shared_data / UN_FILE)
    before = snapshot(workspace)
    again = ingest_path(workspace, shared_data / UN_FILE)
    assert again.unchanged and again.ingest_id == first.ingest_id
    assert snapshot(workspace) == before
    assert latest_delta(workspace, "un_sc_sanctions") is None


def test_cli_ingest_prints_the_delta_and_lists_diff_shows_it(
    shared_data: Path, tmp_path: Path
) -> None:
    runner = CliRunner()
    ws = str(tmp_path / "ws")
    assert runner.invoke(app, ["init", ws]).exit_code == 0
    newer = _next_un_version(shared_data, tmp_path)
    result = runner.invoke(app, ["ingest", "-w", ws, str(shared_data / UN_FILE), str(newer)])
    assert result.exit_code == 0, result.output
    assert "delta: un_sc_sanctions ingest 1 -> 2: 1 added, 1 removed, 2 changed" in result.output
    shown = runner.invoke(app, ["lists", "diff", "un_sc_sanctions", "-w", ws])
    assert shown.exit_code == 0, shown.output
    assert "removed  un_sc_sanctions-6907993 ERIC BADEGE" in shown.output
    as_json = runner.invoke(app, ["lists", "diff", "-w", ws, "--json"])
    assert '"changed": 2' in as_json.output
