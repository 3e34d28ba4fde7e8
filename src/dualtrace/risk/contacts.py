"""Shared contacts: the same address, phone or director as a flagged party.

Shell companies of one owner are registered at one address under one director; a company
that shares either with a sanctioned or military-flagged party is worth a look, though not
proof. Addresses and phones are compared in a normal form (case, spacing and punctuation
folded; phones by their last nine digits), directors as resolved entities.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator

from dualtrace.risk.context import Flag, RiskContext, make_flag

_NOT_WORD = re.compile(r"[\W_]+")
MIN_ADDRESS = 12
"""Shorter addresses ('Moscow, Russia') name a city, not a shared office."""


def _address_key(value: str) -> str:
    key = _NOT_WORD.sub(" ", value.casefold()).strip()
    return key if len(key) >= MIN_ADDRESS and any(ch.isdigit() for ch in key) else ""


def _phone_key(value: str) -> str:
    digits = "".join(ch for ch in value if ch.isdigit())
    return digits[-9:] if len(digits) >= 7 else ""


def shared_contact(ctx: RiskContext, flagged: set[str]) -> Iterator[Flag]:
    """Shares an address, a phone number or a director with a sanctioned or military-flagged
    party."""
    holders: dict[tuple[str, str], dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for node in ctx.eg.nodes():
        props = ctx.props(node.entity_id)
        for prop, kind, keyer in (
            ("address", "address", _address_key),
            ("phone", "phone", _phone_key),
        ):
            for value, record in props.get(prop, []):
                key = keyer(value)
                if key:
                    holders[(kind, key)][node.entity_id].append(record)
    for edge in ctx.edges_of_type("directs"):
        holders[("director", edge.source_id)][edge.target_id].append(edge.record_id)
    hits: dict[str, dict[str, list[tuple[str, str, list[str]]]]] = defaultdict(
        lambda: defaultdict(list)
    )
    for (kind, key), by_entity in holders.items():
        marked = sorted(set(by_entity) & flagged)
        if not marked or len(by_entity) < 2:
            continue
        for cid, records in by_entity.items():
            for other in marked:
                if other != cid:
                    label = ctx.caption(key) if kind == "director" else key
                    hits[cid][other].append((kind, label, records + by_entity[other]))
    for cid, by_other in sorted(hits.items()):
        parts: list[str] = []
        evidence: list[str] = []
        for other, items in sorted(by_other.items()):
            what = ", ".join(sorted({f"{kind} {label}" for kind, label, _ in items}))
            parts.append(f"{ctx.caption(other)} ({what})")
            evidence.extend(r for _, _, records in items for r in records)
        yield make_flag(
            ctx,
            cid,
            "shared_contact",
            "Shares contacts with flagged "
            + "; ".join(parts[:3])
            + (f" and {len(parts) - 3} more" if len(parts) > 3 else ""),
            evidence,
        )
