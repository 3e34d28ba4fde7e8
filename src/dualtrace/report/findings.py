"""Turning paths and flags into cited sentences."""

from __future__ import annotations

from collections import defaultdict

from dualtrace.graph import Edge, EvidenceGraph
from dualtrace.model import relation_type
from dualtrace.report.citations import CitationIndex
from dualtrace.report.dossier import Finding
from dualtrace.risk import Flag
from dualtrace.trace import Path


def describe_edge(eg: EvidenceGraph, edge: Edge) -> str:
    """'Shenzhen X Co. shipped goods to Pustelga LLC (HS 8806221000, 2023-03-14)'."""
    label = relation_type(edge.type).label if edge.type else edge.type
    details = [str(edge.props[k]) for k in ("document", "hs_code", "flight") if edge.props.get(k)]
    if edge.props.get("amount"):
        details.append(f"{_amount(edge.props['amount'])} {edge.props.get('currency', '')}".strip())
    if edge.start:
        details.append(edge.start)
    extra = f" ({', '.join(details)})" if details else ""
    return f"{eg.node(edge.source_id).caption} {label} {eg.node(edge.target_id).caption}{extra}"


def _amount(value: object) -> str:
    try:
        return f"{float(str(value)):,.2f}".removesuffix(".00")
    except ValueError:
        return str(value)


def path_finding(
    key: str,
    title: str,
    eg: EvidenceGraph,
    paths: list[Path],
    flags: dict[str, list[Flag]],
    cites: CitationIndex,
    end_codes: frozenset[str],
) -> Finding:
    """Per end user: what it is flagged for, then each path that reaches it, hop by hop.

    `end_codes` are the flags that make a party an end user of concern (the risk rules'
    `end_user_flags`); only those are repeated here, so the sentence says why the path ends.

    A one-hop path is its edge's sentence; a longer path gets a 'Path:' sentence and then one
    sentence per hop not yet described. Every sentence cites the records behind it.
    """
    finding = Finding(key, title)
    described: set[str] = set()
    by_end: dict[str, list[Path]] = defaultdict(list)
    for path in paths:
        by_end[path.nodes[-1]].append(path)
    for end, reaching in sorted(by_end.items(), key=lambda kv: (-len(kv[1]), kv[0])):
        caption = eg.node(end).caption
        makers = {p.nodes[0] for p in reaching}
        finding.add(
            f"{caption} is reached by goods from {len(makers)} maker(s) or supplier(s) "
            f"in China, over {len(reaching)} path(s).",
            cites.cite([r for p in reaching for r in p.record_ids]),
        )
        for flag in flags.get(end, []):
            if flag.code in end_codes:
                finding.add(f"{caption}: {flag.explanation}.", cites.cite(list(flag.evidence)))
        for path in sorted(reaching, key=lambda p: (p.hops, p.nodes)):
            if path.hops > 1:
                chain = " → ".join(eg.node(n).caption for n in path.nodes)
                finding.add(f"Path: {chain}.", cites.cite(list(path.record_ids)))
            for edge in path.edges:
                if edge.relation_id not in described:
                    described.add(edge.relation_id)
                    finding.add(f"{describe_edge(eg, edge)}.", cites.cite([edge.record_id]))
    return finding


def flags_by_entity(flags: list[Flag]) -> dict[str, list[Flag]]:
    out: dict[str, list[Flag]] = defaultdict(list)
    for flag in flags:
        out[flag.canonical_id].append(flag)
    return out


def ranked_by_risk(flags: list[Flag]) -> list[tuple[str, list[Flag]]]:
    """Entities with their flags, the highest risk score (sum of weights) first."""
    return sorted(
        flags_by_entity(flags).items(), key=lambda kv: (-sum(f.weight for f in kv[1]), kv[0])
    )


def risk_finding(
    eg: EvidenceGraph, flags: list[Flag], cites: CitationIndex, limit: int = 15
) -> Finding:
    """The entities with the highest risk scores, each flag a cited line of the score."""
    finding = Finding("risk", "Highest risk scores, line by line")
    for cid, entity_flags in ranked_by_risk(flags)[:limit]:
        caption = eg.node(cid).caption if eg.has(cid) else cid
        score = sum(f.weight for f in entity_flags)
        finding.add(
            f"{caption}: risk score {score:g} from {len(entity_flags)} flag(s).",
            cites.cite([r for f in entity_flags for r in f.evidence][:5]),
        )
        for flag in sorted(entity_flags, key=lambda f: -f.weight):
            finding.add(
                f"  {caption} — {flag.code} (+{flag.weight:g}): {flag.explanation}.",
                cites.cite(list(flag.evidence)[:8]),
            )
    return finding


def flag_finding(
    key: str, title: str, eg: EvidenceGraph, flags: list[Flag], code: str, cites: CitationIndex
) -> Finding:
    finding = Finding(key, title)
    for flag in flags:
        if flag.code == code:
            caption = eg.node(flag.canonical_id).caption if eg.has(flag.canonical_id) else ""
            finding.add(f"{caption}: {flag.explanation}.", cites.cite(list(flag.evidence)))
    return finding
