"""Screening: who on the watchlists a name (or a list of counterparties) may be, and why.

    ws -> load_watchlist -> ScreenIndex -> Screener.screen(Query) -> [MatchResult]

Everything runs in memory, in this process: no search server to install, feed or keep alive.
"""

from __future__ import annotations

from collections.abc import Sequence

from dualtrace.screen.index import ScreenIndex
from dualtrace.screen.matcher import (
    DEFAULT_CUTOFF,
    DEFAULT_THRESHOLD,
    MatchResult,
    Screener,
    screen_many,
)
from dualtrace.screen.query import Query, QueryError
from dualtrace.screen.watchlist import WatchEntity, load_watchlist
from dualtrace.store import Workspace


def build_screener(
    ws: Workspace,
    *,
    datasets: Sequence[str] = (),
    entity_ids: Sequence[str] = (),
    threshold: float = DEFAULT_THRESHOLD,
    workers: int = 1,
) -> Screener:
    """A screener over the workspace's current sanctioned entities (plus the ones named)."""
    entities = load_watchlist(ws, datasets=datasets, entity_ids=entity_ids)
    return Screener(ScreenIndex(entities, workers=workers), threshold=threshold)


__all__ = [
    "DEFAULT_CUTOFF",
    "DEFAULT_THRESHOLD",
    "MatchResult",
    "Query",
    "QueryError",
    "ScreenIndex",
    "Screener",
    "WatchEntity",
    "build_screener",
    "load_watchlist",
    "screen_many",
]
