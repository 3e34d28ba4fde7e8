"""Goods paths, with filters, degree caps and dates.

Goods paths follow each relation the way its goods move (relations.yaml `goods`): a shipment
from sender to receiver, a maker's goods to the intermediary that shipped them on, a
certificate from the manufacturer to the applicant who imports under it, an invoice from the
seller to the buyer. Paths are enumerated breadth first, so the shortest come first and a cap
on their number never hides a short path behind long ones; from each node only one edge per
neighbour is followed (the earliest that passes the filters), and nodes above a degree cap are
not passed through: in trade graphs a few hubs reach almost every node within two hops, and a
path through them proves nothing.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from dualtrace.graph import Edge, EvidenceGraph, date_key
from dualtrace.graph.model import Ints, Mask
from dualtrace.model import relation_types


@dataclass(frozen=True, slots=True)
class TraceFilter:
    relation_types: frozenset[str] | None = None
    """Relation types a path may use; None: every type that moves goods."""
    since: str | None = None
    until: str | None = None
    hs_prefixes: tuple[str, ...] = ()
    """Only relations whose HS code starts with one of these (relations without one pass).
    CHPL tiers are turned into their HS codes by the caller (risk rules hold the table)."""
    through_countries: tuple[str, ...] = ()
    """Only paths passing through an entity of one of these countries (ISO codes)."""
    max_hops: int = 4
    max_degree: int = 500
    as_of: str | None = None
    """Sanctions and ownership in force on this date (ISO)."""
    max_paths: int = 200
    max_expansions: int = 20_000
    """Nodes expanded per query at most: a bound on the cost of one trace."""


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


def _goods_direction(eg: EvidenceGraph) -> Ints:
    """+1 where goods move from source to target, -1 the other way, 0 not goods, by type code."""
    types = relation_types()
    sign = {"forward": 1, "backward": -1}
    return np.array(
        [sign.get(types[t].goods, 0) if t in types else 0 for t in eg.type_names] or [0],
        dtype=np.int64,
    )


class _Steps:
    """The filtered goods steps out of a node, one per neighbour, computed on arrays."""

    def __init__(self, eg: EvidenceGraph, flt: TraceFilter, *, reverse: bool) -> None:
        self.eg = eg
        self.flt = flt
        self.direction = _goods_direction(eg) * (-1 if reverse else 1)
        self.allowed = (
            None
            if flt.relation_types is None
            else np.array([t in flt.relation_types for t in eg.type_names] or [False])
        )
        self.since = date_key(flt.since) if flt.since else None
        self.until = date_key(flt.until, high=True) if flt.until else None

    def __call__(self, idx: int, maker: int = -1) -> tuple[Ints, Ints]:
        """Neighbours and the edge to each; with `maker`, shipments that name another maker
        are not steps (the goods on this path are that maker's)."""
        eg = self.eg
        out_rows, in_rows = eg.out_indices(idx), eg.in_indices(idx)
        out_rows = out_rows[self.direction[eg.type_code[out_rows]] == 1]
        in_rows = in_rows[self.direction[eg.type_code[in_rows]] == -1]
        rows = np.concatenate([out_rows, in_rows])
        nxt = np.concatenate([eg.dst[out_rows], eg.src[in_rows]])
        keep = self._passes(rows)
        if maker >= 0:
            keep &= (eg.maker[rows] < 0) | (eg.maker[rows] == maker)
        rows, nxt = rows[keep], nxt[keep]
        if not len(rows):
            return nxt, rows
        order = np.lexsort((rows, eg.start_key[rows], nxt))
        rows, nxt = rows[order], nxt[order]
        first = np.ones(len(nxt), dtype=bool)
        first[1:] = nxt[1:] != nxt[:-1]
        return nxt[first], rows[first]

    def _passes(self, rows: Ints) -> Mask:
        eg = self.eg
        keep: Mask = ~(eg.authority[eg.src[rows]] | eg.authority[eg.dst[rows]])
        if self.allowed is not None:
            keep &= self.allowed[eg.type_code[rows]]
        if self.since is not None or self.until is not None:
            lo = eg.start_key[rows]
            hi = np.where(eg.end_key[rows] < 99_999_999, eg.end_key[rows], lo)
            hi = np.where(hi == 0, 99_999_999, hi)
            if self.since is not None:
                keep &= hi >= self.since
            if self.until is not None:
                keep &= lo <= self.until
        if self.flt.hs_prefixes:
            for pos in np.flatnonzero(keep):
                hs = eg.hs_code(int(rows[pos]))
                if hs and not hs.startswith(self.flt.hs_prefixes):
                    keep[pos] = False
        return keep


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
    steps = _Steps(eg, flt, reverse=reverse)
    through = _CountryCheck(eg, flt.through_countries)
    found: list[tuple[tuple[int, ...], tuple[int, ...]]] = []
    queue: deque[tuple[tuple[int, ...], tuple[int, ...], int]] = deque(
        [((eg.index[start],), (), -1)]
    )
    supplied = eg.type_names.index("supplied") if "supplied" in eg.type_names else -1
    expansions = 0
    while queue and len(found) < flt.max_paths and expansions < flt.max_expansions:
        nodes, rows, maker = queue.popleft()
        node = nodes[-1]
        if rows and (is_end is None or is_end(eg.ids[node])) and through(nodes):
            found.append((nodes, rows))
        if len(rows) >= flt.max_hops or (rows and int(eg.degree[node]) > flt.max_degree):
            continue
        expansions += 1
        for nxt, row in zip(*steps(node, maker), strict=True):
            if int(nxt) in nodes:
                continue
            goods = int(eg.src[row]) if eg.type_code[row] == supplied else int(eg.maker[row])
            queue.append(((*nodes, int(nxt)), (*rows, int(row)), goods if goods >= 0 else maker))
    paths = [
        Path(tuple(eg.ids[n] for n in nodes), tuple(eg.edge(r) for r in rows))
        for nodes, rows in found
    ]
    return sorted(paths, key=lambda p: (p.hops, p.nodes))


class _CountryCheck:
    """Whether a path passes through one of the given countries (its inner nodes)."""

    def __init__(self, eg: EvidenceGraph, countries: tuple[str, ...]) -> None:
        self.eg = eg
        self.countries = frozenset(c.lower() for c in countries)
        self.cache: dict[int, bool] = {}

    def __call__(self, nodes: tuple[int, ...]) -> bool:
        if not self.countries:
            return True
        return any(self._in(n) for n in nodes[1:-1])

    def _in(self, idx: int) -> bool:
        if idx not in self.cache:
            own = {c.lower() for c in self.eg.node_at(idx).countries}
            self.cache[idx] = bool(own & self.countries)
        return self.cache[idx]
