"""From any id a user types (source entity or resolved entity) to the resolved entity, and the
resolved entity read whole: what the CLI, the API and the web pages show about one party."""

from __future__ import annotations

from dataclasses import dataclass, field

from dualtrace.model import most_specific_schema
from dualtrace.store import Workspace
from dualtrace.store.entities import StoredEntity, stored_entity


def canonical_id(ws: Workspace, entity_id: str) -> str:
    row = ws.db.execute(
        "SELECT canonical_id FROM resolved WHERE entity_id = ? OR canonical_id = ? LIMIT 1",
        [entity_id, entity_id],
    ).fetchone()
    return str(row[0]) if row else entity_id


@dataclass(frozen=True, slots=True)
class Member:
    """One source entity of a resolved entity, with the reason resolution gave for it."""

    reason: str
    entity: StoredEntity


@dataclass(frozen=True, slots=True)
class ResolvedEntity:
    canonical_id: str
    schema: str
    caption: str
    names: list[str]
    countries: list[str]
    datasets: list[str]
    members: list[Member] = field(default_factory=list)
    resolved: bool = True
    """False when the workspace has not resolved this entity yet: it is its one source entity."""

    @property
    def properties(self) -> dict[str, list[str]]:
        """Every property over all members, each value once, in member order."""
        out: dict[str, list[str]] = {}
        for member in self.members:
            for prop, values in member.entity.properties.items():
                bucket = out.setdefault(prop, [])
                bucket.extend(v for v in values if v not in bucket)
        return out


def resolved_entity(ws: Workspace, entity_id: str, max_relations: int) -> ResolvedEntity | None:
    """The resolved entity `entity_id` belongs to (or is), with each member's statements and up
    to `max_relations` of its relations; an entity not resolved yet stands alone. None if the
    workspace knows neither."""
    cid = canonical_id(ws, entity_id)
    row = ws.db.execute(
        "SELECT schema, caption, names, countries, datasets FROM canonical_entities "
        "WHERE canonical_id = ?",
        [cid],
    ).fetchone()
    if row is None:
        alone = stored_entity(ws, entity_id, max_relations)
        if alone is None:
            return None
        names = alone.properties.get("name") or alone.properties.get("alias") or [entity_id]
        countries = [c for p in ("country", "jurisdiction") for c in alone.properties.get(p, [])]
        return ResolvedEntity(
            entity_id,
            most_specific_schema(alone.schemata),
            names[0],
            names,
            countries,
            alone.datasets,
            [Member("not resolved yet", alone)],
            resolved=False,
        )
    members = []
    for member_id, reason in ws.db.execute(
        "SELECT entity_id, reason FROM resolved WHERE canonical_id = ? ORDER BY entity_id", [cid]
    ).fetchall():
        found = stored_entity(ws, member_id, max_relations)
        if found is not None:
            members.append(Member(str(reason), found))
    schema, caption, names, countries, datasets = row
    return ResolvedEntity(
        cid, str(schema), str(caption), list(names), list(countries), list(datasets), members
    )
