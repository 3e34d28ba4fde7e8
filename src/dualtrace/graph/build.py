"""Building the evidence graph from the workspace's canonical relations (rustworkx).

Nodes are resolved entities; parallel edges are kept, one per relation, each carrying the
record that proves it, so any path found can be cited link by link. Authorities (the
targets of `sanctioned` edges) are nodes too but are marked, so that traversals never pass
through them: two parties sanctioned by the same authority are not linked by that fact.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import rustworkx as rx

from dualtrace.store import Workspace


@dataclass(frozen=True, slots=True)
class Node:
    entity_id: str
    schema: str
    caption: str
    countries: tuple[str, ...] = ()
    is_authority: bool = False


@dataclass(frozen=True, slots=True)
class Edge:
    relation_id: str
    type: str
    source_id: str
    target_id: str
    record_id: str
    start: str | None
    end: str | None
    props: dict[str, Any] = field(default_factory=dict)

    def active_on(self, day: str | None) -> bool:
        """True if the relation was in force on `day` (ISO date; prefixes compare by text)."""
        if day is None:
            return True
        if self.start and self.start[: len(day)] > day:
            return False
        return not (self.end and self.end[: len(day)] < day)


@dataclass
class EvidenceGraph:
    graph: rx.PyDiGraph = field(default_factory=lambda: rx.PyDiGraph(multigraph=True))
    index: dict[str, int] = field(default_factory=dict)

    def add_node(self, node: Node) -> int:
        found = self.index.get(node.entity_id)
        if found is not None:
            return found
        idx = int(self.graph.add_node(node))
        self.index[node.entity_id] = idx
        return idx

    def node(self, entity_id: str) -> Node:
        node: Node = self.graph[self.index[entity_id]]
        return node

    def has(self, entity_id: str) -> bool:
        return entity_id in self.index

    def nodes(self) -> Iterator[Node]:
        for idx in self.graph.node_indices():
            yield self.graph[idx]

    def edges(self) -> Iterator[Edge]:
        for _, _, edge in self.graph.weighted_edge_list():
            yield edge

    def out_edges(self, entity_id: str) -> list[Edge]:
        return [e for _, _, e in self.graph.out_edges(self.index[entity_id])]

    def in_edges(self, entity_id: str) -> list[Edge]:
        return [e for _, _, e in self.graph.in_edges(self.index[entity_id])]

    def sanctions(self, entity_id: str, on: str | None = None) -> list[Edge]:
        """The `sanctioned` edges of an entity, optionally only those in force on a date."""
        return [e for e in self.out_edges(entity_id) if e.type == "sanctioned" and e.active_on(on)]

    @property
    def node_count(self) -> int:
        return int(self.graph.num_nodes())

    @property
    def edge_count(self) -> int:
        return int(self.graph.num_edges())


def build_graph(ws: Workspace) -> EvidenceGraph:
    """The graph of the workspace's current, resolved state (run `resolve` first)."""
    eg = EvidenceGraph()
    authorities = {
        row[0]
        for row in ws.db.execute(
            "SELECT DISTINCT target_id FROM canonical_relations WHERE type = 'sanctioned'"
        ).fetchall()
    }
    for canonical_id, schema, caption, countries in ws.db.execute(
        "SELECT canonical_id, schema, caption, countries FROM canonical_entities"
    ).fetchall():
        eg.add_node(
            Node(canonical_id, schema, caption, tuple(countries), canonical_id in authorities)
        )
    rows = ws.db.execute(
        """
        SELECT relation_id, type, source_id, target_id, record_id, start_date, end_date, props
        FROM canonical_relations
        """
    ).fetchall()
    for relation_id, rtype, source, target, record_id, start, end, props in rows:
        for entity_id in (source, target):
            if not eg.has(entity_id):
                eg.add_node(Node(entity_id, "Thing", entity_id, (), entity_id in authorities))
        edge = Edge(
            relation_id,
            rtype,
            source,
            target,
            record_id,
            start,
            end,
            json.loads(props) if isinstance(props, str) else dict(props or {}),
        )
        eg.graph.add_edge(eg.index[source], eg.index[target], edge)
    return eg
