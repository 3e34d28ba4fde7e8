"""What a workspace holds: the summary `dualtrace status` prints."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from dualtrace.store.workspace import Workspace


@dataclass(frozen=True, slots=True)
class DatasetStatus:
    dataset: str
    format: str
    ingests: int
    current_ingest: int
    records: int
    rejected: int
    statements: int
    relations: int
    last_ingested: str


@dataclass(frozen=True, slots=True)
class WorkspaceStatus:
    root: str
    schema_version: int
    datasets: list[DatasetStatus] = field(default_factory=list)
    entities: int = 0
    canonical_entities: int = 0
    flags: int = 0

    def as_dict(self) -> dict[str, Any]:
        return {
            "root": self.root,
            "schema_version": self.schema_version,
            "entities": self.entities,
            "canonical_entities": self.canonical_entities,
            "flags": self.flags,
            "datasets": [asdict(d) for d in self.datasets],
        }


def workspace_status(ws: Workspace) -> WorkspaceStatus:
    rows = ws.db.execute(
        """
        SELECT dataset, any_value(format), count(*) AS ingests,
               max(ingest_id) FILTER (WHERE superseded_by IS NULL) AS current_ingest,
               sum(n_records) FILTER (WHERE superseded_by IS NULL),
               sum(n_rejected) FILTER (WHERE superseded_by IS NULL),
               sum(n_statements) FILTER (WHERE superseded_by IS NULL),
               sum(n_relations) FILTER (WHERE superseded_by IS NULL),
               strftime(max(finished_at), '%Y-%m-%d %H:%M:%S')
        FROM ingests WHERE finished_at IS NOT NULL
        GROUP BY dataset ORDER BY dataset
        """
    ).fetchall()
    datasets = [
        DatasetStatus(
            r[0],
            r[1],
            int(r[2]),
            int(r[3] or 0),
            int(r[4] or 0),
            int(r[5] or 0),
            int(r[6] or 0),
            int(r[7] or 0),
            r[8] or "",
        )
        for r in rows
    ]
    counts = ws.db.execute(
        """
        SELECT (SELECT count(DISTINCT entity_id) FROM current_statements),
               (SELECT count(DISTINCT canonical_id) FROM resolved),
               (SELECT count(*) FROM flags)
        """
    ).fetchone()
    assert counts is not None
    return WorkspaceStatus(
        str(ws.root), ws.schema_version(), datasets, int(counts[0]), int(counts[1]), int(counts[2])
    )
