from __future__ import annotations

from pathlib import Path

import pytest

from dualtrace.graph import build_graph
from dualtrace.resolve import resolve_workspace
from dualtrace.risk import flag_workspace, load_rules, stored_flags
from dualtrace.store import Workspace
from tests.world import plant_world


@pytest.fixture
def flagged(workspace: Workspace, tmp_path: Path) -> Workspace:
    plant_world(workspace, tmp_path)
    resolve_workspace(workspace)
    flag_workspace(workspace, build_graph(workspace), load_rules(), as_of="2025-01-01")
    return workspace


def _codes(ws: Workspace, entity_id: str) -> dict[str, tuple[str, ...]]:
    row = ws.db.execute(
        "SELECT canonical_id FROM resolved WHERE entity_id = ?", [entity_id]
    ).fetchone()
    assert row
    return {f.code: f.evidence for f in stored_flags(ws, row[0])}


def test_sanctioned_parties_resolve_across_sources(flagged: Workspace) -> None:
    codes = _codes(flagged, "kupol")
    assert "sanctioned" in codes
    assert codes["sanctioned"] == ("list:rel1",)


def test_fifty_percent_rule_in_aggregate_and_through_chains(flagged: Workspace) -> None:
    assert "sanctioned_ownership" in _codes(flagged, "holding")
    assert "sanctioned_ownership" in _codes(flagged, "sub")


def test_fifty_percent_rule_respects_the_date(workspace: Workspace, tmp_path: Path) -> None:
    plant_world(workspace, tmp_path)
    resolve_workspace(workspace)
    flag_workspace(workspace, build_graph(workspace), load_rules(), as_of="2023-01-01")
    assert "sanctioned_ownership" not in _codes(workspace, "holding")


def test_proximity_cites_the_link(flagged: Workspace) -> None:
    codes = _codes(flagged, "aee")
    assert "sanctions_proximity" in codes
    assert codes["sanctions_proximity"] == ("evidence:rel3",)


def test_military_end_use_from_posts_and_activity_codes(flagged: Workspace) -> None:
    assert "military_use_posts" in _codes(flagged, "trainer")
    assert "military_activity_code" in _codes(flagged, "importer")


def test_additional_activity_codes_count(flagged: Workspace) -> None:
    """An OKVED code held among the additional ones (EGRUL's СвОКВЭДДоп, a certificate's
    registration details) is as much a statement of activity as the main one."""
    assert "military_activity_code" in _codes(flagged, "plant")


def test_greeting_servicemen_next_to_an_advert_is_not_end_use(flagged: Workspace) -> None:
    """The shop's post greets servicemen and advertises a drone in another sentence."""
    assert "military_use_posts" not in _codes(flagged, "shop")


def test_hub_new_intermediary_and_misdeclared_goods(flagged: Workspace) -> None:
    shell = _codes(flagged, "shell-kz")
    assert {"transshipment_hub", "new_intermediary", "misdeclared_goods"} <= set(shell)
    assert "controlled_goods" in _codes(flagged, "site-a")


def test_co_travel_with_a_sanctioned_firms_executive(flagged: Workspace) -> None:
    codes = _codes(flagged, "haotianyi")
    assert "co_travel" in codes and codes["co_travel"] == ("evidence:rel12",)


def test_unflagged_entities_stay_clean(flagged: Workspace) -> None:
    assert _codes(flagged, "post-1") == {}
