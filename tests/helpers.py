"""Building small workspaces from statements written in the test, through the real store."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

from dualtrace.model import Batch, Record, Relation, Statement
from dualtrace.sources.base import Mode, SourceFormat, SourceInput
from dualtrace.store import IngestResult, Workspace, ingest_source


class InlineFormat(SourceFormat):
    """A format whose 'file' is the batch the test gives; the file is only for custody."""

    name = "inline"
    description = "test data written in the test"

    def __init__(self, dataset: str, batch: Batch, mode: Mode = "append") -> None:
        self._dataset = dataset
        self._batch = batch
        self.mode = mode

    @classmethod
    def sniff(cls, path: Path) -> SourceInput | None:
        return None

    def dataset(self, source: SourceInput) -> str:
        return self._dataset

    def parse(self, source: SourceInput) -> Iterator[Batch]:
        yield self._batch


def entity_batch(
    dataset: str,
    entities: dict[str, tuple[str, dict[str, str | list[str]]]],
    relations: Iterable[tuple[str, str, str, dict[str, object]]] = (),
) -> Batch:
    """entities: id -> (schema, {prop: value or values}); relations: (type, src, dst, props)."""
    batch = Batch()
    for entity_id, (schema, props) in entities.items():
        record_id = f"{dataset}:{entity_id}"
        batch.records.append(
            Record(record_id, dataset, f"row {entity_id}", {"id": entity_id, **props})
        )
        for prop, values in props.items():
            for value in [values] if isinstance(values, str) else values:
                batch.statements.append(Statement(entity_id, schema, prop, value, record_id))
    for n, (rel_type, source, target, props) in enumerate(relations):
        record_id = f"{dataset}:rel{n}"
        batch.records.append(Record(record_id, dataset, f"relation {n}", {"type": rel_type}))
        start = props.pop("start", None)
        batch.relations.append(
            Relation(
                f"{record_id}#{rel_type}",
                rel_type,
                source,
                target,
                record_id,
                str(start) if start else None,
                None,
                props,
            )
        )  # type: ignore[arg-type]
    return batch


def ingest_inline(
    ws: Workspace, tmp: Path, dataset: str, batch: Batch, mode: Mode = "append"
) -> IngestResult:
    path = tmp / f"{dataset}.txt"
    path.write_text(f"{dataset} {len(batch.records)} {len(batch.statements)}\n", encoding="utf-8")
    return ingest_source(ws, InlineFormat(dataset, batch, mode), SourceInput(path, (path,)))


def canonical(ws: Workspace, entity_id: str) -> str:
    """The resolved entity a source entity belongs to (the entity must have been resolved)."""
    row = ws.db.execute(
        "SELECT canonical_id FROM resolved WHERE entity_id = ?", [entity_id]
    ).fetchone()
    assert row is not None, f"{entity_id} was not resolved"
    return str(row[0])
