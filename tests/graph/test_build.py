from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from dualtrace.graph import build_graph, date_key
from dualtrace.graph.store import graph_dir
from dualtrace.resolve import resolve_workspace
from dualtrace.store import Workspace, ingest_path
from dualtrace.synth.world import generate_world
from tests.world import plant_world


def test_the_graph_is_stored_and_reused_until_the_resolution_changes(
    workspace: Workspace, tmp_path: Path
) -> None:
    plant_world(workspace, tmp_path)
    resolve_workspace(workspace)
    first = build_graph(workspace)
    assert (graph_dir(workspace) / "edges.arrow").is_file()
    again = build_graph(workspace)
    assert again.ids == first.ids and again.edge_count == first.edge_count
    # every relation is one edge citing its record; the authority is marked, not linked
    assert {e.record_id for e in again.edges()} >= {"list:rel1", "evidence:rel3"}
    assert again.node("authority").is_authority
    merged = first.node_count
    workspace.db.execute("DELETE FROM resolved")
    rebuilt = build_graph(workspace)
    # unresolved, every source entity is its own node again: the stored graph was stale
    assert rebuilt.node_count > merged and rebuilt.has("kupol") and rebuilt.has("kupol-l")


def test_date_keys_compare_prefixes_without_parsing() -> None:
    assert date_key("2023-03") == 20230300 and date_key("2023-03", high=True) == 20230399
    assert date_key(None) == 0 and date_key(None, high=True) == 99_999_999
    assert date_key("2023-03-14") == date_key("2023-03-14", high=True) == 20230314


@pytest.fixture(scope="module")
def world_graph(tmp_path_factory: pytest.TempPathFactory) -> tuple[Workspace, Path]:
    from dualtrace.store import init_workspace

    root = tmp_path_factory.mktemp("world")
    world = generate_world(root / "raw", seed=5, scale="tiny")
    ws = init_workspace(root / "ws")
    for path in world.inputs:
        ingest_path(ws, path)
    resolve_workspace(ws)
    return ws, root


def test_declarations_naming_a_maker_link_it_to_the_sender(
    world_graph: tuple[Workspace, Path],
) -> None:
    ws, _ = world_graph
    eg = build_graph(ws)
    supplied = eg.edges_of_type("supplied")
    assert supplied
    # each supply edge cites a declaration naming that maker and sent by that sender
    for edge in supplied[:20]:
        row = ws.db.execute(
            """
            SELECT coalesce(m.canonical_id, s.manufacturer_id), coalesce(d.canonical_id,
                   s.sender_id)
            FROM shipments s LEFT JOIN resolved m ON m.entity_id = s.manufacturer_id
            LEFT JOIN resolved d ON d.entity_id = s.sender_id WHERE s.record_id = ?
            """,
            [edge.record_id],
        ).fetchone()
        assert row == (edge.source_id, edge.target_id)
        assert int(edge.props["shipments"]) >= 1 and edge.start and edge.end
    # shipments carry the maker their declaration names
    shipped = np.flatnonzero(eg.type_mask("shipped"))
    assert (eg.maker[shipped] >= 0).mean() > 0.9
