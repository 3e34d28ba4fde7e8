"""What the routers share: the workspace, and the screening index built from it.

The index lives in memory for the life of the server. It is built on first use and rebuilt when
the workspace's current ingests change (a newer list version ingested), checked at most every
`refresh_seconds`. The workspace is opened only while reading, so that `dualtrace ingest` can
still write to it from another process.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from dualtrace.screen import Screener, build_screener
from dualtrace.screen.matcher import DEFAULT_THRESHOLD
from dualtrace.settings import Settings
from dualtrace.store import Workspace, open_workspace

MAX_RELATIONS = 500
"""Most adjacent relations returned with one entity (hubs have thousands)."""


@dataclass(frozen=True, slots=True)
class ScreenSettings:
    """How the API screens; built once at start-up, like Settings."""

    threshold: float = DEFAULT_THRESHOLD
    datasets: tuple[str, ...] = ()
    """Datasets screened against in full, besides sanctioned entities."""
    refresh_seconds: float = 30.0
    max_body_bytes: int = 2_000_000
    """Largest request body accepted (HTTP 413 above)."""


class ApiService:
    def __init__(self, settings: Settings, screen: ScreenSettings) -> None:
        self.settings = settings
        self.screen_settings = screen
        self._lock = threading.Lock()
        self._screener: Screener | None = None
        self._version: tuple[Any, ...] | None = None
        self._checked = 0.0

    @contextmanager
    def workspace(self) -> Iterator[Workspace]:
        ws = open_workspace(self.settings.workspace)
        try:
            yield ws
        finally:
            ws.close()

    @staticmethod
    def _ingest_version(ws: Workspace) -> tuple[Any, ...]:
        row = ws.db.execute(
            "SELECT count(*), max(ingest_id), max(finished_at) FROM current_ingests"
        ).fetchone()
        return tuple(row) if row else ()

    def screener(self) -> Screener:
        now = time.monotonic()
        with self._lock:
            if (
                self._screener is not None
                and now - self._checked < self.screen_settings.refresh_seconds
            ):
                return self._screener
            with self.workspace() as ws:
                version = self._ingest_version(ws)
                if self._screener is None or version != self._version:
                    self._screener = build_screener(
                        ws,
                        datasets=self.screen_settings.datasets,
                        threshold=self.screen_settings.threshold,
                    )
                    self._version = version
            self._checked = now
            return self._screener

    def adopt(self, screener: Screener) -> None:
        """Serve an index built elsewhere from this workspace's current lists (a server that
        builds it before listening, a benchmark that measured its build), instead of building
        a second one on the first request."""
        with self._lock, self.workspace() as ws:
            self._version = self._ingest_version(ws)
            self._screener = screener
            self._checked = time.monotonic()

    def datasets(self) -> set[str]:
        with self.workspace() as ws:
            rows = ws.db.execute("SELECT DISTINCT dataset FROM current_ingests").fetchall()
        return {r[0] for r in rows}
