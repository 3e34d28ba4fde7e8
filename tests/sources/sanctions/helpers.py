"""Reading back what an ingest stored, for the sanctions parser tests."""

from __future__ import annotations

from dualtrace.store import Workspace


def props(ws: Workspace, entity_id: str) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for prop, value in ws.db.execute(
        "SELECT prop, value FROM current_statements WHERE entity_id = ?", [entity_id]
    ).fetchall():
        out.setdefault(prop, set()).add(value)
    return out


def langs(ws: Workspace, entity_id: str, prop: str) -> dict[str, str | None]:
    rows = ws.db.execute(
        "SELECT value, lang FROM current_statements WHERE entity_id = ? AND prop = ?",
        [entity_id, prop],
    ).fetchall()
    return dict(rows)


def sanctions(ws: Workspace, entity_id: str) -> list[tuple[str | None, str | None, str | None]]:
    """(programme, listed on, delisted on) of an entity's sanctioned relations, sorted."""
    rows = ws.db.execute(
        "SELECT props->>'program', start_date, end_date FROM current_relations "
        "WHERE type = 'sanctioned' AND source_id = ? ORDER BY 1",
        [entity_id],
    ).fetchall()
    return [tuple(r) for r in rows]


def snapshot(ws: Workspace) -> tuple[object, ...]:
    row = ws.db.execute(
        "SELECT (SELECT count(*) FROM records), (SELECT count(*) FROM statements), "
        "(SELECT count(*) FROM relations), (SELECT count(*) FROM rejects), "
        "(SELECT count(*) FROM ingests), (SELECT count(*) FROM files)"
    ).fetchone()
    assert row is not None
    return (*row, tuple(sorted(p.name for p in ws.raw_dir.iterdir())))
