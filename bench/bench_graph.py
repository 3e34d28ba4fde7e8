"""Evidence graph speed: build from the workspace, load the stored graph, the closest path to a
sanctioned party for every node, and single trace queries.

The relations are generated in DuckDB straight into a workspace's tables (one ingest, every
entity its own resolved entity), with a trade graph's shape: sources drawn towards a few hubs,
many parallel shipments, payments, ownership, directorships, certificates and listings by a
few authorities. Sizes: small 200,000 relations, medium 2 million, large 10 million.

Peers in the same run: for the build, DuckDB's own read of the same canonical relations into
Arrow (the floor any build from the store pays); for the closest paths, rustworkx's Dijkstra
from a super-source joined to every sanctioned node, on an undirected copy of the graph.
Each figure carries wall time, process CPU time and the load average when it was taken.
"""

from __future__ import annotations

import os
import shutil
import statistics
import time
from collections.abc import Callable
from typing import Any

import numpy as np
import rustworkx as rx

from bench.common import BenchContext, Result, peak_rss_mb
from dualtrace.graph import build_graph
from dualtrace.store import Workspace, init_workspace
from dualtrace.trace import TraceFilter, closest_sanctioned, downstream, sanction_tree

_FILL = """
INSERT INTO ingests (ingest_id, dataset, format, mode, input_path, fingerprint, started_at,
                     finished_at)
VALUES (1, 'bench', 'bench', 'append', 'generated', 'generated', now(), now());
INSERT INTO stored_relations
SELECT 'r' || i AS relation_id, type,
       'e' || src AS source_id,
       CASE WHEN type = 'sanctioned' THEN 'authority-' || (i % 3) ELSE 'e' || dst END,
       strftime(DATE '2022-01-01' + (i % 1000)::INTEGER, '%Y-%m-%d') AS start_date,
       NULL AS end_date,
       CASE WHEN type = 'shipped' THEN
           json_object('hs_code', ['8806221000', '8525893000', '8517130000', '9503007000',
                                   '8542310000'][1 + i % 5], 'value', i % 997)
            WHEN type = 'owns' THEN json_object('share_pct', 10 + i % 60)
            ELSE json_object() END AS props,
       'rec' || i AS record_id, 1 AS ingest_id
FROM (
    SELECT i,
           CASE WHEN k < 80 THEN 'shipped' WHEN k < 85 THEN 'paid' WHEN k < 88 THEN 'owns'
                WHEN k < 90 THEN 'directs' WHEN k < 95 THEN 'certified'
                WHEN k < 96 THEN 'sanctioned' ELSE 'manufactured' END AS type,
           floor({n} * pow(random(), 2))::BIGINT AS src,
           floor({n} * random())::BIGINT AS dst
    FROM (SELECT range AS i, hash(range) % 100 AS k FROM range({m}))
);
INSERT INTO canonical_entities
SELECT 'e' || i, 'Company', 'Company ' || i, [['cn', 'hk', 'kz', 'ru', 'tr'][1 + i % 5]],
       [], ['bench'], 1
FROM range({n}) t(i);
"""


