"""Shipment-level customs data (declarations, bills of lading) in CSV, XLSX or Parquet.

Which layout a file is in is read from its header: the first shipped mapping whose required
columns are all there claims it (mappings/*.yaml), or the mapping the user names. A private
DuckDB counts a CSV file's rows and lines (and, only when they do not add up, finds the lines
it cannot split and where each row starts). The store then reads the file itself and maps
every row in SQL in its own transaction: once the rows are numbered, their distinct names,
INNs, countries and brands are looked up in Python once each, and the SQL joins the answers.
A ten-million-row file never becomes Python objects.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pyarrow as pa

from dualtrace.errors import SourceError
from dualtrace.model import Batch
from dualtrace.model.tables import SqlBatch, TableBatch
from dualtrace.sources.base import SourceFormat, SourceInput
from dualtrace.sources.trade.lookups import survey
from dualtrace.sources.trade.mapping import Mapping, layout_error, load_mapping, shipped_mappings
from dualtrace.sources.trade.shipments import ShipmentSql
from dualtrace.sources.trade.tabular import (
    LineMap,
    StructuralReject,
    TableFile,
    check_skipped,
    count_lines,
    count_rows,
    line_map,
    lines_add_up,
    open_table,
    read_sheet,
    source_sql,
    structural_rejects,
)

# The parser's own database only holds the distinct values it looks up; past this it spills.
PRIVATE_MEMORY = "256MB"
SHEET = "_dt_sheet"


def _match(path: Path, mappings: tuple[Mapping, ...]) -> tuple[Mapping, TableFile] | None:
    for mapping in mappings:
        table = open_table(path, mapping.delimiter)
        if table is not None and mapping.matches(list(table.header)):
            return mapping, table
    return None


class CustomsTable(SourceFormat):
    name = "customs"
    description = (
        "Shipment-level customs declarations and bills of lading (CSV, XLSX, Parquet), "
        "through a column mapping"
    )
    mode = "append"

    def __init__(self, mapping: Mapping | None = None) -> None:
        self.mappings = (mapping,) if mapping is not None else shipped_mappings()

    @classmethod
    def sniff(cls, path: Path) -> SourceInput | None:
        if not path.is_file() or _match(path, shipped_mappings()) is None:
            return None
        return SourceInput(path, (path,))

    @classmethod
    def accept(cls, path: Path) -> SourceInput:
        if not path.is_file():
            raise SourceError(str(path), None, "a customs table is one file, not a folder")
        return SourceInput(path, (path,))

    def select(self, path: Path) -> tuple[Mapping, TableFile]:
        """The mapping and table of `path`, or one error listing columns found and missing."""
        found = _match(path, self.mappings)
        if found is not None:
            return found
        table = open_table(path, self.mappings[0].delimiter)
        if table is None:
            raise SourceError(str(path), None, "not a CSV, XLSX or Parquet table")
        raise layout_error(path, list(table.header), self.mappings)

    def dataset(self, source: SourceInput) -> str:
        return self.select(source.path)[0].dataset

    def parse(self, source: SourceInput) -> Iterator[Batch]:
        """Only the rejects of unsplittable lines: the rows are mapped in SQL by the store."""
        for batch in self.parse_tables(source):
            if isinstance(batch, TableBatch):
                yield batch.to_batch()

    def parse_tables(self, source: SourceInput) -> Iterator[TableBatch | SqlBatch]:
        """Count the file's rows and lines, then hand the store the SQL that maps and stores
        its rows, with the lookups it runs once they are numbered."""
        mapping, table = self.select(source.path)
        with tempfile.TemporaryDirectory(prefix="dualtrace-") as spill:
            con = duckdb.connect(config={"memory_limit": PRIVATE_MEMORY, "temp_directory": spill})
            con.execute("SET enable_progress_bar = false")
            try:
                yield from self._batches(con, mapping, table)
            except duckdb.Error as exc:
                raise SourceError(str(source.path), None, f"cannot read: {exc}") from None
            finally:
                con.close()

    def _batches(
        self, con: duckdb.DuckDBPyConnection, mapping: Mapping, table: TableFile
    ) -> Iterator[TableBatch | SqlBatch]:
        sheet = read_sheet(table) if table.kind == "xlsx" else None
        skipped: list[StructuralReject] = []
        lines = LineMap()
        if table.kind == "csv":
            n_rows, n_lines = count_rows(con, table), count_lines(con, table)
            if not lines_add_up(n_lines, n_rows):
                skipped = structural_rejects(con, table)
            check_skipped(table, skipped)
            lines = line_map(con, table, n_rows, n_lines, skipped)
        rows_sql, joined = source_sql(table, lines, SHEET)
        for name, data in joined.items():
            con.register(name, data)
        if skipped:
            yield TableBatch(rejects=_skipped_table(table, skipped, lines))
        sql = ShipmentSql(mapping, table, rows_sql)
        tables: dict[str, pa.Table | pa.RecordBatchReader] = dict(joined)
        if sheet is not None:
            tables[SHEET] = sheet
        wanted = sql.survey()

        def lookups(db: duckdb.DuckDBPyConnection) -> dict[str, pa.Table]:
            return survey(db, sql.numbered, wanted, mapping.dataset)

        yield sql.batch(tables, lookups)


def _skipped_table(table: TableFile, skipped: list[StructuralReject], lines: LineMap) -> pa.Table:
    name = table.path.name
    return pa.table(
        {
            "locator": [f"{name} line {lines.line_of(r)}" for r in skipped],
            "field": pa.array([None] * len(skipped), pa.string()),
            "reason": [r.reason for r in skipped],
            "raw": [r.raw for r in skipped],
        }
    )


def mapped_format(mapping_path: Path) -> CustomsTable:
    """The customs format reading files through a user's own mapping (a YAML file)."""
    return CustomsTable(load_mapping(mapping_path))


def list_rejects(
    db: duckdb.DuckDBPyConnection, ingest_id: int | None, limit: int
) -> list[dict[str, object]]:
    """Quarantined rows of current ingests: where they are, which field, why."""
    rows = db.execute(
        "SELECT r.ingest_id, i.dataset, r.locator, r.field, r.reason FROM rejects r "
        "JOIN current_ingests i USING (ingest_id) WHERE ? IS NULL OR r.ingest_id = ? "
        "ORDER BY r.ingest_id, r.locator LIMIT ?",
        [ingest_id, ingest_id, limit],
    ).fetchall()
    keys = ("ingest_id", "dataset", "locator", "field", "reason")
    return [dict(zip(keys, row, strict=True)) for row in rows]
