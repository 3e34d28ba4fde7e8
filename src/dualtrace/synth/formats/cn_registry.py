"""Chinese company registration blocks as a CSV table with the publicity system's own labels
(统一社会信用代码, 企业名称, 法定代表人, ...), the way investigators copy them; a trailing 备注
(remarks) column carries the synthetic marker.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from pathlib import Path
from typing import Final

COLUMNS: Final = (
    "统一社会信用代码",
    "企业名称",
    "英文名称",
    "法定代表人",
    "注册资本",
    "住所",
    "成立日期",
    "经营范围",
    "登记状态",
    "备注",
)


def write_cn_registry(path: Path, rows: Iterable[tuple[str, ...]]) -> int:
    path.parent.mkdir(parents=True, exist_ok=True)
    n = 0
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(COLUMNS)
        for row in rows:
            if len(row) != len(COLUMNS):
                raise ValueError(f"registry row of {len(row)} cells, expected {len(COLUMNS)}")
            writer.writerow(row)
            n += 1
    return n
