"""Reading a table file (CSV, Parquet or XLSX) as a stream of Arrow chunks of text cells.

Every cell is handed on as text, exactly as the file gives it, with the line (CSV) or row
(Parquet, XLSX) it came from; typing happens later, in SQL, where a bad cell becomes a reject
rather than a crash. DuckDB reads CSV and Parquet: it is several times faster than any Python
loop and streams in bounded memory. A CSV row DuckDB cannot split (wrong number of columns,
an unterminated quote) is kept out of the stream and reported with its line, so that every
line of the file is either a record or a reject.
"""

from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path
from typing import Literal

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq

from dualtrace.errors import SourceError
from dualtrace.sources.base import read_head

Kind = Literal["csv", "parquet", "xlsx"]
DELIMITERS = (";", ",", "\t", "|")
LINE_COLUMN = "_line"


@dataclass(frozen=True, slots=True)
class StructuralReject:
    line: int
    reason: str
    raw: str


@dataclass(frozen=True, slots=True)
class TableFile:
    """A table file recognised by content, with its header and (for CSV) its delimiter."""

    path: Path
    kind: Kind
    header: tuple[str, ...]
    delimiter: str = ","

    @property
    def unit(self) -> str:
        """What a locator counts: physical lines of a CSV, rows of a sheet or Parquet file."""
        return "line" if self.kind == "csv" else "row"

    def columns(self) -> list[str]:
        return [f"c{i}" for i in range(len(self.header))]


def file_kind(path: Path) -> Kind | None:
    if not path.is_file():
        return None
    head = read_head(path)
    if head.startswith(b"PAR1"):
        return "parquet"
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(path) as archive:
                return "xlsx" if "xl/workbook.xml" in archive.namelist() else None
        except zipfile.BadZipFile:
            return None
    text = _decode_head(head)
    return "csv" if text and any(d in text for d in DELIMITERS) else None


def _decode_head(head: bytes) -> str | None:
    if b"\x00" in head:
        return None
    for cut in range(4):  # the head may end inside a multi-byte character
        try:
            return head[: len(head) - cut].decode("utf-8")
        except UnicodeDecodeError:
            continue
    return None


def open_table(path: Path, delimiter: str = "auto") -> TableFile | None:
    """The file's kind and header, or None if it is not a table file."""
    kind = file_kind(path)
    if kind == "parquet":
        names = pq.read_schema(path).names
        return TableFile(path, kind, tuple(names))
    if kind == "xlsx":
        return TableFile(path, kind, tuple(_xlsx_header(path)))
    if kind == "csv":
        text = _decode_head(read_head(path, 1 << 16)) or ""
        first = text.lstrip("\ufeff").split("\n", 1)[0].rstrip("\r")
        if delimiter == "auto":
            delimiter = max(DELIMITERS, key=first.count)
        header = next(csv.reader(io.StringIO(first), delimiter=delimiter), [])
        if not any(cell.strip() for cell in header):
            return None
        return TableFile(path, kind, tuple(h.strip() for h in header), delimiter)
    return None


def _xlsx_header(path: Path) -> list[str]:
    from openpyxl import load_workbook

    book = load_workbook(path, read_only=True, data_only=True)
    try:
        sheet = book.worksheets[0]
        for row in sheet.iter_rows(max_row=1, values_only=True):
            return [_cell_text(v) or "" for v in row]
        return []
    finally:
        book.close()


def _csv_source(table: TableFile, rejects_table: str | None) -> str:
    """read_csv with every column as text; bad lines are stored aside, or skipped."""
    columns = ", ".join(f"'{c}': 'VARCHAR'" for c in table.columns())
    path = str(table.path).replace("'", "''")
    delim = table.delimiter.replace("'", "''")
    bad_lines = (
        f"store_rejects = true, rejects_table = '{rejects_table}', "
        f"rejects_scan = '{rejects_table}_scan'"
        if rejects_table
        else "ignore_errors = true"
    )
    return (
        f"read_csv('{path}', delim = '{delim}', quote = '\"', escape = '\"', header = true, "
        f"auto_detect = false, columns = {{{columns}}}, {bad_lines})"
    )


