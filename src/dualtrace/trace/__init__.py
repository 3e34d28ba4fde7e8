"""Paths through the evidence graph: downstream to end users, upstream to suppliers, and the
closest sanctioned party. The CLI, the API and the web app call these same functions."""

from dualtrace.trace.paths import (
    Path,
    TraceFilter,
    closest_sanctioned,
    downstream,
    sanctioned_distances,
    upstream,
)

__all__ = [
    "Path",
    "TraceFilter",
    "closest_sanctioned",
    "downstream",
    "sanctioned_distances",
    "upstream",
]
