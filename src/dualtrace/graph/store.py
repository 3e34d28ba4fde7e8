"""The graph kept in the workspace, so that a trace does not rebuild it.

    DIR/graph/nodes.arrow   one row per node, in node-index order
    DIR/graph/edges.arrow   one row per edge, nodes referred to by index
    DIR/graph/state.json    the workspace state the graph was built from

Arrow IPC files without compression are memory-mapped when read: loading ten million edges
costs the adjacency arrays and the numeric columns, not a decode of every string. Edges are
written batch by batch as DuckDB hands them over, so the writer never holds them all. The
state is a fingerprint of the current ingests and the resolution; when either changes, the
stored graph is stale and is rebuilt.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pyarrow as pa

from dualtrace.graph.model import EvidenceGraph
from dualtrace.store import Workspace

GRAPH_DIR = "graph"
FORMAT_VERSION = 2


def graph_dir(ws: Workspace) -> Path:
    return ws.root / GRAPH_DIR


def workspace_state(ws: Workspace) -> dict[str, object]:
    """What the graph depends on, cheaply: the current ingests and the resolution's content."""
    ingests = ws.db.execute(
        "SELECT count(*), coalesce(max(ingest_id), 0) FROM current_ingests"
    ).fetchone()
    resolved = ws.db.execute(
        "SELECT count(*), coalesce(sum(hash(entity_id || '>' || canonical_id)), 0)::VARCHAR "
        "FROM resolved"
    ).fetchone()
    entities = ws.db.execute(
        "SELECT count(*), coalesce(sum(hash(canonical_id || caption || schema "
        "|| array_to_string(countries, ','))), 0)::VARCHAR FROM canonical_entities"
    ).fetchone()
    return {
        "format": FORMAT_VERSION,
        "ingests": list(ingests or ()),
        "resolved": list(resolved or ()),
        "entities": list(entities or ()),
    }


def save_graph(
    ws: Workspace,
    state: dict[str, object],
    nodes: pa.Table | pa.RecordBatchReader,
    edges: pa.Table | pa.RecordBatchReader,
) -> None:
    """Write the graph's columns; the state file is written last, so a crash mid-way leaves
    no state claiming a half-written graph."""
    folder = graph_dir(ws)
    folder.mkdir(exist_ok=True)
    (folder / "state.json").unlink(missing_ok=True)
    for name, data in (("nodes", nodes), ("edges", edges)):
        tmp = folder / f"{name}.arrow.tmp"
        with pa.OSFile(str(tmp), "wb") as sink, pa.ipc.new_file(sink, data.schema) as writer:
            if isinstance(data, pa.Table):
                writer.write_table(data, max_chunksize=1 << 22)
            else:
                for batch in data:
                    writer.write_batch(batch)
        os.replace(tmp, folder / f"{name}.arrow")
    (folder / "state.json").write_text(json.dumps(state) + "\n", encoding="utf-8")


def load_stored(ws: Workspace, state: dict[str, object]) -> EvidenceGraph | None:
    """The stored graph if it was built from `state`, else None."""
    folder = graph_dir(ws)
    try:
        stored = json.loads((folder / "state.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if stored != json.loads(json.dumps(state)):
        return None
    try:
        nodes = _read(folder / "nodes.arrow")
        edges = _read(folder / "edges.arrow")
    except (OSError, pa.ArrowInvalid):
        return None
    return EvidenceGraph(nodes, edges)


def _read(path: Path) -> pa.Table:
    with pa.memory_map(str(path), "r") as source:
        return pa.ipc.open_file(source).read_all()