def structural_rejects(con: duckdb.DuckDBPyConnection, table: TableFile) -> list[StructuralReject]:
    """The CSV lines DuckDB cannot split into the header's columns (a first, cheap pass)."""
    if table.kind != "csv":
        return []
    con.execute("DROP TABLE IF EXISTS _structure; DROP TABLE IF EXISTS _structure_scan")
    try:
        con.execute(f"SELECT count(*) FROM {_csv_source(table, '_structure')}").fetchall()
    except duckdb.Error as exc:
        raise SourceError(str(table.path), None, f"cannot read as CSV: {exc}") from None
    rows = con.execute(
        "SELECT line, string_agg(DISTINCT error_message, '; '), any_value(csv_line) "
        "FROM _structure GROUP BY line ORDER BY line"
    ).fetchall()
    return [StructuralReject(int(line), str(reason), str(raw or "")) for line, reason, raw in rows]


MAX_SKIPPED = 200


def source_sql(table: TableFile, skipped: list[StructuralReject], sheet_name: str) -> str:
    """A FROM clause giving `_line` and the text cells c0..cN of every readable row.

    For an XLSX file the rows come from an Arrow table registered as `sheet_name` (see
    read_sheet). A CSV row's line is its ordinal plus the header plus the lines skipped before
    it; the skipped lines are few, so the shift is a short sum, computed as rows stream by.
    """
    if table.kind == "xlsx":
        return sheet_name
    path = str(table.path).replace("'", "''")
    if table.kind == "parquet":
        cells = ", ".join(
            f'CAST("{name.replace(chr(34), chr(34) * 2)}" AS VARCHAR) AS c{i}'
            for i, name in enumerate(table.header)
        )
        return (
            f"(SELECT file_row_number + 1 AS {LINE_COLUMN}, {cells} "
            f"FROM read_parquet('{path}', file_row_number = true))"
        )
    if len(skipped) > MAX_SKIPPED:
        raise SourceError(
            str(table.path),
            f"line {skipped[0].line}",
            f"{len(skipped)} lines do not split into the header's {len(table.header)} columns "
            f"with delimiter {table.delimiter!r}; is it the right layout?",
        )
    shift = "".join(f" + (n > {r.line - 2 - i})::BIGINT" for i, r in enumerate(skipped))
    return (
        f"(SELECT n + 1{shift} AS {LINE_COLUMN}, * EXCLUDE (n) FROM "
        f"(SELECT row_number() OVER () AS n, * FROM {_csv_source(table, None)}))"
    )


def _cell_text(value: object) -> str | None:
    """A spreadsheet cell as the text a CSV export would hold."""
    if value is None:
        return None
    if isinstance(value, datetime):
        if value.time() == time(0):
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    text = str(value).strip()
    return text or None


def read_sheet(table: TableFile, chunk_rows: int = 100_000) -> pa.Table:
    """The first sheet of an XLSX file as text cells with their row numbers (a sheet holds
    at most 1,048,576 rows, so it fits in memory)."""
    from openpyxl import load_workbook

    book = load_workbook(table.path, read_only=True, data_only=True)
    width = len(table.header)
    names = [LINE_COLUMN, *table.columns()]
    batches = []
    try:
        rows = book.worksheets[0].iter_rows(min_row=2, values_only=True)
        lines: list[int] = []
        cells: list[list[str | None]] = [[] for _ in range(width)]
        for number, row in enumerate(rows, start=2):
            texts = [_cell_text(v) for v in row[:width]]
            if not any(texts):
                continue
            texts += [None] * (width - len(texts))
            lines.append(number)
            for i, text in enumerate(texts):
                cells[i].append(text)
            if len(lines) >= chunk_rows:
                batches.append(_xlsx_batch(names, lines, cells))
                lines, cells = [], [[] for _ in range(width)]
        batches.append(_xlsx_batch(names, lines, cells))
    finally:
        book.close()
    return pa.Table.from_batches(batches)


def _xlsx_batch(
    names: list[str], lines: list[int], cells: list[list[str | None]]
) -> pa.RecordBatch:
    arrays = [pa.array(lines, pa.int64()), *(pa.array(c, pa.string()) for c in cells)]
    return pa.RecordBatch.from_arrays(arrays, names=names)
