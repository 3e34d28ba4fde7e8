from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from dualtrace.errors import WorkspaceError
from dualtrace.store import init_workspace, open_workspace
from dualtrace.store.workspace import DB_NAME, latest_schema_version, migrations


def test_init_makes_the_layout(tmp_path: Path) -> None:
    ws = init_workspace(tmp_path / "case")
    assert (tmp_path / "case" / DB_NAME).is_file()
    assert ws.raw_dir.is_dir() and ws.reports_dir.is_dir()
    assert ws.schema_version() == latest_schema_version()
    ws.close()


def test_init_refuses_an_existing_workspace(tmp_path: Path) -> None:
    init_workspace(tmp_path).close()
    with pytest.raises(WorkspaceError, match="already holds"):
        init_workspace(tmp_path)


def test_open_missing_says_how_to_create(tmp_path: Path) -> None:
    with pytest.raises(WorkspaceError, match="dualtrace init"):
        open_workspace(tmp_path / "nowhere")


def test_a_newer_schema_is_refused_and_left_alone(tmp_path: Path) -> None:
    init_workspace(tmp_path).close()
    db = duckdb.connect(str(tmp_path / DB_NAME))
    db.execute("UPDATE meta SET value = '999' WHERE key = 'schema_version'")
    db.close()
    with pytest.raises(WorkspaceError, match="newer dualtrace"):
        open_workspace(tmp_path)
    db = duckdb.connect(str(tmp_path / DB_NAME))
    assert db.execute("SELECT value FROM meta WHERE key='schema_version'").fetchone() == ("999",)
    db.close()


def test_an_older_schema_is_migrated_forward(tmp_path: Path) -> None:
    """A database at version 0 (only an empty meta table) gets every migration applied."""
    tmp_path.mkdir(exist_ok=True)
    db = duckdb.connect(str(tmp_path / DB_NAME))
    db.close()
    ws = open_workspace(tmp_path)
    assert ws.schema_version() == latest_schema_version()
    tables = {
        r[0] for r in ws.db.execute("SELECT table_name FROM information_schema.tables").fetchall()
    }
    assert {"records", "statements", "relations", "rejects", "ingests", "files"} <= tables
    ws.close()


def test_read_only_open_refuses_to_migrate(tmp_path: Path) -> None:
    duckdb.connect(str(tmp_path / DB_NAME)).close()
    with pytest.raises(WorkspaceError, match="needs a schema migration"):
        open_workspace(tmp_path, read_only=True)


def test_shipments_of_a_version_4_workspace_keep_one_shipped_relation_each(
    tmp_path: Path,
) -> None:
    """Version 5 reads `shipped` relations from shipments: those stored before are dropped,
    the notify party they alone held moves to the shipment, other relations stay stored."""
    db = duckdb.connect(str(tmp_path / DB_NAME))
    for version, sql in migrations():
        if version <= 4:
            db.execute(sql)
    db.execute("INSERT INTO meta VALUES ('schema_version', '4')")
    db.execute(
        "INSERT INTO ingests (dataset, format, mode, input_path, fingerprint, started_at, "
        "finished_at) VALUES ('bol', 'customs', 'append', 'b.csv', 'x', now(), now())"
    )
    db.execute(
        "INSERT INTO shipments (record_id, ingest_id, dataset, date, sender_id, recipient_id) "
        "VALUES ('bol:b.csv:2', 1, 'bol', DATE '2024-03-01', 'a', 'b')"
    )
    db.execute(
        "INSERT INTO relations VALUES "
        "('bol:b.csv:2#shipped', 'shipped', 'a', 'b', '2024-03-01', NULL, "
        """'{"notify_party": "KAPITAL LLC"}', 'bol:b.csv:2', 1), """
        "('m#manufactured', 'manufactured', 'c', 'p', NULL, NULL, '{}', 'bol:b.csv:2', 1)"
    )
    db.execute("INSERT INTO records VALUES ('bol:b.csv:2', 1, 'bol', 'b.csv line 2', 'h', '{}')")
    db.close()
    ws = open_workspace(tmp_path)
    rows = ws.db.execute(
        "SELECT type, props->>'notify_party', start_date FROM current_relations ORDER BY type"
    ).fetchall()
    assert rows == [("manufactured", None, None), ("shipped", "KAPITAL LLC", "2024-03-01")]
    assert ws.db.execute("SELECT locator FROM current_records").fetchall() == [("b.csv line 2",)]
    ws.close()


def test_duckdb_is_held_to_the_memory_limit_and_spills_into_the_workspace(
    tmp_path: Path,
) -> None:
    init_workspace(tmp_path / "case").close()
    ws = open_workspace(tmp_path / "case", read_only=True)
    try:
        limit, spill, bar = ws.db.execute(
            "SELECT current_setting('memory_limit'), current_setting('temp_directory'), "
            "current_setting('enable_progress_bar')"
        ).fetchone() or ("", "", True)
        # A sort bigger than a small limit finishes by spilling to the workspace's folder.
        ws.db.execute("SET memory_limit = '64MB'")
        (n,) = ws.db.execute(
            "SELECT count(*) FROM (SELECT i, repeat('x', 50) || i AS s FROM range(3000000) t(i) "
            "ORDER BY s DESC OFFSET 1)"
        ).fetchone() or (0,)
    finally:
        ws.close()
    assert limit.endswith("GiB") and 3.5 < float(limit.split()[0]) <= 4.0
    assert Path(spill) == tmp_path / "case" / ".spill"
    assert bar is False
    assert n == 2_999_999
