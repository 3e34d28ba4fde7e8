"""Sanctions lists: parse and store each real list into a fresh workspace; entities per second.

Peer: reading the same files with Python's csv module alone (no model, no store), the floor
any CSV-based ingest pays.
"""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

from bench.common import BenchContext, Result, median_seconds
from dualtrace.store import ingest_path, init_workspace

CASES = {"ofac-sdn-2021": "sanctions/ofac-sdn-2021"}


def _ingest_once(ctx: BenchContext, folder: Path) -> int:
    target = ctx.work_dir / "sanctions-ws"
    shutil.rmtree(target, ignore_errors=True)
    ws = init_workspace(target)
    try:
        ingest_path(ws, folder)
        row = ws.db.execute("SELECT count(DISTINCT entity_id) FROM statements").fetchone()
        return int(row[0]) if row else 0
    finally:
        ws.close()


def _csv_only(folder: Path) -> None:
    for file in folder.glob("*.csv"):
        with file.open(encoding="utf-8", newline="") as handle:
            for _ in csv.reader(handle):
                pass


def run(ctx: BenchContext) -> list[Result]:
    results = []
    for case, rel in CASES.items():
        folder = ctx.shared_data / rel
        if not folder.exists():
            continue
        entities = _ingest_once(ctx, folder)
        seconds = median_seconds(lambda folder=folder: _ingest_once(ctx, folder), ctx.repeats)
        peer = median_seconds(lambda folder=folder: _csv_only(folder), ctx.repeats)
        results.append(
            Result(
                "sanctions_ingest",
                case,
                "seconds (median)",
                seconds,
                "s",
                peer="csv module read only",
                peer_value=peer,
                notes=f"{entities:,} entities; target < 2 s",
            )
        )
        results.append(
            Result(
                "sanctions_ingest", case, "entities per second", entities / seconds, "entities/s"
            )
        )
    return results
