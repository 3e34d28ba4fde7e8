"""Meeting the maker while buying its goods through a hub, on a small world built here:

maker (CN) --shipped--> hub (KZ) --shipped--> buyer (RU) and --> other (RU)
maker's sales head travelled with buyer's director; nobody of `other` travelled.
"""

from __future__ import annotations

from pathlib import Path

from dualtrace.graph import build_graph
from dualtrace.resolve import resolve_workspace
from dualtrace.risk import end_users_of_concern, flag_workspace, load_rules, stored_flags
from dualtrace.store import Workspace
from dualtrace.trace import TraceFilter, downstream
from tests.helpers import canonical, entity_batch, ingest_inline


def _world(ws: Workspace, tmp: Path, *, via_hub: bool = True) -> None:
    ingest_inline(
        ws,
        tmp,
        "evidence",
        entity_batch(
            "evidence",
            {
                "maker": ("Company", {"name": "Shenzhen Maker Co., Ltd.", "country": "cn"}),
                "hub": ("Company", {"name": "Steppe Logistics LLP", "country": "kz"}),
                "buyer": ("Company", {"name": "ООО «Сокол»", "country": "ru"}),
                "other": ("Company", {"name": "ООО «Ромашка»", "country": "ru"}),
                "sales": ("Person", {"name": "Wang Wei"}),
                "director": ("Person", {"name": "Иванов Иван"}),
            },
            [
                (
                    "shipped",
                    "maker",
                    "hub" if via_hub else "buyer",
                    {"hs_code": "8806221000", "start": "2023-03-01"},
                ),
                ("shipped", "hub", "buyer", {"hs_code": "8806221000", "start": "2023-04-01"}),
                ("shipped", "hub", "other", {"hs_code": "8806221000", "start": "2023-04-02"}),
                ("represents", "sales", "maker", {"role": "passenger's organisation"}),
                ("directs", "director", "buyer", {}),
                (
                    "travelled_with",
                    "director",
                    "sales",
                    {"flight": "SU 204", "start": "2023-02-01"},
                ),
            ],
        ),
    )


def test_buyer_that_meets_the_maker_and_buys_through_a_hub(
    workspace: Workspace, tmp_path: Path
) -> None:
    _world(workspace, tmp_path)
    resolve_workspace(workspace)
    eg = build_graph(workspace)
    rules = load_rules()
    flag_workspace(workspace, eg, rules, as_of="2025-01-01")
    buyer, other = canonical(workspace, "buyer"), canonical(workspace, "other")
    [flag] = [f for f in stored_flags(workspace, buyer) if f.code == "maker_contact_via_hub"]
    assert "Steppe Logistics LLP" in flag.explanation and "SU 204" in flag.explanation
    assert set(flag.evidence) == {"evidence:rel5", "evidence:rel0", "evidence:rel1"}
    assert not [f for f in stored_flags(workspace, other) if f.code == "maker_contact_via_hub"]
    # The trace from the maker ends at the buyer, not at the other customer of the hub.
    ends = end_users_of_concern(stored_flags(workspace), rules)
    paths = downstream(eg, canonical(workspace, "maker"), TraceFilter(), is_end=ends.__contains__)
    assert {p.nodes[-1] for p in paths} == {buyer}


def test_buying_from_the_maker_directly_is_not_a_detour(
    workspace: Workspace, tmp_path: Path
) -> None:
    """The same trip, but the maker's goods come to the buyer straight from the maker."""
    _world(workspace, tmp_path, via_hub=False)
    resolve_workspace(workspace)
    flag_workspace(workspace, build_graph(workspace), load_rules(), as_of="2025-01-01")
    codes = {f.code for f in stored_flags(workspace, canonical(workspace, "buyer"))}
    assert "maker_contact_via_hub" not in codes
