"""A workspace holding the real OFAC lists (SDN 2021 and consolidated 2025), built once."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from dualtrace.screen import Screener, build_screener
from dualtrace.store import Workspace, ingest_path, init_workspace


@pytest.fixture(scope="session")
def ofac_workspace(shared_data: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    root = tmp_path_factory.mktemp("screen") / "ws"
    ws = init_workspace(root)
    try:
        for folder in ("ofac-sdn-2021", "ofac-consolidated-2025"):
            ingest_path(ws, shared_data / "sanctions" / folder)
    finally:
        ws.close()
    yield root


@pytest.fixture(scope="session")
def ofac_screener(ofac_workspace: Path) -> Screener:
    from dualtrace.store import open_workspace

    ws: Workspace = open_workspace(ofac_workspace)
    try:
        return build_screener(ws)
    finally:
        ws.close()
