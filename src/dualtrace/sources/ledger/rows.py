"""Rows of a small ledger file, CSV with a header or a JSON array of objects, with locators.

Invoices and manifests come as spreadsheet exports or as JSON from whatever system produced
them; both are read into the same (locator, {field: text}) rows so a parser has one job.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from dualtrace.errors import SourceError
from dualtrace.sources.base import read_head

Row = dict[str, str | None]


def _text(value: Any) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    return text or None


def header_fields(path: Path) -> set[str] | None:
    """The field names of a ledger file (CSV header or first JSON object), or None."""
    if not path.is_file():
        return None
    raw = read_head(path)
    if b"\x00" in raw:  # a binary file (XLSX, Parquet) is not a ledger
        return None
    head = raw.decode("utf-8", errors="replace").lstrip("\ufeff").lstrip()
    if head.startswith("["):
        start = head.find("{")
        end = head.find("}", start)
        if start < 0 or end < 0:
            return None
        try:
            first = json.loads(head[start : end + 1])
        except json.JSONDecodeError:
            return None
        return {str(k) for k in first} if isinstance(first, dict) else None
    line = head.splitlines()[0] if head else ""
    try:
        return {cell.strip() for cell in next(csv.reader([line]), [])}
    except csv.Error:
        return None


def read_rows(path: Path) -> Iterator[tuple[str, int, Row]]:
    """(locator, position, row) for every row; a file that cannot be parsed raises."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise SourceError(str(path), f"byte {exc.start}", "not UTF-8 text") from None
    if text.lstrip().startswith("["):
        try:
            items = json.loads(text)
        except json.JSONDecodeError as exc:
            raise SourceError(str(path), f"line {exc.lineno}", f"broken JSON: {exc.msg}") from None
        for index, item in enumerate(items, start=1):
            fields = {str(k): _text(v) for k, v in item.items()} if isinstance(item, dict) else {}
            yield f"{path.name} item {index}", index, fields
        return
    reader = csv.reader(text.splitlines(keepends=True))
    try:
        header = [h.strip() for h in next(reader)]
        while True:
            line = reader.line_num + 1
            try:
                cells = next(reader)
            except StopIteration:
                return
            if not cells or not any(c.strip() for c in cells):
                continue
            row: Row = {name: _text(cells[i]) if i < len(cells) else None
                        for i, name in enumerate(header)}  # fmt: skip
            if len(cells) != len(header):
                row["__columns__"] = str(len(cells))
            yield f"{path.name} line {line}", line, row
    except csv.Error as exc:
        raise SourceError(str(path), f"line {reader.line_num}", f"broken CSV: {exc}") from None


def raw_text(row: Row) -> str:
    return json.dumps({k: v for k, v in row.items() if k != "__columns__"}, ensure_ascii=False)
