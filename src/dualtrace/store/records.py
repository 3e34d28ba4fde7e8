"""Finding records by id, in one query for many ids.

`records` is a view (migration 0005): a large table's rows are stored as cells and a row's id
is its file's prefix and its line, so a filter on the view's `record_id` would build the id of
every stored row to compare it. Here an id is matched to its file's prefix first and the row
looked up by ingest and line; records stored as rows are looked up by id.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import duckdb


@dataclass(frozen=True, slots=True)
class FoundRecord:
    record_id: str
    ingest_id: int
    source: str
    locator: str
    raw: str


_FIND = """
WITH wanted AS (SELECT DISTINCT unnest($ids::VARCHAR[]) AS record_id),
stored AS (
    SELECT r.record_id, r.ingest_id, r.source, r.locator, r.raw::VARCHAR AS raw
    FROM stored_records r JOIN wanted USING (record_id)
),
placed AS (
    SELECT w.record_id, l.ingest_id, l.source, l.locator_prefix, l.keys,
           TRY_CAST(substr(w.record_id, length(l.record_prefix) + 1) AS BIGINT) AS line
    FROM wanted w JOIN table_layouts l ON starts_with(w.record_id, l.record_prefix)
),
tabled AS (
    SELECT p.record_id, p.ingest_id, p.source, p.locator_prefix || t.line AS locator,
           table_row_raw(p.keys, t.cells)::VARCHAR AS raw
    FROM placed p JOIN table_rows t ON t.ingest_id = p.ingest_id AND t.line = p.line
)
SELECT f.* FROM (SELECT * FROM stored UNION ALL SELECT * FROM tabled) f
JOIN current_ingests USING (ingest_id)
"""


def find_records(
    db: duckdb.DuckDBPyConnection, record_ids: Iterable[str]
) -> dict[str, FoundRecord]:
    """The current records of these ids, by id; an id with no current record is left out."""
    ids = list(dict.fromkeys(record_ids))
    if not ids:
        return {}
    found: dict[str, FoundRecord] = {}
    for record_id, ingest_id, source, locator, raw in db.execute(_FIND, {"ids": ids}).fetchall():
        found.setdefault(
            str(record_id),
            FoundRecord(str(record_id), int(ingest_id), str(source), str(locator), str(raw)),
        )
    return found
