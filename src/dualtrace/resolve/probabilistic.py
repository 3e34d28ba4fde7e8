"""The probabilistic pass: the entities the decisive rules left apart, blocked and scored.

It runs after the deterministic pass, so its candidates are pairs across different clusters
only, and its merges still go through the clustering's constraints (conflicting valid
identifiers, two entries of one list, an analyst's 'not same'). What it hands back is every
scored pair worth keeping, with per-feature weights, best first.
"""

from __future__ import annotations

import multiprocessing as mp
import os
import re
import zlib
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cache
from typing import Final

import pyarrow as pa
from followthemoney import model as ftm_model

from dualtrace.normalize.cyrillic import has_cyrillic
from dualtrace.normalize.names import name_key, script_key, to_ascii
from dualtrace.resolve.blocking import Blocking, candidate_pairs
from dualtrace.resolve.features import DECISIVE_PROPS, EntityFeatures
from dualtrace.resolve.keys import (
    END_KEY,
    MIN_TYPO_WORD,
    cyrillic_slip_letters,
    fold,
    generic_forms,
    han_core,
    spellings,
    typo_keys,
)
from dualtrace.resolve.scoring import ProbabilisticSettings, make_scorer
from dualtrace.resolve.steps import Steps

ENTITY_SCHEMA = pa.schema(
    [
        ("unique_id", pa.string()),
        ("cluster_id", pa.string()),
        ("name_keys", pa.list_(pa.string())),
        ("spellings", pa.list_(pa.string())),
        ("abbreviations", pa.list_(pa.string())),
        ("folded", pa.list_(pa.string())),
        ("cyrillic", pa.bool_()),
        ("han", pa.list_(pa.string())),
        ("seen", pa.int32()),
        ("compact", pa.string()),
        ("native", pa.string()),
        ("written", pa.string()),
        ("words", pa.int32()),
        ("long_words", pa.bool_()),
        ("identifiers", pa.list_(pa.string())),
        ("id_kinds", pa.list_(pa.string())),
        ("countries", pa.list_(pa.string())),
        ("forms", pa.list_(pa.string())),
        ("block_keys", pa.list_(pa.string())),
    ]
)


MIN_WRITTEN: Final = 10
CHUNK: Final = 50_000
PARALLEL_FROM: Final = 200_000
MAX_WORKERS: Final = 4
_NOT_LETTER: Final = re.compile(r"[^a-z0-9]+")


def _letters(text: str) -> str:
    return _NOT_LETTER.sub("", text)


@dataclass(frozen=True, slots=True)
class Scored:
    scores: pa.Table
    """As scoring.SCORE_SCHEMA, best first."""
    blocking: Blocking
    engine: str


@cache
def _is_party(schema: str) -> bool:
    """Companies, organisations and people: products and documents are not scored."""
    found = ftm_model.get(schema)
    return found is not None and found.is_a("LegalEntity")


def _primary(feat: EntityFeatures) -> str | None:
    """The name the typo comparison uses: a Latin-script name first, then the shortest."""
    names = feat.primary_names or feat.names
    return min(names, key=lambda n: (not n.isascii(), len(n), n)) if names else None


def name_key_counts(features: Mapping[str, EntityFeatures]) -> dict[str, int]:
    """How many parties have a name with each name key."""
    counts: Counter[str] = Counter()
    for feat in features.values():
        if _is_party(feat.schema):
            counts.update(feat.name_keys)
    return dict(counts)


def entity_table(
    features: dict[str, EntityFeatures],
    cluster_of: Callable[[str], str],
    workers: int | None = None,
    key_counts: Mapping[str, int] | None = None,
) -> pa.Table:
    """One row per entity with what the comparisons read and the keys blocking joins on.

    `seen` is how many parties have the entity's primary name key (`key_counts`, counted over
    `features` when not given): a slip is made once, so a spelling no other record shares can
    be a slip of a near one, while two spellings each written by several sources are two
    names (Ruixin and Ruixing) however close.

    A company is written the same way by many sources, so the keys of a name (pinyin,
    transliterations, folds: the costly part) are worked out once per distinct name and once
    per distinct primary name, then gathered per entity. Past PARALLEL_FROM entities the work
    is shared among forked workers, each taking the entities whose primary name hashes to
    it, so that a name is still worked out once.
    """
    ids = sorted(features)
    counts = name_key_counts(features) if key_counts is None else key_counts
    workers = workers if workers is not None else min(os.cpu_count() or 1, MAX_WORKERS)
    if workers < 2 or len(ids) < PARALLEL_FROM or "fork" not in mp.get_all_start_methods():
        return _entity_part(features, ids, cluster_of, counts)
    parts: list[list[str]] = [[] for _ in range(workers)]
    for entity_id in ids:
        primary = _primary(features[entity_id]) or entity_id
        parts[zlib.crc32(primary.encode()) % workers].append(entity_id)
    global _FORKED
    _FORKED = (features, cluster_of, counts)
    try:
        with mp.get_context("fork").Pool(workers) as pool:
            tables = pool.map(_forked_part, parts)
    finally:
        _FORKED = None
    return pa.concat_tables(tables)


_FORKED: tuple[dict[str, EntityFeatures], Callable[[str], str], Mapping[str, int]] | None = None
"""What forked workers read from their copy of the parent's memory."""


def _forked_part(ids: list[str]) -> pa.Table:
    assert _FORKED is not None
    features, cluster_of, counts = _FORKED
    return _entity_part(features, ids, cluster_of, counts)