def make_workspace(ctx: BenchContext, relations: int) -> Workspace:
    root = ctx.work_dir / f"graph-ws-{relations}"
    shutil.rmtree(root, ignore_errors=True)
    ws = init_workspace(root)
    ws.db.execute(_FILL.format(n=max(100, relations // 10), m=relations))
    return ws


def _cpu() -> float:
    return time.process_time()


def _timed(fn: Callable[[], Any]) -> tuple[Any, float, float, float]:
    load = os.getloadavg()[0]
    wall, cpu = time.perf_counter(), _cpu()
    value = fn()
    return value, time.perf_counter() - wall, _cpu() - cpu, load


def _peer_closest(eg: Any, max_hops: int) -> int:
    """rustworkx: Dijkstra from a super-source on an undirected copy without mentions,
    listings or authorities; counts the nodes within max_hops."""
    g = rx.PyGraph(multigraph=False)
    g.add_nodes_from(range(eg.node_count + 1))
    keep = ~eg.type_mask("mentions", "sanctioned")
    keep &= ~(eg.authority[eg.src] | eg.authority[eg.dst])
    g.extend_from_edge_list(list(zip(eg.src[keep].tolist(), eg.dst[keep].tolist(), strict=True)))
    source = eg.node_count
    targets = np.flatnonzero(eg.sanctioned_mask(None))
    g.extend_from_edge_list([(source, int(t)) for t in targets])
    lengths = rx.graph_dijkstra_shortest_path_lengths(g, source, lambda _: 1.0)
    return sum(1 for d in lengths.values() if d <= max_hops + 1)


def run(ctx: BenchContext) -> list[Result]:
    relations = ctx.scale(200_000, 2_000_000, 10_000_000)
    case = f"{relations:,} relations"
    ws = make_workspace(ctx, relations)
    results: list[Result] = []
    try:
        _, peer_wall, _, _ = _timed(
            lambda: ws.db.sql("SELECT * FROM canonical_relations").to_arrow_table()
        )
        eg, wall, cpu, load = _timed(lambda: build_graph(ws, reuse=False))
        results.append(
            Result(
                "graph",
                case,
                "build wall",
                wall,
                "s",
                peer="DuckDB read of canonical_relations to Arrow",
                peer_value=peer_wall,
                notes=f"cpu {cpu:.1f} s, load {load:.2f}, {eg.edge_count:,} edges, "
                f"{eg.node_count:,} nodes, peak RSS {peak_rss_mb():,.0f} MiB",
                extra={"cpu_s": cpu, "load_avg_1m": load, "edges": eg.edge_count},
            )
        )
        eg, wall, cpu, load = _timed(lambda: build_graph(ws))
        results.append(
            Result(
                "graph",
                case,
                "load stored graph wall",
                wall,
                "s",
                notes=f"cpu {cpu:.1f} s, load {load:.2f}",
                extra={"cpu_s": cpu, "load_avg_1m": load},
            )
        )
        flt = TraceFilter(max_hops=4)
        _ = eg.undirected, eg.degree

        def every_node() -> int:
            tree = sanction_tree(eg, flt)
            return int((tree.all_paths(flt.max_hops)[:, 0] >= 0).sum())

        reached, wall, cpu, load = _timed(every_node)
        peer, peer_wall, _, _ = _timed(lambda: _peer_closest(eg, flt.max_hops))
        results.append(
            Result(
                "graph",
                case,
                "closest sanctioned path, every node, wall",
                wall,
                "s",
                peer="rustworkx Dijkstra from a super-source (no degree cap)",
                peer_value=peer_wall,
                notes=f"cpu {cpu:.1f} s, load {load:.2f}, {reached:,} nodes within "
                f"{flt.max_hops} hops (peer: {peer - 1:,})",
                extra={"cpu_s": cpu, "load_avg_1m": load, "reached": reached},
            )
        )
        rng = np.random.default_rng(7)
        starts = [eg.ids[int(i)] for i in rng.integers(0, eg.node_count, 60)]
        for label, query in (
            ("downstream trace", lambda s: downstream(eg, s, flt)),
            ("closest sanctioned, one entity", lambda s: closest_sanctioned(eg, s, flt)),
        ):
            load = os.getloadavg()[0]
            cpu = _cpu()
            times = []
            for start in starts:
                t = time.perf_counter()
                query(start)
                times.append(time.perf_counter() - t)
            cpu = _cpu() - cpu
            results.append(
                Result(
                    "graph",
                    case,
                    f"{label} p50",
                    statistics.median(times) * 1000,
                    "ms",
                    notes=f"p90 {sorted(times)[int(len(times) * 0.9)] * 1000:.0f} ms over "
                    f"{len(times)} queries, cpu {cpu:.1f} s in all, load {load:.2f}",
                    extra={"cpu_s": cpu, "load_avg_1m": load},
                )
            )
    finally:
        ws.close()
    return results
