from __future__ import annotations

from pathlib import Path

from dualtrace.store import Workspace
from dualtrace.store.entities import stored_entity
from tests.world import plant_world


def test_an_entity_with_its_statements_and_relations(workspace: Workspace, tmp_path: Path) -> None:
    plant_world(workspace, tmp_path)
    vektor = stored_entity(workspace, "vektor", max_relations=10)
    assert vektor is not None
    assert vektor.properties["innCode"] == ["7707083893"]
    assert vektor.datasets == ["evidence"]
    by_type = {(r.type, r.outgoing, r.other_id) for r in vektor.relations}
    assert ("paid", True, "aee") in by_type and ("shipped", True, "kupol") in by_type
    assert ("represents", False, "exec-v") in by_type
    assert vektor.relations_total == len(vektor.relations) == 3
    assert [r.other_caption for r in vektor.relations if r.other_id == "aee"] == ["Sichuan AEE"]


def test_limits_and_unknown_entities(workspace: Workspace, tmp_path: Path) -> None:
    plant_world(workspace, tmp_path)
    vektor = stored_entity(workspace, "vektor", max_relations=1)
    assert vektor is not None and len(vektor.relations) == 1 and vektor.relations_total == 3
    assert stored_entity(workspace, "nobody", max_relations=10) is None
