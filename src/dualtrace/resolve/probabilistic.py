"""The probabilistic pass: the entities the decisive rules left apart, blocked and scored.

It runs after the deterministic pass, so its candidates are pairs across different clusters
only, and its merges still go through the clustering's constraints (conflicting valid
identifiers, two entries of one list, an analyst's 'not same'). What it hands back is every
scored pair worth keeping, with per-feature weights, best first.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Final

import pyarrow as pa
from followthemoney import model as ftm_model

from dualtrace.normalize.cyrillic import has_cyrillic
from dualtrace.normalize.names import name_key, to_ascii
from dualtrace.resolve.blocking import Blocking, candidate_pairs
from dualtrace.resolve.features import DECISIVE_PROPS, EntityFeatures
from dualtrace.resolve.keys import END_KEY, MIN_TYPO_WORD, fold, han_core, spellings, typo_keys
from dualtrace.resolve.scoring import ProbabilisticSettings, make_scorer

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
        ("compact", pa.string()),
        ("written", pa.string()),
        ("words", pa.int32()),
        ("long_words", pa.bool_()),
        ("identifiers", pa.list_(pa.string())),
        ("id_kinds", pa.list_(pa.string())),
        ("countries", pa.list_(pa.string())),
        ("block_keys", pa.list_(pa.string())),
    ]
)


MIN_WRITTEN: Final = 10
CHUNK: Final = 50_000
_NOT_LETTER: Final = re.compile(r"[^a-z0-9]+")


def _letters(text: str) -> str:
    return _NOT_LETTER.sub("", text)


@dataclass(frozen=True, slots=True)
class Scored:
    scores: pa.Table
    """As scoring.SCORE_SCHEMA, best first."""
    blocking: Blocking
    engine: str


def _is_party(schema: str) -> bool:
    """Companies, organisations and people: products and documents are not scored."""
    found = ftm_model.get(schema)
    return found is not None and found.is_a("LegalEntity")


def _primary(feat: EntityFeatures) -> str | None:
    """The name the typo comparison uses: a Latin-script name first, then the shortest."""
    names = feat.primary_names or feat.names
    return min(names, key=lambda n: (not n.isascii(), len(n), n)) if names else None


def entity_table(features: dict[str, EntityFeatures], cluster_of: Callable[[str], str]) -> pa.Table:
    """One row per entity with what the comparisons read and the keys blocking joins on."""
    ids = sorted(features)
    batches = [
        _entity_batch([features[e] for e in ids[i : i + CHUNK]], cluster_of)
        for i in range(0, len(ids), CHUNK)
    ]
    return pa.Table.from_batches(batches, schema=ENTITY_SCHEMA)


def _entity_batch(chunk: list[EntityFeatures], cluster_of: Callable[[str], str]) -> pa.RecordBatch:
    """One slice of the entity table: Python lists live for a slice, not for the whole run."""
    cols: dict[str, list[object]] = {name: [] for name in ENTITY_SCHEMA.names}
    for feat in chunk:
        entity_id = feat.entity_id
        keys = sorted(feat.name_keys)
        spell: set[str] = set()
        short: set[str] = set()
        folded_keys: set[str] = set()
        for name in feat.names:
            full, abbreviated, folds = spellings(name)
            spell |= full
            short |= abbreviated
            folded_keys |= folds
        han = sorted({h for h in (han_core(n) for n in feat.names) if h})
        primary = _primary(feat)
        folded = fold(name_key(primary)) if primary is not None else ""
        compact = folded.replace(" ", "") or None
        # The name as written, legal form included: a slip inside a legal form ("Co., Ld.",
        # "Liimited") keeps the form from being recognised and adds a word to the key.
        written = _letters(to_ascii(primary).lower()) if primary is not None else ""
        ids = sorted(f"{p}:{v}" for p in DECISIVE_PROPS for v in feat.identifiers.get(p, ()))
        block = spell | short | folded_keys | set(keys) | set(ids)
        if compact:
            block.update(typo_keys(compact))
        if len(written) >= MIN_WRITTEN:
            block.update((f"w:{written[:END_KEY]}", f"w:{written[-END_KEY:]}"))
        cols["unique_id"].append(entity_id)
        cols["cluster_id"].append(cluster_of(entity_id))
        cols["name_keys"].append(keys)
        cols["spellings"].append(sorted(spell))
        cols["abbreviations"].append(sorted(short - spell))
        cols["folded"].append(sorted(folded_keys))
        cols["cyrillic"].append(any(has_cyrillic(n) for n in feat.names))
        cols["han"].append(han)
        cols["compact"].append(compact)
        cols["written"].append(written if len(written) >= MIN_WRITTEN else None)
        cols["words"].append(len(folded.split()))
        # One changed letter in a syllable of spaced pinyin (cheng, heng) is another character,
        # not a typo: near-equality counts only for names of longer words.
        cols["long_words"].append(all(len(w) >= MIN_TYPO_WORD for w in folded.split()))
        cols["identifiers"].append(ids)
        cols["id_kinds"].append(sorted({i.split(":", 1)[0] for i in ids}))
        cols["countries"].append(sorted(feat.countries))
        cols["block_keys"].append(sorted(block))
    return pa.RecordBatch.from_pydict(cols, schema=ENTITY_SCHEMA)


def score_candidates(
    features: dict[str, EntityFeatures],
    cluster_of: Callable[[str], str],
    settings: ProbabilisticSettings,
    threads: int | None = None,
) -> Scored:
    parties = {k: f for k, f in features.items() if _is_party(f.schema)}
    entities = entity_table(parties, cluster_of)
    blocking = candidate_pairs(
        entities, settings.max_block, settings.max_comparisons, settings.memory_limit, threads
    )
    scorer = make_scorer(settings)
    scores = scorer.score(entities.drop_columns(["cluster_id", "block_keys"]), blocking.pairs)
    return Scored(scores, blocking, scorer.name)
