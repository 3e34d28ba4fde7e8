"""Shared contacts, visits and surges, on a small world planted here (beside tests/world.py)."""

from __future__ import annotations

from pathlib import Path

from dualtrace.graph import build_graph
from dualtrace.resolve import resolve_workspace
from dualtrace.risk import flag_workspace, load_rules, stored_flags
from dualtrace.store import Workspace
from tests.helpers import entity_batch, ingest_inline

OFFICE = "Алматы, ул. Центральная, д. 17, оф. 4"


def _plant(ws: Workspace, tmp: Path) -> None:
    ingest_inline(
        ws,
        tmp,
        "list",
        entity_batch(
            "list",
            {
                "authority": ("PublicBody", {"name": "Test Authority"}),
                "shell-a": ("Company", {"name": "Shell A LLP", "country": "kz", "address": OFFICE}),
            },
            [("sanctioned", "shell-a", "authority", {"program": "TEST", "start": "2023-01-01"})],
        ),
        mode="replace",
    )
    shipments = []
    # 1 shipment of drones through the hub in the year before the control, 6 in the year after
    for n, day in enumerate(
        [
            "2023-02-10",
            "2023-10-01",
            "2023-11-02",
            "2024-01-15",
            "2024-02-01",
            "2024-03-03",
            "2024-05-05",
        ]
    ):
        shipments.append(
            ("shipped", "shell-b", "buyer", {"hs_code": "8806221000", "start": day, "n": n})
        )
    relations = [(t, s, d, {k: v for k, v in p.items() if k != "n"}) for t, s, d, p in shipments]
    # the data begin a year before the control, so that the months before it were observed
    relations.append(
        ("shipped", "quiet", "plant", {"hs_code": "8517130000", "start": "2022-06-01"})
    )
    ingest_inline(
        ws,
        tmp,
        "evidence",
        entity_batch(
            "evidence",
            {
                "shell-b": (
                    "Company",
                    {"name": "Shell B LLP", "country": "kz", "address": OFFICE.upper()},
                ),
                "shell-c": ("Company", {"name": "Shell C LLP", "country": "kz"}),
                "nominee": ("Person", {"name": "Marat Akhmetov"}),
                "buyer": ("Company", {"name": "Buyer RU", "country": "ru"}),
                "plant": ("Company", {"name": "Weapons Plant", "country": "ru"}),
                "guest": ("Person", {"name": "Guest Person"}),
                "guest-firm": ("Company", {"name": "Guest Firm", "country": "cn"}),
                "quiet": ("Company", {"name": "Quiet Firm", "country": "kz", "address": "Almaty"}),
            },
            [
                *relations,
                ("directs", "nominee", "shell-a", {"role": "director"}),
                ("directs", "nominee", "shell-c", {"role": "director"}),
                ("represents", "guest", "guest-firm", {"role": "executive"}),
                ("visited", "guest", "shell-a", {"purpose": "meeting", "start": "2024-04-01"}),
            ],
        ),
    )


def _codes(ws: Workspace, entity_id: str) -> dict[str, tuple[str, ...]]:
    row = ws.db.execute(
        "SELECT canonical_id FROM resolved WHERE entity_id = ?", [entity_id]
    ).fetchone()
    assert row
    return {f.code: f.evidence for f in stored_flags(ws, row[0])}


def test_shared_address_and_director_with_a_sanctioned_party(
    workspace: Workspace, tmp_path: Path
) -> None:
    _plant(workspace, tmp_path)
    resolve_workspace(workspace)
    flag_workspace(workspace, build_graph(workspace), load_rules(), as_of="2025-01-01")
    by_address = _codes(workspace, "shell-b")
    assert "shared_contact" in by_address
    by_director = _codes(workspace, "shell-c")
    assert "shared_contact" in by_director
    assert set(by_director["shared_contact"]) == {"evidence:rel8", "evidence:rel9"}
    # a city alone is not a shared office
    assert "shared_contact" not in _codes(workspace, "quiet")
    explanation = next(f.explanation for f in stored_flags(workspace) if f.code == "shared_contact")
    assert "Shell A LLP" in explanation


def test_a_visit_to_a_sanctioned_party_flags_the_visitors_firm(
    workspace: Workspace, tmp_path: Path
) -> None:
    _plant(workspace, tmp_path)
    resolve_workspace(workspace)
    flag_workspace(workspace, build_graph(workspace), load_rules(), as_of="2025-01-01")
    codes = _codes(workspace, "guest-firm")
    assert codes.get("co_travel") == ("evidence:rel11",)
    text = next(f.explanation for f in stored_flags(workspace) if f.code == "co_travel")
    assert "visiting Shell A LLP" in text


def test_a_surge_of_drones_through_a_hub_after_the_control(
    workspace: Workspace, tmp_path: Path
) -> None:
    _plant(workspace, tmp_path)
    resolve_workspace(workspace)
    flag_workspace(workspace, build_graph(workspace), load_rules(), as_of="2025-01-01")
    for who in ("buyer", "shell-b"):
        assert "surge" in _codes(workspace, who)
    text = next(f.explanation for f in stored_flags(workspace) if f.code == "surge")
    assert "1 shipment(s) in the 12 months before the control of 2023-09-01, 6 in" in text
