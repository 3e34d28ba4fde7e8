from __future__ import annotations

from pathlib import Path

from dualtrace.store import Workspace, ingest_path
from dualtrace.store.entities import stored_entity
from tests.sources.trade.test_customs import ROWS, write_csv
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


def test_a_shipment_relation_lists_only_the_values_its_row_gave(
    workspace: Workspace, tmp_path: Path
) -> None:
    # The `shipped` relation is read from the typed row, which names every property; the
    # ones the declaration left empty are not shown as nulls.
    ingest_path(workspace, write_csv(tmp_path / "dt.csv", ROWS))
    (sender,) = workspace.db.execute("SELECT any_value(sender_id) FROM shipments").fetchone() or (
        "",
    )
    entity = stored_entity(workspace, sender, max_relations=50)
    assert entity is not None
    shipped = [r for r in entity.relations if r.type == "shipped"]
    assert shipped and all(r.outgoing for r in shipped)
    for relation in shipped:
        assert None not in relation.props.values()
        assert relation.props["hs_code"].isdigit() and "port_of_loading" not in relation.props
