"""What changed between two versions of a list: entities added, removed and changed.

A newer ingest of a 'replace' dataset supersedes the older one but both stay stored, so a delta
is computed from their statements and relations whenever it is asked for: by entity, the names,
identifiers and programmes one version has and the other lacks, and delistings. Comparing by
entity id works because parsers derive ids from the list's own identifiers, which the
authorities keep stable from one publication to the next.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from dualtrace.errors import DualtraceError
from dualtrace.store.workspace import Workspace

NAME_PROPS = ("name", "alias", "weakAlias", "previousName")
IDENTIFIER_PROPS = (
    "innCode", "ogrnCode", "kppCode", "okpoCode", "bikCode", "leiCode", "swiftBic", "uscCode",
    "imoNumber", "mmsi", "passportNumber", "idNumber", "taxNumber", "registrationNumber",
    "vatCode", "dunsCode", "isinCode", "socialSecurityNumber", "serialNumber", "callSign",
)  # fmt: skip
KINDS = ("name", "identifier", "programme", "delisted")

# One row per (entity, kind, value) a version holds; authorities are not listed entities.
_FACTS = f"""
    SELECT DISTINCT ingest_id, entity_id,
           CASE WHEN prop IN ({", ".join(f"'{p}'" for p in NAME_PROPS)}) THEN 'name'
                ELSE 'identifier' END AS kind,
           value
    FROM statements
    WHERE ingest_id IN ($old, $new) AND entity_id NOT LIKE 'authority-%'
      AND prop IN ({", ".join(f"'{p}'" for p in NAME_PROPS + IDENTIFIER_PROPS)})
    UNION
    SELECT DISTINCT ingest_id, source_id, 'programme', coalesce(props->>'program', '(none)')
    FROM stored_relations WHERE ingest_id IN ($old, $new) AND type = 'sanctioned'
    UNION
    SELECT DISTINCT ingest_id, source_id, 'delisted', end_date
    FROM stored_relations WHERE ingest_id IN ($old, $new) AND type = 'sanctioned'
      AND end_date IS NOT NULL
"""
_ENTITIES = """
    SELECT DISTINCT ingest_id, entity_id FROM statements
    WHERE ingest_id IN ($old, $new) AND entity_id NOT LIKE 'authority-%'
    UNION
    SELECT DISTINCT ingest_id, source_id FROM stored_relations
    WHERE ingest_id IN ($old, $new) AND type = 'sanctioned'
"""
_DIFF = f"""
    WITH facts AS ({_FACTS}),
    old AS (SELECT entity_id, kind, value FROM facts WHERE ingest_id = $old),
    new AS (SELECT entity_id, kind, value FROM facts WHERE ingest_id = $new)
    SELECT entity_id, kind, value, 'added' FROM (SELECT * FROM new EXCEPT SELECT * FROM old)
    UNION ALL
    SELECT entity_id, kind, value, 'removed' FROM (SELECT * FROM old EXCEPT SELECT * FROM new)
    ORDER BY 1, 2, 4, 3
"""
_PRESENCE = f"""
    WITH ents AS ({_ENTITIES})
    SELECT entity_id, bool_or(ingest_id = $old) AS in_old, bool_or(ingest_id = $new) AS in_new
    FROM ents GROUP BY entity_id
"""
_NAMES = """
    SELECT entity_id, min(value) FROM statements
    WHERE ingest_id IN ($old, $new) AND prop = 'name' GROUP BY entity_id
"""


@dataclass(frozen=True, slots=True)
class EntityChange:
    """One entity's change; `added`/`removed` map a kind (name, identifier, ...) to values."""

    entity_id: str
    name: str | None
    change: str
    added: dict[str, list[str]] = field(default_factory=dict)
    removed: dict[str, list[str]] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {
            "entity_id": self.entity_id,
            "name": self.name,
            "change": self.change,
            "added": self.added,
            "removed": self.removed,
        }


