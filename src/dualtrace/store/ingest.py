"""Storing one source input in the workspace, all or nothing.

An ingest is one transaction: the rows of every batch, the ingest's counts, the superseding of
an older version of the same dataset and the custody copy of the original files all land
together, or none of them do. Ingesting the same content again stores nothing.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Callable, Iterable, Iterator, Mapping
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Protocol, runtime_checkable

import duckdb
import pyarrow as pa

from dualtrace.errors import DualtraceError, ModelError, SourceError
from dualtrace.model import Batch, entity_schema, relation_type
from dualtrace.model.tables import TYPED_TABLES, SqlBatch, TableBatch
from dualtrace.sources import SourceFormat, SourceInput, detect
from dualtrace.sources.base import file_sha256, fingerprint_of
from dualtrace.store.workspace import Workspace, sql_literal

ProgressCallback = Callable[[int], None]


@runtime_checkable
class ColumnarFormat(Protocol):
    """A format that can also hand over its rows as Arrow tables (see model.tables)."""

    def parse_tables(self, source: SourceInput) -> Iterator[TableBatch | SqlBatch]: ...


@dataclass(frozen=True, slots=True)
class IngestResult:
    path: str
    format: str
    dataset: str
    ingest_id: int | None
    unchanged: bool
    n_read: int
    n_records: int
    n_rejected: int
    n_statements: int
    n_relations: int
    superseded: tuple[int, ...] = ()


def ingest_path(
    ws: Workspace,
    path: Path,
    *,
    forced_format: str | None = None,
    on_progress: ProgressCallback | None = None,
) -> IngestResult:
    fmt, source = detect(path, forced_format)
    return ingest_source(ws, fmt, source, on_progress=on_progress)


def ingest_source(
    ws: Workspace,
    fmt: SourceFormat,
    source: SourceInput,
    *,
    on_progress: ProgressCallback | None = None,
) -> IngestResult:
    dataset = fmt.dataset(source)
    # Each file is read once for its digest: a ten-million-row file takes seconds.
    digests = {file: file_sha256(file) for file in source.files}
    fingerprint = fingerprint_of(digests.values())
    same = ws.db.execute(
        "SELECT ingest_id FROM current_ingests WHERE dataset = ? AND fingerprint = ?",
        [dataset, fingerprint],
    ).fetchone()
    if same:
        return IngestResult(str(source.path), fmt.name, dataset, int(same[0]), True, 0, 0, 0, 0, 0)

    db = ws.db
    # The custody copies are written while the rows are stored: copying gigabytes waits on
    # the disk, storing rows on the processors.
    copying = ThreadPoolExecutor(max_workers=1, thread_name_prefix="dualtrace-raw")
    copies = copying.submit(_copy_raw_files, ws, digests)
    staged: list[tuple[Path, Path]] = []
    db.begin()
    try:
        row = db.execute(
            "INSERT INTO ingests (dataset, format, mode, input_path, fingerprint, started_at) "
            "VALUES (?, ?, ?, ?, ?, ?) RETURNING ingest_id",
            [dataset, fmt.name, fmt.mode, str(source.path), fingerprint, _now()],
        ).fetchone()
        assert row is not None
        ingest_id = int(row[0])
        batches: Iterable[Batch | TableBatch | SqlBatch] = (
            fmt.parse_tables(source) if isinstance(fmt, ColumnarFormat) else fmt.parse(source)
        )
        counts = _write_batches(db, ingest_id, batches, on_progress)
        with _settings(db, memory_limit=SQL_BATCH_MEMORY):
            _check_unique_records(db, ingest_id, source)
        superseded: tuple[int, ...] = ()
        if fmt.mode == "replace":
            superseded = tuple(
                int(r[0])
                for r in db.execute(
                    "UPDATE ingests SET superseded_by = ? WHERE dataset = ? AND ingest_id <> ? "
                    "AND superseded_by IS NULL RETURNING ingest_id",
                    [ingest_id, dataset, ingest_id],
                ).fetchall()
            )
        _register_raw_files(db, ingest_id, digests)
        staged = copies.result()
        db.execute(
            "UPDATE ingests SET finished_at = ?, n_read = ?, n_records = ?, n_rejected = ?, "
            "n_statements = ?, n_relations = ? WHERE ingest_id = ?",
            [_now(), counts[0] + counts[1], *counts, ingest_id],
        )
        db.commit()
    except BaseException as exc:
        db.rollback()
        copying.shutdown(wait=True)
        if copies.exception() is None:
            staged = copies.result()
        for temp, _final in staged:
            temp.unlink(missing_ok=True)
        if isinstance(exc, duckdb.Error):
            raise DualtraceError(
                f"{source.path}: storing failed, workspace unchanged: {exc}"
            ) from exc
        raise
    copying.shutdown()
    for temp, final in staged:
        os.replace(temp, final)
    if counts[0] + counts[1] >= CHECKPOINT_ROWS:
        # The checkpoint after a large ingest would otherwise run when the workspace closes,
        # without the memory limit: for ten million customs rows it took gigabytes.
        with _settings(db, memory_limit=SQL_BATCH_MEMORY):
            db.execute("CHECKPOINT")
    n_records, n_rejected, n_statements, n_relations = counts
    return IngestResult(
        str(source.path),
        fmt.name,
        dataset,
        ingest_id,
        False,
        n_records + n_rejected,
        n_records,
        n_rejected,
        n_statements,
        n_relations,
        superseded,
    )


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def _write_batches(
    db: duckdb.DuckDBPyConnection,
    ingest_id: int,
    batches: Iterable[Batch | TableBatch | SqlBatch],
    on_progress: ProgressCallback | None,
) -> tuple[int, int, int, int]:
    n_records = n_rejected = n_statements = n_relations = 0
    declared: dict[str, frozenset[str]] | None = None  # relation types of the SQL batches
    for batch in batches:
        if isinstance(batch, SqlBatch):
            declared = {**(declared or {}), **batch.relation_props}
            counts = _write_sql_batch(db, ingest_id, batch)
            n_records, n_rejected, n_statements, n_relations = (
                a + b
                for a, b in zip(
                    (n_records, n_rejected, n_statements, n_relations), counts, strict=True
                )
            )
            if on_progress is not None:
                on_progress(counts[0] + counts[1])
            continue
        if isinstance(batch, TableBatch):
            _write_table_batch(db, ingest_id, batch)
            n_records += batch.n_records
            n_rejected += batch.n_rejects
            n_statements += batch.n_statements
            n_relations += batch.n_relations
            if on_progress is not None:
                on_progress(len(batch))
            continue
        _validate(batch)
        _insert(db, "stored_records", _records_table(batch, ingest_id))
        _insert(db, "statements", _statements_table(batch, ingest_id))
        _insert(db, "stored_relations", _relations_table(batch, ingest_id))
        _insert(db, "rejects", _rejects_table(batch, ingest_id))
        n_records += len(batch.records)
        n_rejected += len(batch.rejects)
        n_statements += len(batch.statements)
        n_relations += len(batch.relations)
        if on_progress is not None:
            on_progress(len(batch))
    if declared is not None:
        _check_stored_model(db, ingest_id, declared)
    return n_records, n_rejected, n_statements, n_relations


def _validate(batch: Batch) -> None:
    """Refuse statements and relations that the declared model does not know."""
    checked: set[tuple[str, str]] = set()
    for st in batch.statements:
        key = (st.schema, st.prop)
        if key in checked:
            continue
        if not entity_schema(st.schema).has_property(st.prop):
            raise ModelError(f"{st.record_id}: schema {st.schema} has no property {st.prop!r}")
        checked.add(key)
    for rel in batch.relations:
        declared = relation_type(rel.type).properties
        unknown = set(rel.props) - declared
        if unknown:
            raise ModelError(
                f"{rel.record_id}: relation {rel.type} has no property {', '.join(sorted(unknown))}"
            )


def _insert(
    db: duckdb.DuckDBPyConnection, table: str, data: pa.Table, ingest_id: int | None = None
) -> None:
    if data.num_rows == 0:
        return
    db.register("_incoming", data)
    extra = "" if ingest_id is None else f", {int(ingest_id)}::INTEGER AS ingest_id"
    try:
        db.execute(f"INSERT INTO {table} BY NAME SELECT *{extra} FROM _incoming")
    finally:
        db.unregister("_incoming")


def _write_table_batch(db: duckdb.DuckDBPyConnection, ingest_id: int, batch: TableBatch) -> None:
    """Store a columnar batch: the same tables and checks as a Batch, without row objects."""
    if batch.statements is not None:
        pairs = batch.statements.group_by(["schema", "prop"]).aggregate([]).to_pylist()
        for pair in pairs:
            if not entity_schema(pair["schema"]).has_property(pair["prop"]):
                raise ModelError(f"schema {pair['schema']} has no property {pair['prop']!r}")
    _check_relation_props(batch.relations, batch.relation_props)
    unknown_tables = set(batch.typed) - TYPED_TABLES
    if unknown_tables:
        raise ModelError(f"no typed table {', '.join(sorted(unknown_tables))}")
    for table, data in (
        ("stored_records", batch.records),
        ("statements", batch.statements),
        ("stored_relations", batch.relations),
        ("rejects", batch.rejects),
        *sorted(batch.typed.items()),
    ):
        if data is not None:
            _insert(db, table, data, ingest_id)


def _check_relation_props(
    relations: pa.Table | None, declared: Mapping[str, frozenset[str]]
) -> None:
    types = [] if relations is None else relations.column("type").unique().to_pylist()
    for rel_type in types:
        if rel_type not in declared:
            raise ModelError(f"relation {rel_type}: its properties are not declared")
        unknown = set(declared[rel_type]) - relation_type(rel_type).properties
        if unknown:
            raise ModelError(f"relation {rel_type} has no property {', '.join(sorted(unknown))}")


# Where each table a source names is stored, and which count its rows add to: records and
# relations are views (migration 0005), over the tables their own rows go to and over the rows
# of large tables (`table_rows`, each one record) and shipments (one `shipped` relation each).
_SQL_TARGETS = {
    "records": ("stored_records", 0),
    "table_rows": ("table_rows", 0),
    "rejects": ("rejects", 1),
    "statements": ("statements", 2),
    "relations": ("stored_relations", 3),
    "table_layouts": ("table_layouts", None),
}
_DERIVED_COUNTS = {"relations": 3}
SQL_BATCH_MEMORY = "768MB"
CHECKPOINT_ROWS = 100_000


def _write_sql_batch(
    db: duckdb.DuckDBPyConnection, ingest_id: int, batch: SqlBatch
) -> tuple[int, int, int, int]:
    """Run a source's INSERT ... SELECTs in the ingest's transaction; count what they stored."""
    for rel_type, props in batch.relation_props.items():
        unknown = set(props) - relation_type(rel_type).properties
        if unknown:
            raise ModelError(f"relation {rel_type} has no property {', '.join(sorted(unknown))}")
    counts = [0, 0, 0, 0]
    for name, data in batch.tables.items():
        db.register(name, data)
    # A file of millions of rows is staged in tables of the workspace, made and dropped inside
    # the ingest's transaction, not in temporary ones: stored tables are compressed (a file's
    # cells to about a fifth), so a ten-million-row stage is written once and read back by
    # each later statement from a few hundred megabytes, where a temporary table past the
    # memory limit spills its rows uncompressed and reads them back from disk at every use
    # (at ten million rows, 93 s in all instead of 167 s). The pages they used are free space
    # that later writes reuse. Stored rows carry their line, so their order in a table means
    # nothing; not keeping it lets an INSERT ... SELECT write as its threads go instead of
    # buffering to reorder.
    with _settings(db, memory_limit=SQL_BATCH_MEMORY, preserve_insertion_order=False):
        _run_sql_batch(db, ingest_id, batch, counts)
    return counts[0], counts[1], counts[2], counts[3]


@contextmanager
def _settings(db: duckdb.DuckDBPyConnection, **values: str | bool) -> Iterator[None]:
    """DuckDB settings for the statements inside, restored after (also after a failure)."""
    names = list(values)
    row = db.execute(
        f"SELECT {', '.join(f'current_setting({sql_literal(n)})' for n in names)}"
    ).fetchone()
    before = dict(zip(names, row or (), strict=False))
    for name, value in values.items():
        db.execute(f"SET {name} = {_setting_sql(value)}")
    try:
        yield
    finally:
        with suppress(duckdb.Error):
            for name, value in before.items():
                db.execute(f"SET {name} = {_setting_sql(value)}")


def _setting_sql(value: object) -> str:
    return str(value).lower() if isinstance(value, bool) else sql_literal(str(value))


def _run_sql_batch(
    db: duckdb.DuckDBPyConnection, ingest_id: int, batch: SqlBatch, counts: list[int]
) -> None:
    looked_up: list[str] = []
    try:
        for number, (name, select) in enumerate(batch.stages):
            if number == batch.lookups_after and batch.lookups is not None:
                for table_name, data in batch.lookups(db).items():
                    db.register(table_name, data)
                    looked_up.append(table_name)
            db.execute(f"CREATE OR REPLACE TABLE {name} AS {select}")
        for table, select in batch.inserts:
            if table in TYPED_TABLES:
                stored, counter = table, None
            elif table in _SQL_TARGETS:
                stored, counter = _SQL_TARGETS[table]
            else:
                raise ModelError(f"no table {table} to insert into")
            row = db.execute(
                f"INSERT INTO {stored} BY NAME SELECT *, {int(ingest_id)}::INTEGER AS ingest_id "
                f"FROM ({select})"
            ).fetchone()
            if counter is not None:
                counts[counter] += int(row[0]) if row else 0
        for kind, select in batch.derived:
            if kind not in _DERIVED_COUNTS:
                raise ModelError(f"no view of derived {kind}")
            row = db.execute(f"SELECT count(*) FROM ({select})").fetchone()
            counts[_DERIVED_COUNTS[kind]] += int(row[0]) if row else 0
    finally:
        with suppress(duckdb.Error):  # after a failed statement the rollback drops them
            for name, _select in reversed(batch.stages):
                db.execute(f"DROP TABLE IF EXISTS {name}")
            for name in [*batch.tables, *looked_up]:
                db.unregister(name)


def _check_stored_model(
    db: duckdb.DuckDBPyConnection, ingest_id: int, declared: Mapping[str, frozenset[str]]
) -> None:
    """Refuse relation types and statement properties that SQL batches stored undeclared.

    Checked once per ingest, after its last batch: the rows SQL makes are only seen stored,
    and scanning the ingest's rows after every batch would read them again and again.
    """
    for (rel_type,) in db.execute(
        "SELECT DISTINCT type FROM stored_relations WHERE ingest_id = ?", [ingest_id]
    ).fetchall():
        if rel_type not in declared:
            raise ModelError(f"relation {rel_type}: its properties are not declared")
    for schema, prop in db.execute(
        "SELECT DISTINCT schema, prop FROM statements WHERE ingest_id = ?", [ingest_id]
    ).fetchall():
        if not entity_schema(schema).has_property(prop):
            raise ModelError(f"schema {schema} has no property {prop!r}")


def _records_table(batch: Batch, ingest_id: int) -> pa.Table:
    recs = batch.records
    return pa.table(
        {
            "record_id": [r.record_id for r in recs],
            "ingest_id": pa.array([ingest_id] * len(recs), pa.int32()),
            "source": [r.source for r in recs],
            "locator": [r.locator for r in recs],
            "content_hash": [r.content_hash for r in recs],
            "raw": [json.dumps(r.raw, ensure_ascii=False, default=str) for r in recs],
        }
    )


def _statements_table(batch: Batch, ingest_id: int) -> pa.Table:
    sts = batch.statements
    return pa.table(
        {
            "entity_id": [s.entity_id for s in sts],
            "schema": [s.schema for s in sts],
            "prop": [s.prop for s in sts],
            "value": [s.value for s in sts],
            "original": pa.array([s.original for s in sts], pa.string()),
            "lang": pa.array([s.lang for s in sts], pa.string()),
            "record_id": [s.record_id for s in sts],
            "ingest_id": pa.array([ingest_id] * len(sts), pa.int32()),
        }
    )


def _relations_table(batch: Batch, ingest_id: int) -> pa.Table:
    rels = batch.relations
    return pa.table(
        {
            "relation_id": [r.relation_id for r in rels],
            "type": [r.type for r in rels],
            "source_id": [r.source_id for r in rels],
            "target_id": [r.target_id for r in rels],
            "start_date": pa.array([r.start for r in rels], pa.string()),
            "end_date": pa.array([r.end for r in rels], pa.string()),
            "props": [json.dumps(dict(r.props), ensure_ascii=False, default=str) for r in rels],
            "record_id": [r.record_id for r in rels],
            "ingest_id": pa.array([ingest_id] * len(rels), pa.int32()),
        }
    )


def _rejects_table(batch: Batch, ingest_id: int) -> pa.Table:
    rej = batch.rejects
    return pa.table(
        {
            "ingest_id": pa.array([ingest_id] * len(rej), pa.int32()),
            "locator": [r.locator for r in rej],
            "field": pa.array([r.field for r in rej], pa.string()),
            "reason": [r.reason for r in rej],
            "raw": [r.raw for r in rej],
        }
    )


def _check_unique_records(
    db: duckdb.DuckDBPyConnection, ingest_id: int, source: SourceInput
) -> None:
    dup = db.execute(
        "SELECT record_id, count(*) FROM stored_records WHERE ingest_id = ? "
        "GROUP BY record_id HAVING count(*) > 1 LIMIT 1",
        [ingest_id],
    ).fetchone()
    if dup:
        raise SourceError(
            str(source.path),
            None,
            f"record id {dup[0]!r} occurs {dup[1]} times; ids must be unique",
        )


def _register_raw_files(
    db: duckdb.DuckDBPyConnection, ingest_id: int, digests: Mapping[Path, str]
) -> None:
    for file, digest in digests.items():
        db.execute(
            "INSERT INTO files VALUES (?, ?, ?, ?, ?)",
            [ingest_id, digest, file.name, file.stat().st_size, f"raw/{digest}"],
        )


def _copy_raw_files(ws: Workspace, digests: Mapping[Path, str]) -> list[tuple[Path, Path]]:
    """Copy each original file beside its final place under raw/; renamed after commit."""
    staged: list[tuple[Path, Path]] = []
    for file, digest in digests.items():
        final = ws.raw_dir / digest
        if final.exists():
            continue
        temp = ws.raw_dir / f".{digest}.partial"
        try:
            shutil.copyfile(file, temp)
        except BaseException:
            temp.unlink(missing_ok=True)
            for done, _final in staged:
                done.unlink(missing_ok=True)
            raise
        staged.append((temp, final))
    return staged
