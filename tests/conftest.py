"""Shared fixtures: the real public files in ../shared/data, and fresh workspaces."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import settings

from dualtrace.pipeline import DemoRun, run_demo
from dualtrace.screen import Screener, build_screener
from dualtrace.store import Workspace, ingest_path, init_workspace, open_workspace

# Property tests judge results, not speed: on a shared 2-core machine one example can take
# longer than Hypothesis's default 200 ms deadline without anything being wrong.
settings.register_profile("dualtrace", deadline=None)
settings.load_profile("dualtrace")

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


@pytest.fixture(scope="session")
def ofac_workspace(shared_data: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A workspace holding the real OFAC lists (SDN 2021 and consolidated 2025), built once."""
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
    ws = open_workspace(ofac_workspace)
    try:
        return build_screener(ws)
    finally:
        ws.close()


@pytest.fixture(scope="session")
def demo(tmp_path_factory: pytest.TempPathFactory) -> DemoRun:
    """The built-in investigation (what `make demo` writes), run once for every test reading
    it. Tests must not change it: one that writes copies the workspace first."""
    return run_demo(tmp_path_factory.mktemp("demo") / "ws")
