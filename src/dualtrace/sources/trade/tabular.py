"""Reading a table file (CSV, Parquet or XLSX) as text cells, each with its line or row.

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
from dataclasses import dataclass, field
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
    """The CSV lines DuckDB cannot split, each with DuckDB's reason and the line's text.

    Keeping DuckDB's rejects table makes its scan about three times slower than one that skips
    bad lines, so this runs only for a file whose lines and rows do not add up (see
    `lines_add_up`): most files are read once, without it.
    """
    con.execute(f"SELECT count(*) FROM {_csv_source(table, _REJECTS)}").fetchall()
    rows = con.execute(
        f"SELECT line, string_agg(DISTINCT error_message, '; '), any_value(csv_line) "
        f"FROM {_REJECTS} GROUP BY line ORDER BY line"
    ).fetchall()
    return [StructuralReject(int(line), str(reason), str(raw or "")) for line, reason, raw in rows]


_REJECTS = "_structure"


def count_rows(con: duckdb.DuckDBPyConnection, table: TableFile) -> int:
    """The rows DuckDB reads from a CSV file, the unsplittable ones left out."""
    ((n_rows,),) = con.execute(f"SELECT count(*) FROM {_csv_source(table, None)}").fetchall()
    return int(n_rows)


def count_lines(con: duckdb.DuckDBPyConnection, table: TableFile) -> int:
    """The physical lines of a CSV file, blank ones included."""
    ((n_lines,),) = con.execute(f"SELECT count(*) FROM {_lines_source(table)}").fetchall()
    return int(n_lines)


def lines_add_up(n_lines: int, n_rows: int) -> bool:
    """Whether a CSV file is one header line and one line per row read: then no line was
    skipped as unsplittable, and none is blank or inside a quoted value."""
    return n_lines == 1 + n_rows


def _quoted_path(table: TableFile) -> str:
    return str(table.path).replace("'", "''")


def _parquet_cells(table: TableFile) -> str:
    return ", ".join(
        f'CAST("{name.replace(chr(34), chr(34) * 2)}" AS VARCHAR) AS c{i}'
        for i, name in enumerate(table.header)
    )


MAX_SKIPPED = 200
MAX_INLINE_SHIFTS = 64
LINE_SHIFTS = "_dt_line_shifts"


@dataclass(frozen=True, slots=True)
class LineMap:
    """Where the n-th row DuckDB reads from a CSV file starts: line n + 1 + shift.

    `shifts` are (first row, shift from that row on), ascending; they grow past a blank line,
    a value quoted over several lines and a line that was rejected. `rejected` gives the line
    of each rejected row, by the line DuckDB reported (which counts a row as one line).
    """

    shifts: tuple[tuple[int, int], ...] = ()
    rejected: dict[int, int] = field(default_factory=dict)

    def table(self) -> pa.Table:
        return pa.table(
            {
                "n": pa.array([n for n, _ in self.shifts], pa.int64()),
                "shift": pa.array([s for _, s in self.shifts], pa.int64()),
            }
        )

    def line_of(self, reject: StructuralReject) -> int:
        return self.rejected.get(reject.line, reject.line)


def _lines_source(table: TableFile) -> str:
    """Every physical line of a CSV file as one text cell, blank lines as NULL."""
    return (
        f"read_csv('{_quoted_path(table)}', delim = '\x01', quote = '', escape = '', "
        "header = false, auto_detect = false, columns = {'l': 'VARCHAR'}, strict_mode = false)"
    )


def _reject_shifts(skipped: list[StructuralReject]) -> LineMap:
    return LineMap(tuple((r.line - 1 - i, i + 1) for i, r in enumerate(skipped)))


def line_map(
    con: duckdb.DuckDBPyConnection,
    table: TableFile,
    n_rows: int,
    n_lines: int,
    skipped: list[StructuralReject],
) -> LineMap:
    """The physical line of every row of a CSV file, as a few shifts of its row number.

    DuckDB numbers neither the rows it reads nor the lines they start on, and skips blank lines
    silently. When the file has exactly one line per row besides the header and the rejected
    lines (the usual case, checked by counting lines), the shifts are those of the rejected
    lines. Otherwise the lines are read again and the rows found by quote parity: a line starts
    a row when the quotes before it are balanced and it is not blank.
    """
    if table.kind != "csv":
        return LineMap()
    if lines_add_up(n_lines, n_rows + len(skipped)):
        return _reject_shifts(skipped)
    # `logical` numbers rows and blank lines as DuckDB numbers its rejected lines.
    con.execute(
        f"""
        CREATE OR REPLACE TEMP TABLE _dt_starts AS
        WITH phys AS (
            SELECT row_number() OVER () AS line,
                   l IS NULL OR trim(l, chr(13)) = '' AS blank,
                   coalesce(length(l) - length(replace(l, '"', '')), 0) AS quotes
            FROM {_lines_source(table)}),
        marked AS (
            SELECT line, blank, coalesce(sum(quotes) OVER (ORDER BY line
                ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0) % 2 = 1 AS inside
            FROM phys)
        SELECT line, blank, row_number() OVER (ORDER BY line) AS logical
        FROM marked WHERE NOT inside
        """
    )
    rejected = [r.line for r in skipped]
    shifts = con.execute(
        """
        WITH records AS (
            SELECT line, row_number() OVER (ORDER BY line) - 1 AS n
            FROM _dt_starts WHERE NOT blank AND NOT list_contains($rejected, logical)),
        shifted AS (SELECT n, line - n - 1 AS shift FROM records WHERE n > 0)
        SELECT n, shift, count(*) OVER () FROM shifted
        QUALIFY shift IS DISTINCT FROM lag(shift) OVER (ORDER BY n)
        ORDER BY n
        """,
        {"rejected": rejected},
    ).fetchall()
    lines = con.execute(
        "SELECT logical, line FROM _dt_starts WHERE list_contains($rejected, logical)",
        {"rejected": rejected},
    ).fetchall()
    con.execute("DROP TABLE _dt_starts")
    # The header is the first row found; a file whose rows DuckDB counts otherwise than the
    # quote parity does (an unterminated quote) keeps the shifts of its rejected lines.
    if not shifts or int(shifts[0][2]) != n_rows:
        return _reject_shifts(skipped)
    return LineMap(
        tuple((int(n), int(s)) for n, s, _ in shifts if (n, s) != (1, 0)),
        {int(logical): int(line) for logical, line in lines},
    )


def source_sql(
    table: TableFile, lines: LineMap, sheet_name: str
) -> tuple[str, dict[str, pa.Table]]:
    """A FROM clause giving `_line` and the text cells c0..cN of every readable row, and the
    tables it joins.

    For an XLSX file the rows come from an Arrow table registered as `sheet_name` (see
    read_sheet). A CSV row's line is its ordinal plus the shift of the line map: a short sum
    for a few shifts, an as-of join to a table of them otherwise.
    """
    if table.kind == "xlsx":
        return sheet_name, {}
    if table.kind == "parquet":
        return (
            f"(SELECT file_row_number + 1 AS {LINE_COLUMN}, {_parquet_cells(table)} "
            f"FROM read_parquet('{_quoted_path(table)}', file_row_number = true))"
        ), {}
    rows = f"(SELECT row_number() OVER () AS n, * FROM {_csv_source(table, None)})"
    if len(lines.shifts) <= MAX_INLINE_SHIFTS:
        shift, before = "", 0
        for first, total in lines.shifts:
            shift += f" + (n >= {first})::BIGINT * {total - before}"
            before = total
        return f"(SELECT n + 1{shift} AS {LINE_COLUMN}, * EXCLUDE (n) FROM {rows})", {}
    return (
        f"(SELECT r.n + 1 + coalesce(s.shift, 0) AS {LINE_COLUMN}, r.* EXCLUDE (n) "
        f"FROM {rows} r ASOF LEFT JOIN {LINE_SHIFTS} s ON r.n >= s.n)"
    ), {LINE_SHIFTS: lines.table()}


def check_skipped(table: TableFile, skipped: list[StructuralReject]) -> None:
    """Refuse a file most of whose lines do not split: it is in another layout."""
    if len(skipped) > MAX_SKIPPED:
        raise SourceError(
            str(table.path),
            f"line {skipped[0].line}",
            f"{len(skipped)} lines do not split into the header's {len(table.header)} columns "
            f"with delimiter {table.delimiter!r}; is it the right layout?",
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
