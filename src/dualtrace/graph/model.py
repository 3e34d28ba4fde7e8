"""The evidence graph in memory: Arrow columns for the bulk, numpy arrays for the structure.

Ten million relations do not fit as ten million Python objects, so nodes and edges live in
Arrow columns (memory-mapped from the workspace when loaded, never concatenated) and numpy
arrays; a `Node` or an `Edge` object is made only when someone asks for one. The structure is
two compressed adjacency lists (edge rows grouped by source and by target), with edge index i
being row i of the edge columns, so any path found in it can be cited link by link. A graph
library's own structure would cost a Python tuple per edge to build and a second copy of the
edges to hold, for nothing the traces need beyond the neighbours of a node.

Authorities (the targets of `sanctioned` edges) are nodes too but are marked, so that
traversals never pass through them: two parties sanctioned by the same authority are not
linked by that fact.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import numpy as np
import numpy.typing as npt
import pyarrow as pa
import pyarrow.compute as pc

from dualtrace.model import relation_props

Ints = npt.NDArray[np.int64]
Mask = npt.NDArray[np.bool_]

NODE_COLUMNS = ("entity_id", "schema", "caption", "countries", "is_authority")
EDGE_COLUMNS = (
    "src",
    "dst",
    "type",
    "start",
    "end",
    "start_key",
    "end_key",
    "hs",
    "relation_id",
    "record_id",
    "props",
    "maker",
)


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


def date_key(day: str | None, *, high: bool = False) -> int:
    """A date or date prefix as a sortable number: '2023-03' is 20230300 as a lower bound and
    20230399 as an upper one, so comparisons on prefixes need no parsing per edge."""
    digits = "".join(ch for ch in day or "" if ch.isdigit())[:8]
    if not digits:
        return 99_999_999 if high else 0
    return int(digits.ljust(8, "9" if high else "0"))


class EvidenceGraph:
    """Resolved entities and the relations between them, each relation citing its record."""

    def __init__(self, nodes: pa.Table, edges: pa.Table) -> None:
        self._nodes = nodes.combine_chunks()
        self._edges = edges
        self.ids: list[str] = self._nodes.column("entity_id").to_pylist()
        self.index: dict[str, int] = {e: i for i, e in enumerate(self.ids)}
        self.authority: Mask = np.asarray(
            self._nodes.column("is_authority").to_numpy(zero_copy_only=False), dtype=bool
        )
        self.src: Ints = self._int_column("src")
        self.dst: Ints = self._int_column("dst")
        self.start_key: Ints = self._int_column("start_key")
        self.end_key: Ints = self._int_column("end_key")
        self.maker: Ints = self._int_column("maker")
        """The node whose goods a shipment carries, as its declaration names it (-1: none)."""
        types = self._edges.column("type")
        self.type_names: list[str] = sorted(pc.unique(types).drop_null().to_pylist())
        self.type_code: Ints = np.asarray(
            pc.index_in(types, value_set=pa.array(self.type_names, pa.string())).to_numpy(
                zero_copy_only=False
            ),
            dtype=np.int64,
        )
        self._out = _adjacency(self.src, len(self.ids))
        self._in = _adjacency(self.dst, len(self.ids))
        self._col: dict[str, pa.ChunkedArray] = {
            name: self._edges.column(name)
            for name in ("start", "end", "relation_id", "record_id", "props", "hs")
        }

    def _int_column(self, name: str) -> Ints:
        column = self._edges.column(name)
        return np.asarray(column.to_numpy(), dtype=np.int64)

    @property
    def node_table(self) -> pa.Table:
        return self._nodes

    @property
    def edge_table(self) -> pa.Table:
        return self._edges

    # --- nodes -----------------------------------------------------------------------------

    def has(self, entity_id: str) -> bool:
        return entity_id in self.index

    def node(self, entity_id: str) -> Node:
        return self.node_at(self.index[entity_id])

    def node_at(self, idx: int) -> Node:
        row = {name: self._nodes.column(name)[idx].as_py() for name in NODE_COLUMNS}
        return Node(
            row["entity_id"],
            row["schema"],
            row["caption"],
            tuple(row["countries"] or ()),
            bool(row["is_authority"]),
        )

    def nodes(self) -> Iterator[Node]:
        columns = [self._nodes.column(name).to_pylist() for name in NODE_COLUMNS]
        for entity_id, schema, caption, countries, authority in zip(*columns, strict=True):
            yield Node(entity_id, schema, caption, tuple(countries or ()), bool(authority))

    @cached_property
    def degree(self) -> Ints:
        """Distinct neighbours of every node, either direction: a thousand shipments between
        the same two companies are one business link, not a hub."""
        n = len(self.ids)
        low, high = np.minimum(self.src, self.dst), np.maximum(self.src, self.dst)
        pairs = np.unique(low * n + high)
        low, high = pairs // n, pairs % n
        return np.bincount(low, minlength=n) + np.bincount(high[high != low], minlength=n)

    # --- edges -----------------------------------------------------------------------------

    def edge(self, i: int) -> Edge:
        col = self._col
        props = col["props"][i].as_py()
        return Edge(
            col["relation_id"][i].as_py(),
            self.type_names[int(self.type_code[i])],
            self.ids[int(self.src[i])],
            self.ids[int(self.dst[i])],
            col["record_id"][i].as_py(),
            col["start"][i].as_py(),
            col["end"][i].as_py(),
            relation_props(props),
        )

    def hs_code(self, i: int) -> str:
        return str(self._col["hs"][i].as_py() or "")

    def edges(self) -> Iterator[Edge]:
        for i in range(self.edge_count):
            yield self.edge(i)

    def edges_of_type(self, rtype: str) -> list[Edge]:
        return [self.edge(int(i)) for i in np.flatnonzero(self.type_mask(rtype))]

    def type_mask(self, *rtypes: str) -> Mask:
        codes = [self.type_names.index(t) for t in rtypes if t in self.type_names]
        return np.isin(self.type_code, codes)

    def active_mask(self, on: str | None) -> Mask:
        """Relations in force on a date (or date prefix); all of them when `on` is None."""
        if on is None:
            return np.ones(self.edge_count, dtype=bool)
        return (self.start_key <= date_key(on, high=True)) & (self.end_key >= date_key(on))

    def out_indices(self, idx: int) -> Ints:
        offsets, rows = self._out
        return rows[offsets[idx] : offsets[idx + 1]]

    def in_indices(self, idx: int) -> Ints:
        offsets, rows = self._in
        return rows[offsets[idx] : offsets[idx + 1]]

    def out_edges(self, entity_id: str) -> list[Edge]:
        return [self.edge(int(i)) for i in self.out_indices(self.index[entity_id])]

    def in_edges(self, entity_id: str) -> list[Edge]:
        return [self.edge(int(i)) for i in self.in_indices(self.index[entity_id])]

    def sanctions(self, entity_id: str, on: str | None = None) -> list[Edge]:
        """The `sanctioned` edges of an entity, optionally only those in force on a date."""
        if "sanctioned" not in self.type_names or entity_id not in self.index:
            return []
        code = self.type_names.index("sanctioned")
        rows = self.out_indices(self.index[entity_id])
        rows = rows[self.type_code[rows] == code]
        return [e for e in (self.edge(int(i)) for i in rows) if e.active_on(on)]

    def sanctioned_mask(self, on: str | None = None) -> Mask:
        """Nodes (not authorities) under a sanction in force on `on`."""
        rows = self.type_mask("sanctioned") & self.active_mask(on)
        out = np.zeros(self.node_count, dtype=bool)
        out[self.src[rows]] = True
        return out & ~self.authority

    @cached_property
    def undirected(self) -> tuple[Ints, Ints, Ints]:
        """Both directions of every edge as CSR: (offsets per node, neighbours, edge rows)."""
        n = self.node_count
        ends = np.concatenate([self.src, self.dst])
        other = np.concatenate([self.dst, self.src])
        rows = np.concatenate([np.arange(self.edge_count), np.arange(self.edge_count)])
        order = np.argsort(ends, kind="stable")
        offsets = np.zeros(n + 1, dtype=np.int64)
        np.cumsum(np.bincount(ends, minlength=n), out=offsets[1:])
        return offsets, other[order], rows[order]

    @property
    def node_count(self) -> int:
        return len(self.ids)

    @property
    def edge_count(self) -> int:
        return int(self._edges.num_rows)


def _adjacency(ends: Ints, n: int) -> tuple[Ints, Ints]:
    """Edge rows grouped by one end, as (offsets per node, rows): node i's edges are
    rows[offsets[i]:offsets[i + 1]], in row order. Edges are stored sorted by source, so the
    stable sort of the sources is one linear pass."""
    offsets = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(np.bincount(ends, minlength=n), out=offsets[1:])
    return offsets, np.argsort(ends, kind="stable").astype(np.int64)
