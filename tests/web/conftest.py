"""The web app over the built-in investigation's workspace, and how tests find its parties."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from dualtrace.normalize.names import name_key
from dualtrace.pipeline import DemoRun
from dualtrace.settings import Settings
from dualtrace.store import open_workspace
from dualtrace.web import create_app


@pytest.fixture(scope="session")
def truth(demo: DemoRun) -> dict[str, Any]:
    folder = demo.workspace / "inputs" / "seed-case" / "truth"
    return {p.stem: json.loads(p.read_text(encoding="utf-8")) for p in folder.glob("*.json")}


@pytest.fixture(scope="module")
def client(demo: DemoRun) -> TestClient:
    return TestClient(create_app(Settings(workspace=demo.workspace)))


def resolved_id(workspace: Path, truth: dict[str, Any], key: str) -> str:
    """The one resolved entity carrying a name the seed case's truth gives for `key`."""
    [entity] = [e for e in truth["entities"] if e["entity"] == key]
    keys = {name_key(n) for n in entity["names"]} - {""}
    ws = open_workspace(workspace)
    try:
        rows = ws.db.execute("SELECT canonical_id, names FROM canonical_entities").fetchall()
    finally:
        ws.close()
    [found] = {cid for cid, names in rows if keys & {name_key(n) for n in names}}
    return str(found)
