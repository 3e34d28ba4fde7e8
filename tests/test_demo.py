"""The built-in investigation, end to end: the seed case's raw files go through every stage and
the dossier finds what was reported, with evidence (truth from the generator's truth/)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest

from dualtrace.normalize.names import name_key
from dualtrace.pipeline import DemoRun
from dualtrace.risk import stored_flags
from dualtrace.store import Workspace, open_workspace


@pytest.fixture(scope="module")
def truth(demo: DemoRun) -> dict[str, Any]:
    folder = demo.workspace / "inputs" / "seed-case" / "truth"
    return {p.stem: json.loads(p.read_text(encoding="utf-8")) for p in folder.glob("*.json")}


@pytest.fixture
def ws(demo: DemoRun) -> Iterator[Workspace]:
    workspace = open_workspace(demo.workspace)
    yield workspace
    workspace.close()


def _canonical_of(ws: Workspace, truth: dict[str, Any], key: str) -> set[str]:
    """The resolved entities carrying any of the names the truth gives for `key`."""
    [entity] = [e for e in truth["entities"] if e["entity"] == key]
    keys = {name_key(n) for n in entity["names"]} - {""}
    found = set()
    for cid, names in ws.db.execute(
        "SELECT canonical_id, names FROM canonical_entities"
    ).fetchall():
        if keys & {name_key(n) for n in names}:
            found.add(cid)
    return found


def test_every_input_is_recognised_and_nothing_rejected(demo: DemoRun) -> None:
    assert len(demo.inputs) == 8
    for result in demo.inputs:
        assert result.n_rejected == 0, result
        assert result.n_read == result.n_records > 0


def test_the_dossier_is_written_and_cites_records(demo: DemoRun) -> None:
    html = demo.investigation.dossier.read_text(encoding="utf-8")
    assert "Evidence cited" in html and "synthetic" in html
    for finding in demo.investigation.findings:
        assert all(sentence.cites for sentence in finding.sentences)


def _finding(demo: DemoRun, key: str) -> list[str]:
    [finding] = [f for f in demo.investigation.findings if f.key == key]
    return [s.text for s in finding.sentences]


def test_paths_from_production_sites_reach_the_training_centres(
    demo: DemoRun, ws: Workspace, truth: dict[str, Any]
) -> None:
    text = "\n".join(_finding(demo, "military-end-users"))
    for centre in ("pustelga", "shubba"):
        assert _canonical_of(ws, truth, centre), centre
        captions = {
            r[0]
            for r in ws.db.execute(
                "SELECT caption FROM canonical_entities WHERE canonical_id IN "
                f"({','.join('?' * len(_canonical_of(ws, truth, centre)))})",
                list(_canonical_of(ws, truth, centre)),
            ).fetchall()
        }
        assert any(c in text for c in captions), (centre, captions)
    assert "military end use" in text


def test_military_use_posts_are_flagged_on_the_training_centres(
    demo: DemoRun, ws: Workspace, truth: dict[str, Any]
) -> None:
    for centre in ("pustelga", "shubba"):
        codes = {f.code for cid in _canonical_of(ws, truth, centre) for f in stored_flags(ws, cid)}
        assert "military_use_posts" in codes, centre


def _caption(ws: Workspace, truth: dict[str, Any], key: str) -> str:
    [cid] = _canonical_of(ws, truth, key)
    row = ws.db.execute(
        "SELECT caption FROM canonical_entities WHERE canonical_id = ?", [cid]
    ).fetchone()
    assert row is not None
    return str(row[0])


def test_aee_to_vektor_to_kupol_with_the_invoice(
    demo: DemoRun, ws: Workspace, truth: dict[str, Any]
) -> None:
    sentences = _finding(demo, "sanctioned-end-users")
    aee, vektor, kupol = (_caption(ws, truth, k) for k in ("aee", "vektor", "kupol"))
    assert f"Path: {aee} → {vektor} → {kupol}." in sentences
    expected = truth["findings"]["aee_vektor_kupol"]
    invoice = [s for s in sentences if s.startswith(f"{vektor} paid {aee}")]
    assert invoice and f"{int(expected['invoice_amount']):,} CNY" in invoice[0]


def test_kupol_and_vektor_are_sanctioned(ws: Workspace, truth: dict[str, Any]) -> None:
    for key in ("kupol", "vektor"):
        codes = {f.code for cid in _canonical_of(ws, truth, key) for f in stored_flags(ws, cid)}
        assert "sanctioned" in codes, key


def test_co_travel_links_the_executives_firms(ws: Workspace, truth: dict[str, Any]) -> None:
    codes = {f.code for cid in _canonical_of(ws, truth, "haotianyi") for f in stored_flags(ws, cid)}
    assert "co_travel" in codes


def test_trade_figures_and_the_shift_after_the_control(
    demo: DemoRun, truth: dict[str, Any]
) -> None:
    expected = truth["findings"]["trade"]
    text = "\n".join(_finding(demo, "trade"))
    assert f"Russia worth ${expected['cn_ru_2023h1_usd'] / 1e6:,.2f} million" in text
    assert f"Ukraine worth ${expected['cn_ua_2023h1_usd'] / 1e3:,.0f} thousand" in text
    assert "Around the control of 2023-09-01" in text
    before = expected["ru_monthly_before_usd"] / 1e6
    assert f"${before:,.2f} million a month" in text or f"{before:,.2f}" in text
