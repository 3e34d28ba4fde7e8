"""The workspace: embedded DuckDB, raw files by sha256, reports; and storing what sources read."""

from dualtrace.store.ingest import IngestResult, ingest_path, ingest_source
from dualtrace.store.workspace import Workspace, init_workspace, open_workspace

__all__ = [
    "IngestResult",
    "Workspace",
    "ingest_path",
    "ingest_source",
    "init_workspace",
    "open_workspace",
]
