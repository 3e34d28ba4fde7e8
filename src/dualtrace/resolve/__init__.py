"""Entity resolution: which source entities are one real-world entity, and why."""

from dualtrace.resolve.decisions import record_decision
from dualtrace.resolve.engine import ResolveResult, resolve_workspace
from dualtrace.resolve.explain import Explanation, explain_pair

__all__ = ["Explanation", "ResolveResult", "explain_pair", "record_decision", "resolve_workspace"]
