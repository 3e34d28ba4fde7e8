"""The evidence graph: resolved entities as nodes, typed dated relations as edges with proof."""

from dualtrace.graph.build import build_graph
from dualtrace.graph.model import Edge, EvidenceGraph, Node, date_key

__all__ = ["Edge", "EvidenceGraph", "Node", "build_graph", "date_key"]
