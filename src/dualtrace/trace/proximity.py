"""How close each entity is to a sanctioned party, and by which path.

Proximity ignores direction (ownership, directorship, payment, supply and travel all count)
but never passes through an authority, never uses a mention or a listing as a link, and does
not pass through hubs above the degree cap. As of a date, only parties sanctioned on that date
are targets, only relations that had begun count, and ownership, directorships and agencies
that had ended no longer link.

For every entity at once the search is one breadth-first pass from all sanctioned parties
together (a super-source), level by level over arrays, so its cost is one pass over the edges
rather than one search per entity; each reached node keeps the edge it was reached by, and
its closest path is read back along those edges.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from dualtrace.graph import EvidenceGraph, date_key
from dualtrace.graph.model import Ints, Mask
from dualtrace.trace.paths import Path, TraceFilter

WEAK_LINKS = frozenset({"mentions", "sanctioned"})
STANDING = ("owns", "directs", "represents")
"""Relations that hold for a time and stop linking once they end."""


def link_mask(eg: EvidenceGraph, as_of: str | None) -> Mask:
    """The edges proximity may use, as of a date."""
    mask: Mask = ~eg.type_mask(*WEAK_LINKS)
    if as_of is not None:
        mask &= eg.start_key <= date_key(as_of, high=True)
        mask &= ~eg.type_mask(*STANDING) | (eg.end_key >= date_key(as_of))
    return mask


@dataclass(frozen=True, slots=True)
class SanctionTree:
    """Distance in hops to the closest sanctioned party (-1: none within the limit) and the
    edge row by which each node was reached (-1 for targets and unreached nodes)."""

    distance: Ints
    parent_edge: Ints
    parent_node: Ints

    def path_rows(self, idx: int) -> tuple[list[int], list[int]]:
        nodes, rows = [idx], []
        while self.parent_edge[nodes[-1]] >= 0:
            rows.append(int(self.parent_edge[nodes[-1]]))
            nodes.append(int(self.parent_node[nodes[-1]]))
        return nodes, rows

    def all_paths(self, max_hops: int) -> Ints:
        """Every node's closest path as node indexes, one row per node, -1 padded."""
        n = len(self.distance)
        out = np.full((n, max_hops + 1), -1, dtype=np.int64)
        cur = np.where(self.distance >= 0, np.arange(n), -1)
        out[:, 0] = cur
        for hop in range(1, max_hops + 1):
            alive = cur >= 0
            step = np.full(n, -1, dtype=np.int64)
            step[alive] = self.parent_node[cur[alive]]
            cur = step
            out[:, hop] = cur
        return out


def sanction_tree(eg: EvidenceGraph, flt: TraceFilter | None = None) -> SanctionTree:
    """The breadth-first forest grown from every party sanctioned on `flt.as_of`."""
    flt = flt or TraceFilter(max_hops=6)
    n = eg.node_count
    offsets, neighbours, rows = eg.undirected
    usable = link_mask(eg, flt.as_of)
    distance = np.full(n, -1, dtype=np.int64)
    parent_edge = np.full(n, -1, dtype=np.int64)
    parent_node = np.full(n, -1, dtype=np.int64)
    frontier = np.flatnonzero(eg.sanctioned_mask(flt.as_of))
    distance[frontier] = 0
    blocked = eg.authority
    for depth in range(flt.max_hops):
        if depth:
            frontier = frontier[eg.degree[frontier] <= flt.max_degree]
        if not len(frontier):
            break
        starts, stops = offsets[frontier], offsets[frontier + 1]
        counts = stops - starts
        if not counts.sum():
            break
        pos = np.repeat(starts - np.cumsum(counts) + counts, counts) + np.arange(counts.sum())
        nbr, via = neighbours[pos], rows[pos]
        origin = np.repeat(frontier, counts)
        keep = usable[via] & (distance[nbr] < 0) & ~blocked[nbr]
        nbr, via, origin = nbr[keep], via[keep], origin[keep]
        nbr, first = np.unique(nbr, return_index=True)
        distance[nbr] = depth + 1
        parent_edge[nbr] = via[first]
        parent_node[nbr] = origin[first]
        frontier = nbr
    return SanctionTree(distance, parent_edge, parent_node)


def sanctioned_distances(eg: EvidenceGraph, flt: TraceFilter | None = None) -> dict[str, int]:
    """Hops from every entity to its closest sanctioned party (absent: farther than max_hops)."""
    tree = sanction_tree(eg, flt)
    reached = np.flatnonzero(tree.distance >= 0)
    return {eg.ids[i]: int(d) for i, d in zip(reached, tree.distance[reached], strict=True)}


def tree_path(eg: EvidenceGraph, tree: SanctionTree, entity_id: str) -> Path | None:
    """An entity's closest path to a sanctioned party, read from a tree."""
    idx = eg.index.get(entity_id)
    if idx is None or tree.distance[idx] < 0:
        return None
    nodes, rows = tree.path_rows(idx)
    return Path(tuple(eg.ids[i] for i in nodes), tuple(eg.edge(r) for r in rows))


def closest_sanctioned(
    eg: EvidenceGraph, start: str, flt: TraceFilter | None = None
) -> Path | None:
    """The shortest path from `start` to a party sanctioned on `flt.as_of` (any direction).

    A search from the one entity outward, node by node, which stops at the first level that
    reaches a sanctioned party: cheap for one query, where the forest suits all entities.
    """
    flt = flt or TraceFilter(max_hops=6)
    idx = eg.index.get(start)
    if idx is None:
        return None
    targets = eg.sanctioned_mask(flt.as_of)
    if targets[idx]:
        return Path((start,), ())
    usable = link_mask(eg, flt.as_of) if eg.edge_count else np.zeros(0, dtype=bool)
    parent: dict[int, tuple[int, int]] = {idx: (-1, -1)}
    frontier = [idx]
    for depth in range(flt.max_hops):
        reached: list[int] = []
        for node in frontier:
            if depth and int(eg.degree[node]) > flt.max_degree:
                continue
            out_rows, in_rows = eg.out_indices(node), eg.in_indices(node)
            rows = np.concatenate([out_rows, in_rows])
            nbrs = np.concatenate([eg.dst[out_rows], eg.src[in_rows]])
            keep = usable[rows] & ~eg.authority[nbrs]
            for nxt, row in zip(nbrs[keep].tolist(), rows[keep].tolist(), strict=True):
                if nxt in parent:
                    continue
                parent[nxt] = (node, row)
                reached.append(nxt)
        hits = [n for n in reached if targets[n]]
        if hits:
            return _unwind(eg, min(hits, key=lambda n: eg.ids[n]), parent)
        frontier = reached
    return None


def _unwind(eg: EvidenceGraph, end: int, parent: dict[int, tuple[int, int]]) -> Path:
    nodes, rows = [end], []
    while parent[nodes[-1]][0] >= 0:
        prev, row = parent[nodes[-1]]
        rows.append(row)
        nodes.append(prev)
    nodes.reverse()
    rows.reverse()
    return Path(tuple(eg.ids[i] for i in nodes), tuple(eg.edge(r) for r in rows))
