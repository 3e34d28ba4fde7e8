"""Screening one query, or a batch of them, against a watchlist index.

Cheap steps narrow, expensive steps decide: the index proposes candidate names by shared rare
tokens (array operations), the best few entities are scored feature by feature, and only those
are explained. A batch runs in worker processes that share the index by fork (the scoring is
Python and holds the GIL, so threads would not use the second core).
"""

from __future__ import annotations

import gc
import multiprocessing
import sys
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Final

from followthemoney import model as ftm_model

from dualtrace.screen.features import FEATURES, IDENTIFIER_FEATURE, NAME_FEATURE, NAME_WEIGHT
from dualtrace.screen.index import ScreenIndex
from dualtrace.screen.names import name_similarity
from dualtrace.screen.query import Query
from dualtrace.screen.text import Form, name_forms, query_forms
from dualtrace.screen.watchlist import WatchEntity

DEFAULT_THRESHOLD: Final = 0.8
"""One threshold for every kind of name: a score at or above it is a match. Chosen once on the
labelled evaluation set (screen/eval), not per variation class."""
DEFAULT_CUTOFF: Final = 0.5
"""Results scoring below this are not returned at all."""
CANDIDATE_NAMES: Final = 40
SCORED_ENTITIES: Final = 10
SURE_NAME: Final = 0.95
"""A name score from the usual forms at which the query's words as written are not tried."""
OVERLAP_FLOOR: Final = 0.4
"""Candidates sharing less than this share of the best candidate's token weight are not scored."""


@dataclass(frozen=True, slots=True)
class MatchResult:
    entity: WatchEntity
    score: float
    match: bool
    features: dict[str, float]
    explanation: list[str] = field(default_factory=list)


@lru_cache(maxsize=1024)
def schemata_compatible(query: str, listed: str) -> bool:
    """A Person query never matches a listed company; a LegalEntity query matches both."""
    try:
        ftm_model.common_schema(query, listed)
        return True
    except Exception:
        return False


class Screener:
    """Scores queries against one index. Thread-safe; cheap to fork."""

    def __init__(
        self,
        index: ScreenIndex,
        *,
        threshold: float = DEFAULT_THRESHOLD,
        cutoff: float = DEFAULT_CUTOFF,
    ) -> None:
        self.index = index
        self.threshold = threshold
        self.cutoff = cutoff

    def screen(
        self,
        query: Query,
        *,
        limit: int = 5,
        threshold: float | None = None,
        cutoff: float | None = None,
        datasets: frozenset[str] | None = None,
        explain: bool = True,
    ) -> list[MatchResult]:
        threshold = self.threshold if threshold is None else threshold
        cutoff = self.cutoff if cutoff is None else cutoff
        renderings = _renderings(query)
        order: list[int] = []
        seen: set[int] = set()
        for _prop, value in query.identifiers:
            for ei in self.index.by_identifier(value):
                if ei not in seen:
                    seen.add(ei)
                    order.append(ei)
        candidates = self.index.candidates(renderings[0] + renderings[1], CANDIDATE_NAMES)
        floor = candidates[0].overlap * OVERLAP_FLOOR if candidates else 0.0
        for cand in candidates:
            if cand.overlap < floor:
                break
            ei = int(self.index.name_entity[cand.name_index])
            if ei not in seen:
                seen.add(ei)
                order.append(ei)
        results = []
        for ei in order[: SCORED_ENTITIES + len(query.identifiers)]:
            entity = self.index.entities[ei]
            if not schemata_compatible(query.schema, entity.schema):
                continue
            if datasets is not None and not datasets.intersection(entity.datasets):
                continue
            result = self._score(query, renderings, ei, threshold, explain)
            if result.score >= cutoff:
                results.append(result)
        results.sort(key=lambda r: (-r.score, r.entity.id))
        return results[:limit]

    def score_entity(self, query: Query, entity_index: int) -> MatchResult:
        """The full score of one listed entity against a query (no candidate search)."""
        return self._score(query, _renderings(query), entity_index, self.threshold, True)

    def _score(
        self,
        query: Query,
        renderings: Renderings,
        ei: int,
        threshold: float,
        explain: bool,
    ) -> MatchResult:
        entity = self.index.entities[ei]
        index = self.index
        weight = index.token_idf
        legal = index.is_legal_word
        person = entity.schema == "Person"
        best = 0.0
        best_pairs: list[tuple[str, str, float]] = []
        best_name = ""
        rows = index.rows_of(ei)
        primary, extra = renderings
        for forms in (primary, extra):
            for row in rows:
                listed = index.name_forms[row]
                for form in forms:
                    sim, pairs = name_similarity(form, listed, weight, legal, person=person)
                    if sim > best:
                        best, best_pairs, best_name = sim, pairs, index.name_text[row]
            if best >= SURE_NAME:
                break  # the words as written are tried only when the usual forms fall short
        features: dict[str, float] = {NAME_FEATURE: round(best, 4)}
        score = NAME_WEIGHT * best
        decided = False
        for feat in FEATURES.values():
            value = feat.fn(query, entity)
            if value:
                features[feat.name] = round(value, 4)
                if feat.name == IDENTIFIER_FEATURE and value >= 1.0:
                    decided = True
                elif feat.name != IDENTIFIER_FEATURE:
                    score += feat.weight * value
        score = 1.0 if decided else max(0.0, min(1.0, score))
        explanation = []
        if explain:
            explanation.append(_explain_name(best, best_name, best_pairs))
            for name, value in features.items():
                if name != NAME_FEATURE:
                    explanation.append(f"{name} = {value:g}: {FEATURES[name].description}")
        return MatchResult(entity, round(score, 4), score >= threshold, features, explanation)


