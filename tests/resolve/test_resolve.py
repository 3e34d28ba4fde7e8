"""Resolution on small worlds written in the test: identifiers decide, conflicts never merge,
names merge across scripts and legal forms, analysts' decisions survive re-runs."""

from __future__ import annotations

from pathlib import Path

import pytest

from dualtrace.errors import DualtraceError
from dualtrace.resolve import explain_pair, record_decision, resolve_workspace
from dualtrace.store import Workspace
from tests.helpers import canonical, entity_batch, ingest_inline


@pytest.fixture
def world(workspace: Workspace, tmp_path: Path) -> Workspace:
    ingest_inline(
        workspace,
        tmp_path,
        "list",
        entity_batch(
            "list",
            {
                "kupol": (
                    "Company",
                    {
                        "name": "IEMZ KUPOL JSC",
                        "innCode": "1831083343",
                        "ogrnCode": "1021801143374",
                    },
                ),
                "branch-a": ("Organization", {"name": "AL-HARAMAIN FOUNDATION"}),
                "branch-b": ("Organization", {"name": "Al Haramain Foundation"}),
                "parent": ("Company", {"name": "Parent Bank", "innCode": "7736050003"}),
                "branch": ("Company", {"name": "Parent Bank Minsk", "innCode": "7736050003"}),
            },
        ),
        mode="replace",
    )
    ingest_inline(
        workspace,
        tmp_path,
        "customs",
        entity_batch(
            "customs",
            {
                "c1": ("Company", {"name": "АО «ИЭМЗ Купол»", "innCode": "1831083343"}),
                "c2": ("Company", {"name": "ООО «Пустельга»", "country": "ru"}),
                "c3": ("Company", {"name": "Pustelga LLC", "country": "ru"}),
                "c4": ("Company", {"name": "OOO Pustel'ga", "innCode": "7707083893"}),
                "c5": ("Company", {"name": "Pustelga", "innCode": "7736050003"}),
                "p1": ("Person", {"name": "Pustelga"}),
            },
        ),
    )
    resolve_workspace(workspace)
    return workspace


def test_equal_valid_identifiers_decide(world: Workspace) -> None:
    assert canonical(world, "kupol") == canonical(world, "c1")


def test_names_merge_across_script_and_legal_form(world: Workspace) -> None:
    assert canonical(world, "c2") == canonical(world, "c3")


def test_conflicting_valid_identifiers_never_merge(world: Workspace) -> None:
    assert canonical(world, "c4") != canonical(world, "c5")
    # and only one of the two can join the identifier-less spellings
    joined = {canonical(world, "c2")} & {canonical(world, "c4"), canonical(world, "c5")}
    assert len(joined) <= 1


def test_a_person_never_merges_with_a_company(world: Workspace) -> None:
    assert canonical(world, "p1") not in {canonical(world, e) for e in ("c2", "c3", "c4", "c5")}


def test_entries_of_one_list_stay_apart_on_names_alone(world: Workspace) -> None:
    assert canonical(world, "branch-a") != canonical(world, "branch-b")
    why = explain_pair(world, "branch-a", "branch-b")
    assert not why.same_entity
    assert any("keeps its entries apart" in line for line in why.evidence_against)


def test_a_shared_number_does_not_merge_two_entries_of_one_list(world: Workspace) -> None:
    assert canonical(world, "parent") != canonical(world, "branch")


def test_explain_gives_the_reasons(world: Workspace) -> None:
    why = explain_pair(world, "kupol", "c1")
    assert why.same_entity
    assert any("innCode" in line for line in why.evidence_for)
    assert {member for member, _ in why.path} >= {"kupol", "c1"}
    apart = explain_pair(world, "c4", "c5")
    assert not apart.same_entity
    assert any("different valid innCode" in line for line in apart.evidence_against)


def test_decisions_are_kept_and_applied_on_every_run(world: Workspace) -> None:
    assert canonical(world, "c2") == canonical(world, "c3")
    record_decision(world, "c2", "c3", "not_same", "analyst-1", "different addresses")
    resolve_workspace(world)
    assert canonical(world, "c2") != canonical(world, "c3")
    record_decision(world, "branch-a", "branch-b", "same", "analyst-2")
    resolve_workspace(world)
    assert canonical(world, "branch-a") == canonical(world, "branch-b")
    record_decision(world, "c2", "c3", "retracted", "analyst-1")
    resolve_workspace(world)
    assert canonical(world, "c2") == canonical(world, "c3")
    assert world.db.execute("SELECT count(*) FROM decisions").fetchone() == (3,)


def test_a_decision_needs_known_entities(world: Workspace) -> None:
    with pytest.raises(DualtraceError, match="unknown entity"):
        record_decision(world, "c2", "nobody", "same", "analyst-1")


def test_canonical_entities_carry_names_and_sources(world: Workspace) -> None:
    row = world.db.execute(
        "SELECT schema, names, datasets, members FROM canonical_entities WHERE canonical_id = ?",
        [canonical(world, "kupol")],
    ).fetchone()
    assert row is not None
    schema, names, datasets, members = row
    assert schema == "Company" and members == 2
    assert set(datasets) == {"list", "customs"}
    assert {"IEMZ KUPOL JSC", "АО «ИЭМЗ Купол»"} <= set(names)
