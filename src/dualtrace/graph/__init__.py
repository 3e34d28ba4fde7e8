"""The evidence graph: resolved entities as nodes, typed dated relations as edges with proof."""

from dualtrace.graph.build import Edge, EvidenceGraph, Node, build_graph

__all__ = ["Edge", "EvidenceGraph", "Node", "build_graph"]
