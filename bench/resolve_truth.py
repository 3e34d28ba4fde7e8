"""Scoring a resolution against a generated world's truth: pairwise precision and recall,
overall and by the kind of variation a record's name shows.

A source entity is labelled with the party its written names belong to: truth/same_entity.json
names every written name of every non-shipment file, and truth/shipments.parquet gives the
parties behind each declaration, joined here to the declaration's written names. The variation
class comes from the generator's own `Name.written`: a name equal to one of the party's
deterministic styles has that style, any other spelling of it is a typo (the only random style).
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import combinations
from pathlib import Path

import duckdb

from dualtrace.store import Workspace
from dualtrace.synth.party import Party
from dualtrace.synth.variants import STYLES

CLASSES = ("transliteration", "pinyin", "legal form", "typos", "missing identifiers")
_LATIN = ("english", "english_upper", "translit")


def written_to_party(root: Path) -> dict[str, str]:
    """Every written name of the world -> its party key (names written for two parties left out)."""
    seen: dict[str, set[str]] = defaultdict(set)
    same = json.loads((root / "truth" / "same_entity.json").read_text(encoding="utf-8"))
    for key, mentions in same.items():
        for m in mentions:
            seen[m["written"]].add(key)
    manifest = json.loads((root / "truth" / "manifest.json").read_text(encoding="utf-8"))
    customs = next(p for p in manifest["inputs"] if p.startswith("customs/"))
    path = root / customs
    reader = (
        f"read_parquet('{path}')"
        if path.suffix == ".parquet"
        else f"read_csv('{path}', delim=';', header=true, all_varchar=true)"
    )
    rows = duckdb.sql(
        f"""
        WITH d AS (SELECT * FROM {reader}),
             t AS (SELECT * FROM read_parquet('{root / "truth" / "shipments.parquet"}'))
        SELECT DISTINCT name, party FROM (
            SELECT d."Отправитель" AS name, t.sender AS party FROM d
                JOIN t ON d."Номер декларации" = t.declaration
            UNION ALL SELECT d."Получатель", t.recipient FROM d
                JOIN t ON d."Номер декларации" = t.declaration
            UNION ALL SELECT d."Производитель", t.manufacturer FROM d
                JOIN t ON d."Номер декларации" = t.declaration)
        """
    ).fetchall()
    for name, party in rows:
        if name:
            seen[name].add(party)
    return {name: next(iter(keys)) for name, keys in seen.items() if len(keys) == 1}


def name_classes(party: Party, written: str) -> set[str]:
    """The variation classes one written name of a party shows."""
    styles = {s for s in STYLES if s != "typo" and party.name.written(s) == written}
    if not styles:
        return {"typos"}
    out: set[str] = set()
    if styles & set(_LATIN):
        if party.name.core_zh:
            out.add("pinyin")
        elif party.name.core_ru:
            out.add("transliteration")
    if styles & {"home_long", "translit", "english_upper"}:
        out.add("legal form")
    return out


@dataclass
class Labels:
    party: dict[str, str] = field(default_factory=dict)
    """Source entity -> party."""
    classes: dict[str, set[str]] = field(default_factory=dict)


def label_entities(
    ws: Workspace, names: dict[str, str], parties: dict[str, Party], decisive: Iterable[str]
) -> Labels:
    """Source entities whose names all belong to one party, with their variation classes."""
    decisive = tuple(decisive)
    rows = ws.db.execute(
        """
        SELECT entity_id,
               list(DISTINCT coalesce(original, value)) FILTER (prop IN ('name', 'alias')),
               list(DISTINCT value) FILTER (prop IN ('name', 'alias')),
               count(*) FILTER (prop IN (SELECT unnest($ids)))
        FROM current_statements GROUP BY entity_id
        """,
        {"ids": list(decisive)},
    ).fetchall()
    labels = Labels()
    for entity_id, originals, values, n_ids in rows:
        found = {names[n] for n in (originals or []) + (values or []) if n in names}
        if len(found) != 1:
            continue
        key = found.pop()
        party = parties[key]
        classes: set[str] = set()
        for n in set(originals or []) | set(values or []):
            if n in names:
                classes |= name_classes(party, n)
        if not n_ids and (party.inn or party.uscc):
            classes.add("missing identifiers")
        labels.party[entity_id] = key
        labels.classes[entity_id] = classes
    return labels


@dataclass(frozen=True)
class Score:
    precision: float
    recall: float
    true_pairs: int
    predicted_pairs: int
    by_class: dict[str, tuple[float, float, int]]
    """class -> (precision, recall, true pairs involving the class)."""


def pairwise(labels: Labels, clusters: dict[str, str]) -> Score:
    """Precision and recall over pairs of labelled entities; a pair counts for a class when
    either member shows it."""
    by_cluster: dict[str, list[str]] = defaultdict(list)
    by_party: dict[str, list[str]] = defaultdict(list)
    for entity_id, party in labels.party.items():
        by_cluster[clusters.get(entity_id, entity_id)].append(entity_id)
        by_party[party].append(entity_id)
    tp = fp = fn = 0
    per: dict[str, list[int]] = {c: [0, 0, 0] for c in CLASSES}
    for members in by_cluster.values():
        for a, b in combinations(sorted(members), 2):
            same = labels.party[a] == labels.party[b]
            tp += same
            fp += not same
            for c in labels.classes[a] | labels.classes[b]:
                per[c][0 if same else 1] += 1
    for members in by_party.values():
        for a, b in combinations(sorted(members), 2):
            if clusters.get(a, a) != clusters.get(b, b):
                fn += 1
                for c in labels.classes[a] | labels.classes[b]:
                    per[c][2] += 1

    def ratio(x: int, y: int) -> float:
        return x / y if y else 1.0

    by_class = {c: (ratio(t, t + f), ratio(t, t + n), t + n) for c, (t, f, n) in per.items()}
    return Score(ratio(tp, tp + fp), ratio(tp, tp + fn), tp + fn, tp + fp, by_class)


def clusters_of(ws: Workspace) -> dict[str, str]:
    return dict(ws.db.execute("SELECT entity_id, canonical_id FROM resolved").fetchall())
