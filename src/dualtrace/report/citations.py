"""Citations: from a record id to the file, the place in it, and the words it holds.

A dossier numbers each record the first time a sentence cites it, so the reader can go from
any claim to the original file under the workspace's raw/ folder (named by its sha256) and
to the line or element the record came from.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from dualtrace.store import Workspace
from dualtrace.store.records import FoundRecord, find_records

EXCERPT_CHARS = 400


@dataclass(frozen=True, slots=True)
class Citation:
    number: int
    record_id: str
    source: str
    locator: str
    files: tuple[tuple[str, str], ...]
    """(file name, sha256) of the ingest the record came from."""
    excerpt: str
    synthetic: bool


@dataclass
class CitationIndex:
    ws: Workspace
    _by_record: dict[str, Citation] = field(default_factory=dict)

    def cite(self, record_ids: tuple[str, ...] | list[str]) -> list[int]:
        wanted = [r for r in dict.fromkeys(record_ids) if r]
        new = [r for r in wanted if r not in self._by_record]
        found = find_records(self.ws.db, new)
        for record_id in new:
            self._add(record_id, found.get(record_id))
        return [self._by_record[r].number for r in wanted]

    def _add(self, record_id: str, record: FoundRecord | None) -> None:
        number = len(self._by_record) + 1
        if record is None:
            self._by_record[record_id] = Citation(
                number, record_id, "?", "record not found", (), "", False
            )
            return
        files = tuple(
            (str(name), str(sha))
            for name, sha in self.ws.db.execute(
                "SELECT name, sha256 FROM files WHERE ingest_id = ? ORDER BY name",
                [record.ingest_id],
            ).fetchall()
        )
        text = _excerpt(record.raw)
        self._by_record[record_id] = Citation(
            number,
            record_id,
            record.source,
            record.locator,
            files,
            text,
            "synthetic" in text.lower(),
        )

    def all(self) -> list[Citation]:
        return sorted(self._by_record.values(), key=lambda c: c.number)


def _excerpt(raw: Any) -> str:
    data = json.loads(raw) if isinstance(raw, str) else raw
    if isinstance(data, dict):
        parts = [f"{k}: {v}" for k, v in data.items() if v not in (None, "", [], {})]
        text = "; ".join(str(p) for p in parts)
    else:
        text = str(data)
    return text if len(text) <= EXCERPT_CHARS else text[: EXCERPT_CHARS - 1] + "…"
