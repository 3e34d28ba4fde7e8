"""Flow results as files: CSV for spreadsheets, JSON for scripts, the same rows either way."""

from __future__ import annotations

import csv
import json
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any


def write_rows(rows: Sequence[dict[str, Any]], path: Path) -> Path:
    """Write `rows` as JSON when the name ends in .json, else as CSV (lists joined by ';').

    Written to a temporary name and renamed, so a reader never sees half a table.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    temp = path.with_name(path.name + ".partial")
    if path.suffix.lower() == ".json":
        temp.write_text(json.dumps(list(rows), ensure_ascii=False, indent=1) + "\n", "utf-8")
    else:
        columns = list(dict.fromkeys(key for row in rows for key in row))
        with temp.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=columns)
            writer.writeheader()
            for row in rows:
                writer.writerow({k: _cell(v) for k, v in row.items()})
    os.replace(temp, path)
    return path


def _cell(value: Any) -> Any:
    if isinstance(value, list | tuple):
        return ";".join(str(v) for v in value)
    return "" if value is None else value
