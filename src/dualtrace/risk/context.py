"""What the flag rules look at: the graph, the rules, and the entities' statements."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from dualtrace.graph import Edge, EvidenceGraph
from dualtrace.normalize.countries import country_code
from dualtrace.risk.rules import RiskRules
from dualtrace.store import Workspace

Evidence = tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Flag:
    canonical_id: str
    code: str
    weight: float
    explanation: str
    evidence: Evidence


@dataclass
class RiskContext:
    ws: Workspace
    eg: EvidenceGraph
    rules: RiskRules
    as_of: str | None = None
    _props: dict[str, dict[str, list[tuple[str, str]]]] | None = field(default=None, repr=False)
    _canonical: dict[str, str] | None = field(default=None, repr=False)

    def props(self, canonical_id: str) -> dict[str, list[tuple[str, str]]]:
        """prop -> [(value, record_id)] over every source entity resolved into this one."""
        if self._props is None:
            self._props = defaultdict(lambda: defaultdict(list))
            for cid, prop, value, record_id in self.ws.db.execute(
                """
                SELECT coalesce(r.canonical_id, s.entity_id), s.prop, s.value, s.record_id
                FROM current_statements s LEFT JOIN resolved r USING (entity_id)
                """
            ).fetchall():
                self._props[cid][prop].append((value, record_id))
        return self._props.get(canonical_id, {})

    def canonical(self, entity_id: str) -> str:
        """The resolved entity a source entity belongs to (itself if unresolved)."""
        if self._canonical is None:
            self._canonical = dict(
                self.ws.db.execute("SELECT entity_id, canonical_id FROM resolved").fetchall()
            )
        return self._canonical.get(entity_id, entity_id)

    def countries(self, canonical_id: str) -> set[str]:
        node = self.eg.node(canonical_id) if self.eg.has(canonical_id) else None
        raw = set(node.countries) if node else set()
        return {country_code(c) or c for c in raw}

    def caption(self, canonical_id: str) -> str:
        return self.eg.node(canonical_id).caption if self.eg.has(canonical_id) else canonical_id

    def edges_of_type(self, rtype: str) -> list[Edge]:
        return [e for e in self.eg.edges() if e.type == rtype]
