"""What the flag rules look at: the graph, the rules, and the entities' statements."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

import numpy as np

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
    _countries: dict[str, frozenset[str]] = field(default_factory=dict, repr=False)
    _edges: dict[str, list[Edge]] = field(default_factory=dict, repr=False)

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

    def countries(self, canonical_id: str) -> frozenset[str]:
        if canonical_id not in self._countries:
            node = self.eg.node(canonical_id) if self.eg.has(canonical_id) else None
            raw = set(node.countries) if node else set()
            self._countries[canonical_id] = frozenset(country_code(c) or c for c in raw)
        return self._countries[canonical_id]

    def caption(self, canonical_id: str) -> str:
        return self.eg.node(canonical_id).caption if self.eg.has(canonical_id) else canonical_id

    def edges_of_type(self, *rtypes: str) -> list[Edge]:
        key = ",".join(rtypes)
        if key not in self._edges:
            self._edges[key] = [
                self.eg.edge(int(i)) for i in np.flatnonzero(self.eg.type_mask(*rtypes))
            ]
        return self._edges[key]


def make_flag(
    ctx: RiskContext, cid: str, code: str, text: str, evidence: list[str], factor: float = 1.0
) -> Flag:
    """A flag with its rule's weight (times `factor`) and its evidence, each record once."""
    return Flag(cid, code, ctx.rules.weight(code) * factor, text, tuple(dict.fromkeys(evidence)))