Renderings = tuple[list[Form], list[Form]]
"""The query's name forms, and its words as written where legal forms were taken out."""


def _renderings(query: Query) -> Renderings:
    primary: list[Form] = []
    extra: list[Form] = []
    for name in query.names:
        primary.extend(f for f in name_forms(name) if f not in primary)
    for name in query.names:
        extra.extend(f for f in query_forms(name) if f not in primary and f not in extra)
    return primary, extra


def _explain_name(score: float, listed: str, pairs: list[tuple[str, str, float]]) -> str:
    if not listed:
        return "name_match = 0: no listed name shares a word with the query"
    paired = ", ".join(f"{a}~{b} ({s:.2f})" if a != b else a for a, b, s in pairs)
    return f"name_match = {score:.2f} against '{listed}': paired {paired or 'nothing'}"


# Batch screening: the screener is handed to forked workers through this module global.
_WORKER: Screener | None = None
_WORKER_OPTIONS: dict[str, object] = {}


Packed = tuple[int, float, bool, dict[str, float], list[str]]


def _screen_chunk(chunk: list[tuple[int, Query]]) -> list[tuple[int, list[Packed]]]:
    """Screen in a worker; results travel back as entity positions, not whole entities."""
    assert _WORKER is not None
    limit = int(_WORKER_OPTIONS.get("limit", 3))  # type: ignore[call-overload]
    explain = bool(_WORKER_OPTIONS.get("explain", True))
    by_id = _WORKER.index.by_id
    out = []
    for i, q in chunk:
        results = _WORKER.screen(q, limit=limit, explain=explain)
        out.append(
            (
                i,
                [
                    (by_id[r.entity.id], r.score, r.match, r.features, r.explanation)
                    for r in results
                ],
            )
        )
    return out


def screen_many(
    screener: Screener,
    queries: Sequence[Query],
    *,
    workers: int = 1,
    limit: int = 3,
    explain: bool = True,
    chunk_size: int = 256,
    on_progress: Callable[[int], None] | None = None,
) -> Iterator[tuple[int, list[MatchResult]]]:
    """(position, results) for every query, in order; across `workers` forked processes."""
    global _WORKER, _WORKER_OPTIONS
    chunks = [
        [(i, queries[i]) for i in range(start, min(start + chunk_size, len(queries)))]
        for start in range(0, len(queries), chunk_size)
    ]
    if workers <= 1 or len(queries) < 2 * chunk_size or sys.platform == "win32":
        for chunk in chunks:
            for i, q in chunk:
                yield i, screener.screen(q, limit=limit, explain=explain)
            if on_progress is not None:
                on_progress(len(chunk))
        return
    _WORKER, _WORKER_OPTIONS = screener, {"limit": limit, "explain": explain}
    # What exists now is left alone by the workers' collectors, so its pages stay shared.
    gc.freeze()
    try:
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            entities = screener.index.entities
            for part in pool.imap(_screen_chunk, chunks):
                for i, packed in part:
                    yield i, [MatchResult(entities[e], sc, m, f, x) for e, sc, m, f, x in packed]
                if on_progress is not None:
                    on_progress(len(part))
    finally:
        gc.unfreeze()
        _WORKER, _WORKER_OPTIONS = None, {}
