"""Shared fixtures: the real public files in ../shared/data, and fresh workspaces."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from dualtrace.store import Workspace, init_workspace

SHARED_DATA = Path(__file__).resolve().parents[2] / "shared" / "data"


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """The folder of real published files; tests that need it skip when it is absent."""
    if not SHARED_DATA.is_dir():
        pytest.skip(f"real data folder {SHARED_DATA} not present")
    return SHARED_DATA


@pytest.fixture
def workspace(tmp_path: Path) -> Iterator[Workspace]:
    ws = init_workspace(tmp_path / "ws")
    try:
        yield ws
    finally:
        ws.close()
