"""Queries the registry tests share: an entity's current values, and relations by type."""

from __future__ import annotations

import json
from typing import Any

from dualtrace.store import Workspace


def props(ws: Workspace, entity_id: str) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for prop, value in ws.db.execute(
        "SELECT prop, value FROM current_statements WHERE entity_id = ?", [entity_id]
    ).fetchall():
        out.setdefault(prop, set()).add(value)
    return out


def relations(ws: Workspace, kind: str) -> list[dict[str, Any]]:
    rows = ws.db.execute(
        "SELECT source_id, target_id, start_date, end_date, props, record_id "
        "FROM current_relations WHERE type = ? ORDER BY relation_id",
        [kind],
    ).fetchall()
    return [
        {
            "source": s,
            "target": t,
            "start": start,
            "end": end,
            "props": json.loads(p),
            "record": rec,
        }
        for s, t, start, end, p, rec in rows
    ]


def rejects(ws: Workspace) -> list[tuple[str, str | None, str]]:
    return [
        (locator, field, reason)
        for locator, field, reason in ws.db.execute(
            "SELECT locator, field, reason FROM rejects ORDER BY locator"
        ).fetchall()
    ]
