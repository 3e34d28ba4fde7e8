"""Entity resolution: which source entities are one real-world entity, and why."""

from dualtrace.resolve.decisions import record_decision
from dualtrace.resolve.engine import ResolveResult, resolve_workspace
from dualtrace.resolve.explain import Explanation, PairScore, explain_pair
from dualtrace.resolve.scoring import ProbabilisticSettings

__all__ = [
    "Explanation",
    "PairScore",
    "ProbabilisticSettings",
    "ResolveResult",
    "explain_pair",
    "record_decision",
    "resolve_workspace",
]