def _entity_part(
    features: dict[str, EntityFeatures],
    ids: list[str],
    cluster_of: Callable[[str], str],
    counts: Mapping[str, int],
) -> pa.Table:
    names = _NameFacts()
    batches = [
        _entity_batch([features[e] for e in ids[i : i + CHUNK]], cluster_of, names, counts)
        for i in range(0, len(ids), CHUNK)
    ]
    return pa.Table.from_batches(batches, schema=ENTITY_SCHEMA)


@dataclass(frozen=True, slots=True)
class _Spelled:
    full: frozenset[str]
    short: frozenset[str]
    folded: frozenset[str]
    han: str | None
    cyrillic: bool
    forms: frozenset[str]


@dataclass(frozen=True, slots=True)
class _Primary:
    key: str
    folded: str
    compact: str | None
    native: str | None
    """A Cyrillic name's compact key in Cyrillic letters, where its slips are one letter."""
    written: str | None
    words: int
    long_words: bool
    keys: tuple[str, ...]
    """Typo keys of the compact name and end keys of the name as written."""


class _NameFacts:
    """The facts of each distinct name, computed on first sight and kept for the run."""

    def __init__(self) -> None:
        self.spelled: dict[str, _Spelled] = {}
        self.primary: dict[str, _Primary] = {}

    def spell(self, name: str) -> _Spelled:
        found = self.spelled.get(name)
        if found is None:
            full, short, folded = spellings(name)
            found = _Spelled(
                full, short, folded, han_core(name), has_cyrillic(name), generic_forms(name)
            )
            self.spelled[name] = found
        return found

    def first(self, name: str) -> _Primary:
        found = self.primary.get(name)
        if found is None:
            key = name_key(name)
            folded = fold(key)
            compact = folded.replace(" ", "") or None
            # The name as written, legal form included: a slip inside a legal form ("Co., Ld.",
            # "Liimited") keeps the form from being recognised and adds a word to the key.
            written = _letters(to_ascii(name).lower())
            keys = list(typo_keys(compact)) if compact else []
            native = cyrillic_slip_letters(script_key(name)) if has_cyrillic(name) else ""
            if native:
                keys += typo_keys(native)
            if len(written) >= MIN_WRITTEN:
                keys += [f"w:{written[:END_KEY]}", f"w:{written[-END_KEY:]}"]
            words = folded.split()
            found = _Primary(
                key,
                folded,
                compact,
                native or None,
                written if len(written) >= MIN_WRITTEN else None,
                len(words),
                # One changed letter in a syllable of spaced pinyin (cheng, heng) is another
                # character, not a typo: near-equality counts only for names of longer words.
                all(len(w) >= MIN_TYPO_WORD for w in words),
                tuple(keys),
            )
            self.primary[name] = found
        return found


_NO_PRIMARY: Final = _Primary("", "", None, None, None, 0, True, ())


def _entity_batch(
    chunk: list[EntityFeatures],
    cluster_of: Callable[[str], str],
    names: _NameFacts,
    counts: Mapping[str, int],
) -> pa.RecordBatch:
    """One slice of the entity table: Python lists live for a slice, not for the whole run."""
    cols: dict[str, list[object]] = {name: [] for name in ENTITY_SCHEMA.names}
    for feat in chunk:
        entity_id = feat.entity_id
        keys = sorted(feat.name_keys)
        spell: set[str] = set()
        short: set[str] = set()
        folded_keys: set[str] = set()
        han: set[str] = set()
        forms: set[str] = set()
        cyrillic = False
        for name in feat.names:
            facts = names.spell(name)
            spell |= facts.full
            short |= facts.short
            folded_keys |= facts.folded
            if facts.han:
                han.add(facts.han)
            cyrillic = cyrillic or facts.cyrillic
            forms |= facts.forms
        primary = _primary(feat)
        first = names.first(primary) if primary is not None else _NO_PRIMARY
        ids = sorted(f"{p}:{v}" for p in DECISIVE_PROPS for v in feat.identifiers.get(p, ()))
        block = spell | short | folded_keys
        block.update(keys, ids, first.keys)
        cols["unique_id"].append(entity_id)
        cols["cluster_id"].append(cluster_of(entity_id))
        cols["name_keys"].append(keys)
        cols["spellings"].append(sorted(spell))
        cols["abbreviations"].append(sorted(short - spell))
        cols["folded"].append(sorted(folded_keys))
        cols["cyrillic"].append(cyrillic)
        cols["han"].append(sorted(han))
        cols["seen"].append(counts.get(first.key, 1))
        cols["compact"].append(first.compact)
        cols["native"].append(first.native)
        cols["written"].append(first.written)
        cols["words"].append(first.words)
        cols["long_words"].append(first.long_words)
        cols["identifiers"].append(ids)
        cols["id_kinds"].append(sorted({i.split(":", 1)[0] for i in ids}))
        cols["countries"].append(sorted(feat.countries))
        cols["forms"].append(sorted(forms))
        cols["block_keys"].append(sorted(block))
    return pa.RecordBatch.from_pydict(cols, schema=ENTITY_SCHEMA)


def score_candidates(
    features: dict[str, EntityFeatures],
    cluster_of: Callable[[str], str],
    settings: ProbabilisticSettings,
    threads: int | None = None,
    steps: Steps | None = None,
) -> Scored:
    steps = steps or Steps()
    with steps.step("entity table"):
        parties = {k: f for k, f in features.items() if _is_party(f.schema)}
        entities = entity_table(parties, cluster_of)
    with steps.step("blocking"):
        blocking = candidate_pairs(
            entities, settings.max_block, settings.max_comparisons, settings.memory_limit, threads
        )
    with steps.step("scoring"):
        scorer = make_scorer(settings)
        scores = scorer.score(entities.drop_columns(["cluster_id", "block_keys"]), blocking.pairs)
    return Scored(scores, blocking, scorer.name)
