"""Building the evidence graph from the workspace's resolved state, in SQL.

Nodes are resolved entities; parallel edges are kept, one per relation, each carrying the
record that proves it. Besides the stored relations, the graph derives `supplied` edges from
shipments that name their maker (maker -> sender, one per maker, sender and HS heading, citing
the first declaration): a customs declaration of a hub intermediary's delivery that names the
Chinese factory is the evidence that the factory's goods went through that intermediary.

Shipment edges carry the maker their declaration names (`maker`, a node index, -1 when none),
so that a trace through a maker's supply edge continues only along shipments of that maker's
goods.

Everything heavy happens in DuckDB (joins to the resolution, node numbering, date keys), so
Python only receives columns; the edge rows stream from DuckDB's sort into the workspace's
Arrow file a batch at a time (graph/store.py), so that ten million edges are never held
twice, and are then memory-mapped. The stored graph is reused while the resolved state it was
built from is unchanged.
"""

from __future__ import annotations

from dualtrace.errors import DualtraceError
from dualtrace.graph.model import EvidenceGraph
from dualtrace.graph.store import graph_dir, load_stored, save_graph, workspace_state
from dualtrace.store import Workspace

_RELATIONS = """
CREATE OR REPLACE TEMP TABLE _graph_rel AS
SELECT r.relation_id, r.type, r.source_id, r.target_id, r.start_date, r.end_date,
       r.props::VARCHAR AS props, r.record_id, m.maker
FROM canonical_relations r
LEFT JOIN (
    SELECT s.record_id, any_value(coalesce(x.canonical_id, s.manufacturer_id)) AS maker
    FROM shipments s JOIN current_ingests USING (ingest_id)
    LEFT JOIN resolved x ON x.entity_id = s.manufacturer_id
    WHERE s.manufacturer_id IS NOT NULL
    GROUP BY s.record_id
) m ON r.type = 'shipped' AND m.record_id = r.record_id
UNION ALL
SELECT first_record || '#supplied' AS relation_id, 'supplied' AS type, maker AS source_id,
       sender AS target_id, strftime(first_day, '%Y-%m-%d') AS start_date,
       strftime(last_day, '%Y-%m-%d') AS end_date,
       json_object('hs_code', hs_code, 'declaration', declaration, 'shipments', n,
                   'trademark', trademark)::VARCHAR AS props,
       first_record AS record_id, maker
FROM (
    SELECT maker, sender, left(hs_code, 6) AS heading,
           arg_min(record_id, (date, record_id)) AS first_record,
           arg_min(hs_code, (date, record_id)) AS hs_code,
           arg_min(declaration, (date, record_id)) AS declaration,
           arg_min(trademark, (date, record_id)) AS trademark,
           min(date) AS first_day, max(date) AS last_day, count(*) AS n
    FROM (
        SELECT coalesce(m.canonical_id, s.manufacturer_id) AS maker,
               coalesce(d.canonical_id, s.sender_id) AS sender,
               s.hs_code, s.date, s.record_id, s.declaration, s.trademark
        FROM shipments s JOIN current_ingests USING (ingest_id)
        LEFT JOIN resolved m ON m.entity_id = s.manufacturer_id
        LEFT JOIN resolved d ON d.entity_id = s.sender_id
        WHERE s.manufacturer_id IS NOT NULL AND s.sender_id IS NOT NULL
    )
    WHERE maker <> sender
    GROUP BY maker, sender, heading
)
"""

_IDS = """
CREATE OR REPLACE TEMP TABLE _graph_ids AS
SELECT id, (row_number() OVER (ORDER BY id) - 1)::INTEGER AS idx
FROM (
    SELECT canonical_id AS id FROM canonical_entities
    UNION SELECT source_id FROM _graph_rel
    UNION SELECT target_id FROM _graph_rel
)
"""

_NODES = """
SELECT i.id AS entity_id, coalesce(e.schema, 'Thing') AS schema,
       coalesce(e.caption, i.id) AS caption,
       coalesce(e.countries, []::VARCHAR[]) AS countries,
       i.id IN (SELECT target_id FROM _graph_rel WHERE type = 'sanctioned') AS is_authority
FROM _graph_ids i LEFT JOIN canonical_entities e ON e.canonical_id = i.id
ORDER BY i.idx
"""


def _key(column: str, pad: str, empty: int) -> str:
    """A date column as the number date_key makes of it; full ISO dates, nearly all of them,
    take the cheap way and only the rest go through the regular expression."""
    digits = f"left(regexp_replace(coalesce({column}, ''), '[^0-9]', '', 'g'), 8)"
    return (
        f"CASE WHEN {column} LIKE '____-__-__' "
        f"AND try_cast(replace({column}, '-', '') AS INTEGER) IS NOT NULL "
        f"THEN replace({column}, '-', '')::INTEGER "
        f"WHEN {digits} = '' THEN {empty} ELSE rpad({digits}, 8, '{pad}')::INTEGER END"
    )


_EDGES = f"""
SELECT a.idx AS src, b.idx AS dst, r.type, r.start_date AS start, r.end_date AS "end",
       {_key("r.start_date", "0", 0)} AS start_key,
       {_key("r.end_date", "9", 99_999_999)} AS end_key,
       CASE WHEN r.props LIKE '%hs_code%' THEN
           regexp_replace(coalesce(json_extract_string(r.props, '$.hs_code'), ''), '[^0-9]',
                          '', 'g')
       ELSE '' END AS hs,
       r.relation_id, r.record_id, r.props, coalesce(c.idx, -1) AS maker
FROM _graph_rel r
JOIN _graph_ids a ON a.id = r.source_id
JOIN _graph_ids b ON b.id = r.target_id
LEFT JOIN _graph_ids c ON c.id = r.maker
ORDER BY a.idx, b.idx, r.start_date NULLS FIRST, r.relation_id
"""


EDGE_BATCH_ROWS = 1 << 20


def build_graph(ws: Workspace, *, reuse: bool = True) -> EvidenceGraph:
    """The graph of the workspace's current, resolved state (run `resolve` first).

    With `reuse`, a graph stored from the same state (same ingests, same resolution) is loaded
    instead of rebuilt; a rebuilt graph is stored for the next caller.
    """
    state = workspace_state(ws)
    if reuse:
        stored = load_stored(ws, state)
        if stored is not None:
            return stored
    try:
        ws.db.execute(_RELATIONS)
        ws.db.execute(_IDS)
        nodes = ws.db.sql(_NODES).to_arrow_table()
        edges = ws.db.sql(_EDGES).to_arrow_reader(EDGE_BATCH_ROWS)
        save_graph(ws, state, nodes, edges)
    finally:
        ws.db.execute("DROP TABLE IF EXISTS _graph_rel")
        ws.db.execute("DROP TABLE IF EXISTS _graph_ids")
    stored = load_stored(ws, state)
    if stored is None:
        raise DualtraceError(f"{graph_dir(ws)}: the graph just written cannot be read back")
    return stored
