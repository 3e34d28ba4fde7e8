"""Finding paths, with filters, degree caps and dates.

Goods paths follow each relation the way its goods move (relations.yaml `goods`): a shipment
from sender to receiver, a certificate from the manufacturer to the applicant who imports
under it, an invoice from the seller to the buyer. Proximity to sanctions ignores direction
(ownership, directorship, payment and travel all count) but never passes through an
authority, and skips hubs above a degree cap: in trade graphs a few hubs reach almost every
node within two hops, and a path through them proves nothing.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from dualtrace.graph import Edge, EvidenceGraph
from dualtrace.model import relation_types

WEAK_LINKS = frozenset({"mentions", "sanctioned"})


@dataclass(frozen=True, slots=True)
class TraceFilter:
    relation_types: frozenset[str] | None = None
    """Relation types a path may use; None: every type that moves goods."""
    since: str | None = None
    until: str | None = None
    hs_prefixes: tuple[str, ...] = ()
    """Only relations whose hs_code starts with one of these (relations without one pass)."""
    through_countries: tuple[str, ...] = ()
    """Only paths passing through an entity of one of these countries (ISO codes)."""
    max_hops: int = 4
    max_degree: int = 500
    as_of: str | None = None
    """Sanctions and ownership in force on this date (ISO)."""
    max_paths: int = 200


@dataclass(frozen=True, slots=True)
class Path:
    nodes: tuple[str, ...]
    edges: tuple[Edge, ...] = field(default_factory=tuple)

    @property
    def hops(self) -> int:
        return len(self.edges)

    @property
    def record_ids(self) -> tuple[str, ...]:
        return tuple(e.record_id for e in self.edges)


def _edge_passes(edge: Edge, flt: TraceFilter) -> bool:
    day = edge.start or ""
    if flt.since and day and day[: len(flt.since)] < flt.since[: len(day)]:
        return False
    if flt.until and day and day[: len(flt.until)] > flt.until:
        return False
    hs = str(edge.props.get("hs_code") or "")
    return not (flt.hs_prefixes and hs and not hs.startswith(flt.hs_prefixes))


def _goods_steps(
    eg: EvidenceGraph, node: str, flt: TraceFilter, *, reverse: bool
) -> Iterator[tuple[str, Edge]]:
    types = relation_types()
    allowed = flt.relation_types
    for edge in eg.out_edges(node):
        goods = types[edge.type].goods if edge.type in types else "none"
        if (goods == ("backward" if reverse else "forward")) and _allowed(edge, allowed, flt):
            yield edge.target_id, edge
    for edge in eg.in_edges(node):
        goods = types[edge.type].goods if edge.type in types else "none"
        if (goods == ("forward" if reverse else "backward")) and _allowed(edge, allowed, flt):
            yield edge.source_id, edge


def _allowed(edge: Edge, allowed: frozenset[str] | None, flt: TraceFilter) -> bool:
    return (allowed is None or edge.type in allowed) and _edge_passes(edge, flt)


def downstream(
    eg: EvidenceGraph,
    start: str,
    flt: TraceFilter | None = None,
    is_end: Callable[[str], bool] | None = None,
) -> list[Path]:
    """Paths along which goods move from `start`, ending where `is_end` holds (or anywhere)."""
    return _walk(eg, start, flt or TraceFilter(), is_end, reverse=False)


def upstream(
    eg: EvidenceGraph,
    start: str,
    flt: TraceFilter | None = None,
    is_end: Callable[[str], bool] | None = None,
) -> list[Path]:
    """Paths along which goods came to `start`, from suppliers back to makers."""
    return _walk(eg, start, flt or TraceFilter(), is_end, reverse=True)


def _walk(
    eg: EvidenceGraph,
    start: str,
    flt: TraceFilter,
    is_end: Callable[[str], bool] | None,
    *,
    reverse: bool,
) -> list[Path]:
    if not eg.has(start):
        return []
    found: list[Path] = []
    stack: list[tuple[str, tuple[str, ...], tuple[Edge, ...]]] = [(start, (start,), ())]
    while stack and len(found) < flt.max_paths:
        node, nodes, edges = stack.pop()
        if edges and (is_end is None or is_end(node)) and _through(eg, nodes, flt):
            found.append(Path(nodes, edges))
        if len(edges) >= flt.max_hops:
            continue
        if edges and _degree(eg, node) > flt.max_degree:
            continue
        seen_next: set[str] = set()
        for nxt, edge in sorted(
            _goods_steps(eg, node, flt, reverse=reverse),
            key=lambda s: (s[0], s[1].start or "", s[1].relation_id),
        ):
            if nxt in nodes or nxt in seen_next or eg.node(nxt).is_authority:
                continue
            seen_next.add(nxt)
            stack.append((nxt, (*nodes, nxt), (*edges, edge)))
    return sorted(found, key=lambda p: (p.hops, p.nodes))


def _through(eg: EvidenceGraph, nodes: tuple[str, ...], flt: TraceFilter) -> bool:
    if not flt.through_countries:
        return True
    return any(set(eg.node(n).countries) & set(flt.through_countries) for n in nodes[1:-1])


def _degree(eg: EvidenceGraph, node: str) -> int:
    idx = eg.index[node]
    return int(eg.graph.in_degree(idx) + eg.graph.out_degree(idx))


def _any_steps(eg: EvidenceGraph, node: str, flt: TraceFilter) -> Iterator[tuple[str, Edge]]:
    for edge in eg.out_edges(node):
        if edge.type not in WEAK_LINKS and edge.active_on(flt.as_of):
            yield edge.target_id, edge
    for edge in eg.in_edges(node):
        if edge.type not in WEAK_LINKS and edge.active_on(flt.as_of):
            yield edge.source_id, edge


def closest_sanctioned(
    eg: EvidenceGraph, start: str, flt: TraceFilter | None = None
) -> Path | None:
    """The shortest path from `start` to a party sanctioned on `flt.as_of` (any direction)."""
    flt = flt or TraceFilter(max_hops=6)
    if not eg.has(start):
        return None
    if eg.sanctions(start, flt.as_of):
        return Path((start,), ())
    parents: dict[str, tuple[str, Edge]] = {}
    queue: deque[tuple[str, int]] = deque([(start, 0)])
    seen = {start}
    while queue:
        node, depth = queue.popleft()
        if depth >= flt.max_hops or (depth and _degree(eg, node) > flt.max_degree):
            continue
        for nxt, edge in _any_steps(eg, node, flt):
            if nxt in seen or eg.node(nxt).is_authority:
                continue
            seen.add(nxt)
            parents[nxt] = (node, edge)
            if eg.sanctions(nxt, flt.as_of):
                return _unwind(start, nxt, parents)
            queue.append((nxt, depth + 1))
    return None


def _unwind(start: str, end: str, parents: dict[str, tuple[str, Edge]]) -> Path:
    nodes = [end]
    edges: list[Edge] = []
    while nodes[-1] != start:
        prev, edge = parents[nodes[-1]]
        nodes.append(prev)
        edges.append(edge)
    return Path(tuple(reversed(nodes)), tuple(reversed(edges)))


def sanctioned_distances(eg: EvidenceGraph, flt: TraceFilter | None = None) -> dict[str, int]:
    """Hops from every entity to its closest sanctioned party (absent: farther than max_hops).

    One breadth-first search from all sanctioned parties at once, so the cost is one pass
    over the graph rather than one search per entity.
    """
    flt = flt or TraceFilter(max_hops=6)
    dist: dict[str, int] = {}
    queue: deque[str] = deque()
    for node in eg.nodes():
        if not node.is_authority and eg.sanctions(node.entity_id, flt.as_of):
            dist[node.entity_id] = 0
            queue.append(node.entity_id)
    while queue:
        node_id = queue.popleft()
        depth = dist[node_id]
        if depth >= flt.max_hops or (depth and _degree(eg, node_id) > flt.max_degree):
            continue
        for nxt, _edge in _any_steps(eg, node_id, flt):
            if nxt not in dist and not eg.node(nxt).is_authority:
                dist[nxt] = depth + 1
                queue.append(nxt)
    return dist
