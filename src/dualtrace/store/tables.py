"""Replacing derived tables (resolution, scores, flags) whole, in one transaction.

Every analysis stage recomputes its table from the stored records; writing the new rows and
dropping the old ones together means a reader never sees half a resolution or half the flags.
"""

from __future__ import annotations

from collections.abc import Mapping

import pyarrow as pa

from dualtrace.store.workspace import Workspace


def replace_tables(ws: Workspace, tables: Mapping[str, pa.Table | None]) -> None:
    """Empty each named table and fill it with the given rows (None: leave it empty)."""
    ws.db.begin()
    try:
        for name, rows in tables.items():
            ws.db.execute(f"DELETE FROM {name}")
            if rows is not None and rows.num_rows:
                ws.db.register("_replacement", rows)
                try:
                    ws.db.execute(f"INSERT INTO {name} BY NAME SELECT * FROM _replacement")
                finally:
                    ws.db.unregister("_replacement")
        ws.db.commit()
    except BaseException:
        ws.db.rollback()
        raise
