"""Screening a counterparty file (CSV or XLSX) and scoring labelled name pairs.

A file is read whole, its good rows screened (in worker processes), and written back with the
best match, its score and why. A bad row (no name, a value over the limits, an unknown schema)
does not stop the file: it is written with its reason and listed in the report.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from dualtrace.errors import DualtraceError
from dualtrace.screen.index import ScreenIndex
from dualtrace.screen.matcher import MatchResult, Screener, screen_many
from dualtrace.screen.query import Query, QueryError
from dualtrace.screen.watchlist import WatchEntity

# Spreadsheet headers people use, mapped to FollowTheMoney properties.
COLUMN_ALIASES = {
    "name": "name",
    "company": "name",
    "counterparty": "name",
    "alias": "alias",
    "schema": "schema",
    "type": "schema",
    "country": "country",
    "jurisdiction": "jurisdiction",
    "nationality": "nationality",
    "birth_date": "birthDate",
    "birthdate": "birthDate",
    "dob": "birthDate",
    "inn": "innCode",
    "ogrn": "ogrnCode",
    "uscc": "uscCode",
    "imo": "imoNumber",
    "lei": "leiCode",
    "registration_number": "registrationNumber",
    "tax_number": "taxNumber",
    "address": "address",
}
RESULT_COLUMNS = (
    "match",
    "score",
    "matched_id",
    "matched_name",
    "matched_schema",
    "matched_datasets",
    "matched_programs",
    "explanation",
    "status",
)


@dataclass
class FileReport:
    rows: int = 0
    screened: int = 0
    matched: int = 0
    bad_rows: list[tuple[int, str]] = field(default_factory=list)
    """(row number in the file, counting the header as 1; reason)"""


def read_table(path: Path, *, needs_name: bool = True) -> tuple[list[str], list[dict[str, str]]]:
    """Header and rows of a CSV or XLSX file, every cell as text."""
    suffix = path.suffix.lower()
    if not path.is_file():
        raise DualtraceError(f"{path}: no such file")
    if suffix == ".xlsx":
        from openpyxl import load_workbook

        book = load_workbook(path, read_only=True, data_only=True)
        try:
            sheet = book.worksheets[0]
            it: Iterator[tuple[Any, ...]] = sheet.iter_rows(values_only=True)
            header = [str(c).strip() if c is not None else "" for c in next(it, ())]
            rows = [
                {h: ("" if c is None else str(c)) for h, c in zip(header, r, strict=False) if h}
                for r in it
            ]
        finally:
            book.close()
    elif suffix in {".csv", ".txt", ".tsv"}:
        try:
            with path.open(encoding="utf-8-sig", newline="") as handle:
                sample = handle.read(4096)
                handle.seek(0)
                delimiter = (
                    "\t" if suffix == ".tsv" or sample.count("\t") > sample.count(",") else ","
                )
                reader = csv.DictReader(handle, delimiter=delimiter)
                header = [h.strip() for h in reader.fieldnames or []]
                rows = [{(k or "").strip(): (v or "") for k, v in r.items() if k} for r in reader]
        except UnicodeDecodeError as exc:
            raise DualtraceError(f"{path}: not UTF-8 text (byte {exc.start})") from None
        except csv.Error as exc:
            raise DualtraceError(f"{path}: broken CSV: {exc}") from None
    else:
        raise DualtraceError(f"{path}: screen reads .csv or .xlsx files, not {suffix or 'this'}")
    if needs_name and not any(_prop_of(h) == "name" for h in header):
        raise DualtraceError(f"{path}: no 'name' column (found: {', '.join(header) or 'none'})")
    return header, rows


def _prop_of(column: str) -> str | None:
    key = column.strip().lower().replace(" ", "_")
    return COLUMN_ALIASES.get(key) or (column if column in {"innCode", "ogrnCode"} else None)


def query_of(row: dict[str, str]) -> Query:
    schema = "LegalEntity"
    props: dict[str, list[str]] = {}
    for column, value in row.items():
        prop = _prop_of(column)
        if prop is None or not value.strip():
            continue
        if prop == "schema":
            schema = value.strip()
        else:
            props.setdefault(prop, []).extend(v for v in value.split(";") if v.strip())
    return Query.from_example(schema, props)


def _result_cells(results: list[MatchResult]) -> dict[str, str]:
    if not results:
        return {"match": "no", "score": "0", "status": "ok"}
    best = results[0]
    return {
        "match": "yes" if best.match else "no",
        "score": f"{best.score:.4f}",
        "matched_id": best.entity.id,
        "matched_name": best.entity.caption,
        "matched_schema": best.entity.schema,
        "matched_datasets": ";".join(best.entity.datasets),
        "matched_programs": ";".join(best.entity.programs),
        "explanation": " | ".join(best.explanation),
        "status": "ok",
    }


def screen_file(
    screener: Screener,
    source: Path,
    target: Path,
    *,
    workers: int = 1,
    on_total: Callable[[int], None] | None = None,
    on_progress: Callable[[int], None] | None = None,
) -> FileReport:
    header, rows = read_table(source)
    report = FileReport(rows=len(rows))
    if on_total is not None:
        on_total(len(rows))
    queries: list[Query] = []
    positions: list[int] = []
    out_rows: list[dict[str, str]] = [dict(r) for r in rows]
    for i, row in enumerate(rows):
        try:
            queries.append(query_of(row))
            positions.append(i)
        except QueryError as exc:
            report.bad_rows.append((i + 2, str(exc)))
            out_rows[i]["status"] = f"error: {exc}"
            if on_progress is not None:
                on_progress(1)
    for qi, results in screen_many(
        screener, queries, workers=workers, limit=1, on_progress=on_progress
    ):
        cells = _result_cells(results)
        out_rows[positions[qi]].update(cells)
        report.screened += 1
        report.matched += cells["match"] == "yes"
    write_table(target, [*header, *RESULT_COLUMNS], out_rows)
    return report


def write_table(path: Path, columns: list[str], rows: list[dict[str, str]]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.suffix.lower() == ".xlsx":
        from openpyxl import Workbook

        book = Workbook(write_only=True)
        sheet = book.create_sheet("screened")
        sheet.append(columns)
        for row in rows:
            sheet.append([row.get(c, "") for c in columns])
        book.save(path)
        return
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, columns, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)


def score_pairs(
    source: Path, target: Path, *, threshold: float | None = None
) -> tuple[int, list[tuple[int, str]]]:
    """Score each (name1, name2, schema) row with the full scorer; name2 plays the listed side.

    Token rarity is taken over the file's name2 column, the way it is over a list. Returns the
    number of pairs scored and the bad rows."""
    header, rows = read_table(source, needs_name=False)
    missing = {"name1", "name2"} - set(header)
    if missing:
        raise DualtraceError(f"{source}: missing column(s) {', '.join(sorted(missing))}")
    entities: list[WatchEntity] = []
    queries: list[Query | None] = []
    bad: list[tuple[int, str]] = []
    for i, row in enumerate(rows):
        schema = (row.get("schema") or "LegalEntity").strip() or "LegalEntity"
        try:
            queries.append(Query.from_example(schema, {"name": [row.get("name1", "")]}))
            listed = Query.from_example(schema, {"name": [row.get("name2", "")]})
        except QueryError as exc:
            queries.append(None)
            bad.append((i + 2, str(exc)))
            listed = None
        names = listed.names if listed else ()
        entities.append(
            WatchEntity(
                f"pair-{i}",
                listed.schema if listed else schema,
                "",
                names,
                frozenset(),
                (),
                (),
                (),
                (),
                (),
                "{}",
            )
        )
    screener = Screener(ScreenIndex(entities))
    if threshold is not None:
        screener.threshold = threshold
    for i, (row, query) in enumerate(zip(rows, queries, strict=True)):
        if query is None:
            row["status"] = "error: " + next(r for n, r in bad if n == i + 2)
            continue
        result = screener.score_entity(query, i)
        row["score"] = f"{result.score:.4f}"
        row["match"] = "yes" if result.match else "no"
        row["status"] = "ok"
    write_table(target, [*header, "score", "match", "status"], rows)
    return len(rows) - len(bad), bad
