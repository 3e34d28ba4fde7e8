"""Clustering with constraints: union-find that refuses merges two clusters cannot share.

A merge is refused when the two clusters hold different valid values of a decisive
identifier (two INNs), incompatible schemata (a Person and a Company), or an analyst said
'not the same' about any pair across them. Every accepted merge keeps its reason, so the
clustering can be explained edge by edge.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache

from followthemoney import model as ftm_model

from dualtrace.model import entity_schemata
from dualtrace.resolve.features import DECISIVE_PROPS, EntityFeatures


@dataclass(slots=True)
class Cluster:
    members: set[str]
    schema: str
    identifiers: dict[str, set[str]]
    birth_dates: set[str]
    listings: set[str]
    """Lists ('replace' datasets) with an entry in this cluster."""


@lru_cache(maxsize=4096)
def compatible_schemata(a: str, b: str) -> str | None:
    """The schema two merged entities would have, or None if they cannot be one entity.

    Asked on every merge and refusal, of a few dozen schemata: the answer is kept."""
    declared = entity_schemata()
    a_ext = a in declared and declared[a].ftm_schema != a
    b_ext = b in declared and declared[b].ftm_schema != b
    if a_ext or b_ext:
        if a == b:
            return a
        other = b if a_ext else a
        return (a if a_ext else b) if other == "Thing" else None
    try:
        return str(ftm_model.common_schema(a, b).name)
    except Exception:
        return None


@dataclass
class Clustering:
    features: dict[str, EntityFeatures]
    forbidden: set[frozenset[str]] = field(default_factory=set)
    parent: dict[str, str] = field(default_factory=dict)
    clusters: dict[str, Cluster] = field(default_factory=dict)
    reasons: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for entity_id, feat in self.features.items():
            self.parent[entity_id] = entity_id
            self.clusters[entity_id] = Cluster(
                {entity_id},
                feat.schema,
                {k: set(v) for k, v in feat.identifiers.items()},
                set(feat.birth_dates),
                {feat.dataset} if feat.listing else set(),
            )

    def find(self, entity_id: str) -> str:
        root = entity_id
        while self.parent[root] != root:
            root = self.parent[root]
        while self.parent[entity_id] != root:
            self.parent[entity_id], entity_id = root, self.parent[entity_id]
        return root

    def conflict(self, a: str, b: str, *, decisive: bool = False) -> str | None:
        """Why the clusters of a and b must stay apart, or None if they may merge.

        Only `decisive` merges (an analyst's decision) may join two entries of one list: the
        list's authority keeps its entries apart even when they share a name or a number
        (a branch listed with its parent's tax number).
        """
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return None
        ca, cb = self.clusters[ra], self.clusters[rb]
        if compatible_schemata(ca.schema, cb.schema) is None:
            return f"schemata {ca.schema} and {cb.schema} cannot be one entity"
        for prop in DECISIVE_PROPS:
            va, vb = ca.identifiers.get(prop), cb.identifiers.get(prop)
            if va and vb and not va & vb:
                return f"different {prop}: {sorted(va)[0]} vs {sorted(vb)[0]}"
        if ca.birth_dates and cb.birth_dates and not _dates_overlap(ca.birth_dates, cb.birth_dates):
            return "different birth dates"
        if not decisive and ca.listings & cb.listings:
            return f"two entries of {sorted(ca.listings & cb.listings)[0]} are separate listings"
        if self.forbidden:
            for x in ca.members:
                for y in cb.members:
                    if frozenset((x, y)) in self.forbidden:
                        return f"an analyst decided {x} and {y} are not the same"
        return None

    def merge(self, a: str, b: str, reason: str, *, decisive: bool = False) -> bool:
        if self.conflict(a, b, decisive=decisive) is not None:
            return False
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return False
        if len(self.clusters[ra].members) < len(self.clusters[rb].members):
            ra, rb = rb, ra
        ca, cb = self.clusters[ra], self.clusters.pop(rb)
        ca.members |= cb.members
        ca.schema = compatible_schemata(ca.schema, cb.schema) or ca.schema
        for prop, values in cb.identifiers.items():
            ca.identifiers.setdefault(prop, set()).update(values)
        ca.birth_dates |= cb.birth_dates
        ca.listings |= cb.listings
        self.parent[rb] = ra
        self.reasons[b if b != ra else a] = reason
        for member in cb.members:
            self.reasons.setdefault(member, reason)
        return True

    def groups(self) -> dict[str, set[str]]:
        out: dict[str, set[str]] = defaultdict(set)
        for entity_id in self.parent:
            out[self.find(entity_id)].add(entity_id)
        return out


def _dates_overlap(a: set[str], b: set[str]) -> bool:
    """Dates of different precision agree when one is a prefix of the other (1962, 1962-01)."""
    return any(x.startswith(y) or y.startswith(x) for x in a for y in b)
