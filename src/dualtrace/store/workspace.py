"""The workspace: one folder per investigation.

    DIR/dualtrace.duckdb   the embedded database (schema in migrations/)
    DIR/raw/<sha256>       every original file ingested, by content (chain of custody)
    DIR/reports/           dossiers and charts

Opening a workspace made by an older dualtrace applies the pending migrations in one
transaction; one made by a newer dualtrace is refused with what to do.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from types import TracebackType

import duckdb

from dualtrace import __version__
from dualtrace.errors import WorkspaceError

DB_NAME = "dualtrace.duckdb"
# What DuckDB may hold in memory for one workspace connection, and where it spills past that.
MEMORY_LIMIT = "4GB"
SPILL_DIR = ".spill"
RAW_DIR = "raw"
REPORTS_DIR = "reports"
_MIGRATION_NAME = re.compile(r"^(\d{4})_[a-z0-9_]+\.sql$")


def migrations() -> list[tuple[int, str]]:
    """The schema migrations shipped with this version, as (version, SQL), in order."""
    folder = resources.files("dualtrace.store").joinpath("migrations")
    found: list[tuple[int, str]] = []
    for entry in folder.iterdir():
        match = _MIGRATION_NAME.match(entry.name)
        if match:
            found.append((int(match.group(1)), entry.read_text(encoding="utf-8")))
    return sorted(found)


def latest_schema_version() -> int:
    return migrations()[-1][0]


@dataclass
class Workspace:
    """An open workspace. Use as a context manager, or call close()."""

    root: Path
    db: duckdb.DuckDBPyConnection

    @property
    def raw_dir(self) -> Path:
        return self.root / RAW_DIR

    @property
    def reports_dir(self) -> Path:
        return self.root / REPORTS_DIR

    def schema_version(self) -> int:
        return _schema_version(self.db)

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Workspace:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


def init_workspace(root: Path) -> Workspace:
    """Create a workspace in `root` (made if missing); refuse a folder that already holds one."""
    if (root / DB_NAME).exists():
        raise WorkspaceError(f"{root} already holds a dualtrace workspace")
    if root.exists() and not root.is_dir():
        raise WorkspaceError(f"{root} exists and is not a folder")
    root.mkdir(parents=True, exist_ok=True)
    (root / RAW_DIR).mkdir(exist_ok=True)
    (root / REPORTS_DIR).mkdir(exist_ok=True)
    db = _connect(root / DB_NAME)
    _migrate(db, current=0)
    db.execute(
        "INSERT INTO meta VALUES ('created_by', ?) "
        "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        [__version__],
    )
    return Workspace(root, db)


def open_workspace(root: Path, *, read_only: bool = False) -> Workspace:
    """Open an existing workspace, migrating it forward if it was made by an older version."""
    path = root / DB_NAME
    if not path.exists():
        raise WorkspaceError(
            f"{root} is not a dualtrace workspace (no {DB_NAME}); create one with "
            f"`dualtrace init {root}`"
        )
    db = _connect(path, read_only=read_only)
    current = _schema_version(db)
    latest = latest_schema_version()
    if current > latest:
        db.close()
        raise WorkspaceError(
            f"{root} has schema version {current}, made by a newer dualtrace than this one "
            f"({__version__}, schema {latest}); upgrade dualtrace to open it"
        )
    if current < latest:
        if read_only:
            db.close()
            raise WorkspaceError(
                f"{root} needs a schema migration ({current} -> {latest}); open it once "
                "without read-only access, for example with `dualtrace status`"
            )
        _migrate(db, current=current)
    (root / RAW_DIR).mkdir(exist_ok=True)
    (root / REPORTS_DIR).mkdir(exist_ok=True)
    return Workspace(root, db)


def _connect(path: Path, *, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    try:
        db = duckdb.connect(str(path), read_only=read_only)
        # DuckDB's own progress bar would print into the CLI's output (and its --json).
        db.execute("SET enable_progress_bar = false")
        # Left to itself DuckDB takes up to 80 % of the machine's memory: building the graph of
        # two million shipments held 4.5 GB, and ten million would not fit. Past this limit it
        # spills to the workspace's own folder, which it empties when it closes.
        db.execute(f"SET memory_limit = '{MEMORY_LIMIT}'")
        db.execute(f"SET temp_directory = {sql_literal(str(path.parent / SPILL_DIR))}")
        return db
    except duckdb.IOException as exc:
        if "lock" in str(exc).lower():
            raise WorkspaceError(f"{path.parent} is in use by another dualtrace process") from None
        raise WorkspaceError(f"{path}: cannot open the database: {exc}") from None


def _schema_version(db: duckdb.DuckDBPyConnection) -> int:
    has_meta = db.execute(
        "SELECT count(*) FROM information_schema.tables WHERE table_name = 'meta'"
    ).fetchone()
    if not has_meta or has_meta[0] == 0:
        return 0
    row = db.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
    return int(row[0]) if row else 0


def _migrate(db: duckdb.DuckDBPyConnection, *, current: int) -> None:
    """Apply every migration newer than `current`, all or nothing."""
    pending = [(version, sql) for version, sql in migrations() if version > current]
    if not pending:
        return
    db.begin()
    try:
        for version, sql in pending:
            db.execute(sql)
            db.execute(
                "INSERT INTO meta VALUES ('schema_version', ?) "
                "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                [str(version)],
            )
        db.commit()
    except duckdb.Error as exc:
        db.rollback()
        raise WorkspaceError(f"schema migration failed, workspace unchanged: {exc}") from None


def sql_literal(text: str) -> str:
    """Text as a SQL string literal, for the statements DuckDB takes no parameters in (SET)."""
    return "'" + text.replace("'", "''") + "'"
