from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient

from dualtrace.api import create_app
from dualtrace.graph import build_graph
from dualtrace.resolve import resolve_workspace
from dualtrace.risk import flag_workspace, load_rules
from dualtrace.settings import Settings
from dualtrace.store import Workspace
from tests.world import plant_world


def test_trace_endpoints_answer_with_paths_and_records(
    workspace: Workspace, tmp_path: Path
) -> None:
    plant_world(workspace, tmp_path)
    resolve_workspace(workspace)
    root = workspace.root
    workspace.close()
    client = TestClient(create_app(Settings(workspace=root)))
    down = client.get("/trace/aee/downstream", params={"max_hops": 2}).json()
    assert down["total"] >= 1
    two = [p for p in down["paths"] if p["hops"] == 2]
    assert [link["type"] for link in two[0]["links"]] == ["paid", "shipped"]
    assert [link["record_id"] for link in two[0]["links"]] == ["evidence:rel3", "evidence:rel4"]
    near = client.get("/trace/aee/sanctioned").json()
    assert near["paths"][0]["hops"] == 1
    early = client.get("/trace/owner-2/sanctioned", params={"as_of": "2023-01-01", "max_hops": 0})
    assert early.json()["total"] == 0
    filtered = client.get("/trace/site-a/downstream", params={"chpl_tier": ["1"]}).json()
    assert filtered["total"] == 0
    assert client.get("/trace/site-a/downstream", params={"chpl_tier": ["9"]}).status_code == 400
    assert client.get("/trace/nobody/upstream").status_code == 404


def test_downstream_to_end_users_of_concern(workspace: Workspace, tmp_path: Path) -> None:
    """site-a's goods reach the trainer (its posts describe military use) and, through
    shell-kz, the importer (a military activity code): both end users of concern."""
    plant_world(workspace, tmp_path)
    resolve_workspace(workspace)
    flag_workspace(workspace, build_graph(workspace), load_rules(), as_of="2025-01-01")
    root = workspace.root
    workspace.close()
    client = TestClient(create_app(Settings(workspace=root)))
    every = client.get("/trace/site-a/downstream").json()
    ends = client.get("/trace/site-a/downstream", params={"to_end_users": True}).json()
    assert {p["captions"][-1] for p in ends["paths"]} == {"ООО «Пустельга»", "Importer RU"}
    assert ends["total"] < every["total"]
