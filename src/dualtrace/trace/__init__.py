"""Paths through the evidence graph: downstream to end users, upstream to suppliers, and the
closest sanctioned party. The CLI, the API and the web app call these same functions."""

from dualtrace.trace.paths import Path, TraceFilter, downstream, upstream
from dualtrace.trace.proximity import (
    SanctionTree,
    closest_sanctioned,
    sanction_tree,
    sanctioned_distances,
    tree_path,
)

__all__ = [
    "Path",
    "SanctionTree",
    "TraceFilter",
    "closest_sanctioned",
    "downstream",
    "sanction_tree",
    "sanctioned_distances",
    "tree_path",
    "upstream",
]