@dataclass(frozen=True, slots=True)
class Delta:
    dataset: str
    old_ingest: int
    new_ingest: int
    added: int
    removed: int
    changed: int
    unchanged: int
    entities: list[EntityChange]

    def summary(self) -> str:
        return (
            f"{self.dataset} ingest {self.old_ingest} -> {self.new_ingest}: "
            f"{self.added:,} added, {self.removed:,} removed, {self.changed:,} changed, "
            f"{self.unchanged:,} unchanged"
        )

    def as_dict(self) -> dict[str, Any]:
        return {
            "dataset": self.dataset,
            "old_ingest": self.old_ingest,
            "new_ingest": self.new_ingest,
            "added": self.added,
            "removed": self.removed,
            "changed": self.changed,
            "unchanged": self.unchanged,
            "entities": [e.as_dict() for e in self.entities],
        }


def diff_ingests(ws: Workspace, old: int, new: int) -> Delta:
    """The delta from ingest `old` to ingest `new` (two versions of one dataset)."""
    rows = ws.db.execute(
        "SELECT ingest_id, dataset FROM ingests "
        "WHERE ingest_id IN (?, ?) AND finished_at IS NOT NULL",
        [old, new],
    ).fetchall()
    datasets = {int(r[0]): str(r[1]) for r in rows}
    for ingest in (old, new):
        if ingest not in datasets:
            raise DualtraceError(f"no finished ingest {ingest} in {ws.root}")
    if datasets[old] != datasets[new]:
        raise DualtraceError(
            f"ingest {old} ({datasets[old]}) and ingest {new} ({datasets[new]}) are not "
            "versions of one dataset"
        )
    params = {"old": old, "new": new}
    names = dict(ws.db.execute(_NAMES, params).fetchall())
    presence = {r[0]: (bool(r[1]), bool(r[2])) for r in ws.db.execute(_PRESENCE, params).fetchall()}
    changes: dict[str, EntityChange] = {}
    for entity_id, kind, value, direction in ws.db.execute(_DIFF, params).fetchall():
        in_old, in_new = presence.get(entity_id, (False, False))
        status = "added" if not in_old else "removed" if not in_new else "changed"
        change = changes.setdefault(
            entity_id, EntityChange(entity_id, names.get(entity_id), status)
        )
        target = change.added if direction == "added" else change.removed
        target.setdefault(kind, []).append(value)
    for entity_id, (in_old, in_new) in presence.items():
        if in_old != in_new and entity_id not in changes:
            status = "added" if in_new else "removed"
            changes[entity_id] = EntityChange(entity_id, names.get(entity_id), status)
    counts = {"added": 0, "removed": 0, "changed": 0}
    for change in changes.values():
        counts[change.change] += 1
    both = sum(1 for in_old, in_new in presence.values() if in_old and in_new)
    order = {"added": 0, "removed": 1, "changed": 2}
    entities = sorted(changes.values(), key=lambda c: (order[c.change], c.entity_id))
    return Delta(
        datasets[new],
        old,
        new,
        counts["added"],
        counts["removed"],
        counts["changed"],
        both - counts["changed"],
        entities,
    )


def latest_delta(ws: Workspace, dataset: str) -> Delta | None:
    """The delta the current version of `dataset` brought over the version it superseded."""
    row = ws.db.execute(
        "SELECT max(old.ingest_id), cur.ingest_id FROM current_ingests cur "
        "JOIN ingests old ON old.superseded_by = cur.ingest_id AND old.finished_at IS NOT NULL "
        "WHERE cur.dataset = ? GROUP BY cur.ingest_id",
        [dataset],
    ).fetchone()
    if row is None or row[0] is None:
        return None
    return diff_ingests(ws, int(row[0]), int(row[1]))


def list_versions(ws: Workspace) -> list[dict[str, Any]]:
    """Every finished ingest of a replacing dataset, newest first, with what superseded it."""
    rows = ws.db.execute(
        "SELECT dataset, ingest_id, format, strftime(finished_at, '%Y-%m-%d %H:%M:%S'), "
        "n_records, superseded_by FROM ingests WHERE mode = 'replace' AND finished_at IS NOT NULL "
        "ORDER BY dataset, ingest_id DESC"
    ).fetchall()
    keys = ("dataset", "ingest_id", "format", "finished_at", "records", "superseded_by")
    return [dict(zip(keys, row, strict=True)) for row in rows]
