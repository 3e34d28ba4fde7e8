from __future__ import annotations

from pathlib import Path

import pytest

from dualtrace.graph import EvidenceGraph, build_graph
from dualtrace.resolve import resolve_workspace
from dualtrace.store import Workspace
from dualtrace.trace import (
    TraceFilter,
    closest_sanctioned,
    downstream,
    sanctioned_distances,
    upstream,
)
from tests.world import plant_world


def _cid(ws: Workspace, entity_id: str) -> str:
    row = ws.db.execute(
        "SELECT canonical_id FROM resolved WHERE entity_id = ?", [entity_id]
    ).fetchone()
    assert row
    return str(row[0])


@pytest.fixture
def graph(workspace: Workspace, tmp_path: Path) -> tuple[Workspace, EvidenceGraph]:
    plant_world(workspace, tmp_path)
    resolve_workspace(workspace)
    return workspace, build_graph(workspace)


def test_goods_move_from_the_site_to_the_applicant_and_through_the_hub(
    graph: tuple[Workspace, EvidenceGraph],
) -> None:
    ws, eg = graph
    paths = downstream(eg, _cid(ws, "site-a"))
    ends = {p.nodes[-1] for p in paths}
    assert {_cid(ws, "trainer"), _cid(ws, "shell-kz"), _cid(ws, "importer")} <= ends
    via_hub = [p for p in paths if p.nodes[-1] == _cid(ws, "importer")]
    assert via_hub[0].nodes == (_cid(ws, "site-a"), _cid(ws, "shell-kz"), _cid(ws, "importer"))
    assert [e.type for e in via_hub[0].edges] == ["shipped", "shipped"]
    assert all(e.record_id for e in via_hub[0].edges)


def test_invoice_then_delivery_reaches_the_weapons_plant(
    graph: tuple[Workspace, EvidenceGraph],
) -> None:
    ws, eg = graph
    kupol = _cid(ws, "kupol")
    paths = downstream(eg, _cid(ws, "aee"), is_end=lambda n: n == kupol)
    assert [e.type for e in paths[0].edges] == ["paid", "shipped"]
    assert paths[0].nodes[1] == _cid(ws, "vektor")
    back = upstream(eg, kupol, is_end=lambda n: n == _cid(ws, "aee"))
    assert back and back[0].nodes[-1] == _cid(ws, "aee")


def test_filters_on_dates_hs_codes_and_countries(graph: tuple[Workspace, EvidenceGraph]) -> None:
    ws, eg = graph
    site = _cid(ws, "site-a")
    importer = _cid(ws, "importer")
    assert not downstream(eg, site, TraceFilter(until="2023-06"), is_end=lambda n: n == importer)
    assert not downstream(
        eg, site, TraceFilter(hs_prefixes=("8525",)), is_end=lambda n: n == importer
    )
    assert downstream(
        eg, site, TraceFilter(through_countries=("kz",)), is_end=lambda n: n == importer
    )
    assert not downstream(
        eg, site, TraceFilter(through_countries=("am",)), is_end=lambda n: n == importer
    )
    assert not downstream(eg, site, TraceFilter(max_hops=1), is_end=lambda n: n == importer)


def test_closest_sanctioned_never_passes_through_the_authority(
    graph: tuple[Workspace, EvidenceGraph],
) -> None:
    ws, eg = graph
    aee = closest_sanctioned(eg, _cid(ws, "aee"))
    assert aee is not None and aee.hops == 1 and aee.nodes[-1] == _cid(ws, "vektor")
    assert closest_sanctioned(eg, _cid(ws, "kupol")) is not None
    assert closest_sanctioned(eg, _cid(ws, "kupol")).hops == 0  # type: ignore[union-attr]
    # site-a and trainer are linked to nothing sanctioned, however many lists exist
    assert closest_sanctioned(eg, _cid(ws, "trainer")) is None
    dist = sanctioned_distances(eg)
    assert dist[_cid(ws, "aee")] == 1 and _cid(ws, "trainer") not in dist


def test_as_of_a_date_only_sanctions_then_in_force_count(
    graph: tuple[Workspace, EvidenceGraph],
) -> None:
    ws, eg = graph
    holding = _cid(ws, "holding")
    before = sanctioned_distances(eg, TraceFilter(as_of="2023-01-01", max_hops=1))
    after = sanctioned_distances(eg, TraceFilter(as_of="2025-01-01", max_hops=1))
    assert before[holding] == 1 and after[holding] == 1
    assert _cid(ws, "owner-2") not in before or before[_cid(ws, "owner-2")] != 0
    assert after[_cid(ws, "owner-2")] == 0
