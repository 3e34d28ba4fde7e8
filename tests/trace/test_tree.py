"""The one-pass search from all sanctioned parties agrees with the per-entity search."""

from __future__ import annotations

from pathlib import Path

from dualtrace.graph import build_graph
from dualtrace.resolve import resolve_workspace
from dualtrace.risk import load_rules
from dualtrace.store import Workspace
from dualtrace.trace import (
    TraceFilter,
    closest_sanctioned,
    downstream,
    sanction_tree,
    tree_path,
)
from tests.world import plant_world


def test_tree_and_single_search_give_the_same_hops(workspace: Workspace, tmp_path: Path) -> None:
    plant_world(workspace, tmp_path)
    resolve_workspace(workspace)
    eg = build_graph(workspace)
    for as_of in (None, "2023-01-01", "2025-01-01"):
        flt = TraceFilter(max_hops=4, as_of=as_of)
        tree = sanction_tree(eg, flt)
        for entity_id in eg.ids:
            one = closest_sanctioned(eg, entity_id, flt)
            from_tree = tree_path(eg, tree, entity_id)
            assert (one is None) == (from_tree is None), entity_id
            if one is not None and from_tree is not None:
                assert one.hops == from_tree.hops
                assert from_tree.nodes[0] == entity_id
                assert eg.sanctions(from_tree.nodes[-1], as_of)
        paths = tree.all_paths(4)
        assert (paths[:, 0] >= 0).sum() == (tree.distance >= 0).sum()


def test_chpl_tiers_filter_traces_by_their_codes(workspace: Workspace, tmp_path: Path) -> None:
    plant_world(workspace, tmp_path)
    resolve_workspace(workspace)
    eg = build_graph(workspace)
    rules = load_rules()
    site = next(n for n in eg.ids if eg.node(n).caption.startswith("Shenzhen Site A"))
    trainer = next(n for n in eg.ids if eg.node(n).caption == "ООО «Пустельга»")
    # the certificate is for 8806 (a drone heading, not on the CHPL): no tier keeps it
    tiers = TraceFilter(hs_prefixes=rules.chpl_codes(["1", "2", "3"]))
    assert not downstream(eg, site, tiers, is_end=lambda n: n == trainer)
    assert downstream(eg, site, TraceFilter(hs_prefixes=("8806",)), is_end=lambda n: n == trainer)
    assert "880730" in rules.chpl_codes(["3.B"]) and "854231" in rules.chpl_codes(["1"])
    assert sum(len(c) for c in rules.chpl.values()) == 50
