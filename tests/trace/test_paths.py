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
from tests.helpers import canonical
from tests.world import plant_world


@pytest.fixture
def graph(workspace: Workspace, tmp_path: Path) -> tuple[Workspace, EvidenceGraph]:
    plant_world(workspace, tmp_path)
    resolve_workspace(workspace)
    return workspace, build_graph(workspace)


def test_goods_move_from_the_site_to_the_applicant_and_through_the_hub(
    graph: tuple[Workspace, EvidenceGraph],
) -> None:
    ws, eg = graph
    paths = downstream(eg, canonical(ws, "site-a"))
    ends = {p.nodes[-1] for p in paths}
    assert {canonical(ws, "trainer"), canonical(ws, "shell-kz"), canonical(ws, "importer")} <= ends
    via_hub = [p for p in paths if p.nodes[-1] == canonical(ws, "importer")]
    assert via_hub[0].nodes == (
        canonical(ws, "site-a"),
        canonical(ws, "shell-kz"),
        canonical(ws, "importer"),
    )
    assert [e.type for e in via_hub[0].edges] == ["shipped", "shipped"]
    assert all(e.record_id for e in via_hub[0].edges)


def test_invoice_then_delivery_reaches_the_weapons_plant(
    graph: tuple[Workspace, EvidenceGraph],
) -> None:
    ws, eg = graph
    kupol = canonical(ws, "kupol")
    paths = downstream(eg, canonical(ws, "aee"), is_end=lambda n: n == kupol)
    assert [e.type for e in paths[0].edges] == ["paid", "shipped"]
    assert paths[0].nodes[1] == canonical(ws, "vektor")
    back = upstream(eg, kupol, is_end=lambda n: n == canonical(ws, "aee"))
    assert back and back[0].nodes[-1] == canonical(ws, "aee")


def test_filters_on_dates_hs_codes_and_countries(graph: tuple[Workspace, EvidenceGraph]) -> None:
    ws, eg = graph
    site = canonical(ws, "site-a")
    importer = canonical(ws, "importer")
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
    aee = closest_sanctioned(eg, canonical(ws, "aee"))
    assert aee is not None and aee.hops == 1 and aee.nodes[-1] == canonical(ws, "vektor")
    assert closest_sanctioned(eg, canonical(ws, "kupol")) is not None
    assert closest_sanctioned(eg, canonical(ws, "kupol")).hops == 0  # type: ignore[union-attr]
    # site-a and trainer are linked to nothing sanctioned, however many lists exist
    assert closest_sanctioned(eg, canonical(ws, "trainer")) is None
    dist = sanctioned_distances(eg)
    assert dist[canonical(ws, "aee")] == 1 and canonical(ws, "trainer") not in dist


def test_as_of_a_date_only_sanctions_then_in_force_count(
    graph: tuple[Workspace, EvidenceGraph],
) -> None:
    ws, eg = graph
    holding = canonical(ws, "holding")
    before = sanctioned_distances(eg, TraceFilter(as_of="2023-01-01", max_hops=1))
    after = sanctioned_distances(eg, TraceFilter(as_of="2025-01-01", max_hops=1))
    assert before[holding] == 1 and after[holding] == 1
    assert canonical(ws, "owner-2") not in before or before[canonical(ws, "owner-2")] != 0
    assert after[canonical(ws, "owner-2")] == 0
