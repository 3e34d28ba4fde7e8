"""Columnar batches: the same records, statements, relations and rejects as a Batch, as Arrow.

A source of millions of rows (customs declarations, trade statistics) cannot afford one Python
object per row. Such a source maps its rows in SQL and hands the store Arrow tables in the
columns of the store's own tables; the store adds the ingest id and keeps the transaction and
the counting exactly as for a Batch. Typed tables (`shipments`, `trade_stats`) ride along, so a
flat, queryable copy of a row lands in the same transaction as the record it copies.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

import duckdb
import pyarrow as pa

from dualtrace.model.records import Batch, Record, Reject, Relation, Statement, relation_props

RECORD_COLUMNS = ("record_id", "source", "locator", "content_hash", "raw")
STATEMENT_COLUMNS = ("entity_id", "schema", "prop", "value", "original", "lang", "record_id")
RELATION_COLUMNS = (
    "relation_id",
    "type",
    "source_id",
    "target_id",
    "start_date",
    "end_date",
    "props",
    "record_id",
)
REJECT_COLUMNS = ("locator", "field", "reason", "raw")
TYPED_TABLES = frozenset({"shipments", "trade_stats"})


@dataclass(slots=True)
class TableBatch:
    """A slice of one source file in columnar form, stored in the file's transaction.

    `relation_props` declares, per relation type present, the property names its JSON `props`
    may hold: the store checks those against relations.yaml once per batch instead of opening
    every row's JSON.
    """

    records: pa.Table | None = None
    statements: pa.Table | None = None
    relations: pa.Table | None = None
    rejects: pa.Table | None = None
    typed: dict[str, pa.Table] = field(default_factory=dict)
    relation_props: Mapping[str, frozenset[str]] = field(default_factory=dict)

    @property
    def n_records(self) -> int:
        return 0 if self.records is None else self.records.num_rows

    @property
    def n_rejects(self) -> int:
        return 0 if self.rejects is None else self.rejects.num_rows

    @property
    def n_statements(self) -> int:
        return 0 if self.statements is None else self.statements.num_rows

    @property
    def n_relations(self) -> int:
        return 0 if self.relations is None else self.relations.num_rows

    def __len__(self) -> int:
        return self.n_records + self.n_rejects

    def to_batch(self) -> Batch:
        """The same rows as row objects, for callers of `parse` on a small file."""
        batch = Batch()
        if self.records is not None:
            batch.records = [
                Record(r["record_id"], r["source"], r["locator"], json.loads(r["raw"]))
                for r in self.records.to_pylist()
            ]
        if self.statements is not None:
            batch.statements = [
                Statement(
                    r["entity_id"],
                    r["schema"],
                    r["prop"],
                    r["value"],
                    r["record_id"],
                    r["original"],
                    r["lang"],
                )
                for r in self.statements.to_pylist()
            ]
        if self.relations is not None:
            batch.relations = [
                Relation(
                    r["relation_id"],
                    r["type"],
                    r["source_id"],
                    r["target_id"],
                    r["record_id"],
                    r["start_date"],
                    r["end_date"],
                    relation_props(r["props"]),
                )
                for r in self.relations.to_pylist()
            ]
        if self.rejects is not None:
            batch.rejects = [
                Reject(r["locator"], r["reason"], r["raw"], r["field"])
                for r in self.rejects.to_pylist()
            ]
        return batch


@dataclass(slots=True)
class SqlBatch:
    """Rows a source maps in SQL, for the store to copy with INSERT ... SELECT in its transaction.

    For files of millions of rows, mapping in Python costs too much. Instead the source says
    how to map each row (over a DuckDB table function such as read_csv or read_parquet, or
    over a sheet's cells it hands over as Arrow); the store runs that SQL itself, on every
    thread, in its own transaction. `tables` are the Arrow data the SQL reads: small lookup
    tables (entity ids, country codes) and such cells; `stages` are tables made in order and
    dropped at the end of the batch (the rows numbered, then typed and joined once, then
    copied out to several tables, and what they state once per file gathered); `inserts`
    pairs a store table (records, statements, relations, rejects, a typed table, or
    `table_rows` and `table_layouts` for the cells of a large table) with the SELECT that
    fills it, in that table's columns without `ingest_id`.

    `lookups`, when given, runs on the store's connection once the first `lookups_after`
    stages are made and returns more tables for the later stages: values that need Python
    (name keys, check digits) are looked up once per distinct value, read from a stage (the
    numbered rows of a CSV file) rather than by parsing the file a second time.
    """

    tables: dict[str, pa.Table | pa.RecordBatchReader] = field(default_factory=dict)
    stages: list[tuple[str, str]] = field(default_factory=list)
    lookups: Callable[[duckdb.DuckDBPyConnection], Mapping[str, pa.Table]] | None = None
    lookups_after: int = 0
    inserts: list[tuple[str, str]] = field(default_factory=list)
    relation_props: Mapping[str, frozenset[str]] = field(default_factory=dict)
    # Rows the store's views derive from what `inserts` stored (the `shipped` relations of
    # `shipments`), counted by the SELECTs given here as the input's relations, so that the
    # counts are those of rows stored one by one.
    derived: list[tuple[str, str]] = field(default_factory=list)
