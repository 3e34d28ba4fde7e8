"""The watchlist index: in memory, built from the workspace in seconds, no search server.

Every name of every entity is turned into token sequences (`screen.text`); the index keeps an
inverted list per skeleton token and per adjacent pair (which names hold it), a
deletion-neighbourhood table over the token vocabulary (tokens one edit apart share a
deletion, so a typo still finds its token), the first letters of each name's tokens as a bit
mask (so that 'B. HASAN' ranks Bilal Hasan above the other Hasans), the words the lists use
as legal forms, and exact tables for identifiers. Candidates for a query are the names sharing
the most weight of rare tokens with it: a few array operations over the rarest postings,
whatever the size of the list.
"""

from __future__ import annotations

import gc
import math
import multiprocessing
import sys
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import pyarrow as pa

from dualtrace.screen.text import INITIAL_STARTS, Form, Tokens, analyse_name, join
from dualtrace.screen.watchlist import WatchEntity

MIN_FUZZY_LEN = 4
MAX_POSTINGS = 20_000
"""A token held by more names than this is too common to find candidates by, unless the query
has nothing rarer."""
POSTINGS_BUDGET = 6_000
"""Postings read per query: terms are taken rarest first until this many are read (the
rarest term always)."""
FUZZY_WEIGHT = 0.7
LEGAL_TERM_WEIGHT = 0.1
"""A legal-form word ('limited', 'company') finds candidates only when nothing else does."""
INITIAL_BONUS = 1.0
"""Candidate weight for a name holding a word that an initial of the query can open."""
LENGTH_PENALTY = 0.3
"""Candidate weight taken off for every word of a listed name: of two names sharing the query's
words, the one with fewer other words is the better candidate ('ALI, Ahmad' before 'AHMAD,
Ahmad Ali')."""
MAX_QUERY_JOIN = 4
PARALLEL_ABOVE = 100_000

Analysed = tuple[tuple[Form, ...], frozenset[str]]


@dataclass(frozen=True, slots=True)
class Candidate:
    name_index: int
    overlap: float


def _deletions(token: str) -> list[str]:
    return [token] + [token[:i] + token[i + 1 :] for i in range(len(token))]


def _letter_bit(letter: str) -> int:
    return 1 << (ord(letter) - 97) if "a" <= letter <= "z" else 0


def _mask(tokens: Tokens) -> int:
    bits = 0
    for t in tokens:
        bits |= _letter_bit(t[:1])
    return bits


def _analyse_all(names: Sequence[str]) -> list[Analysed]:
    return [analyse_name(n) for n in names]


def _analyse(names: list[str], workers: int) -> list[Analysed]:
    """Name forms for every name; on big lists in worker processes (the work holds the GIL)."""
    if workers <= 1 or len(names) < PARALLEL_ABOVE or sys.platform == "win32":
        return _analyse_all(names)
    step = max(10_000, len(names) // (workers * 8))
    chunks = [names[i : i + step] for i in range(0, len(names), step)]
    with multiprocessing.get_context("fork").Pool(workers) as pool:
        parts = pool.map(_analyse_all, chunks)
    return [forms for part in parts for forms in part]


class ScreenIndex:
    """Names, tokens and identifiers of a watchlist, ready for candidate search."""

    def __init__(self, entities: list[WatchEntity], *, workers: int = 1) -> None:
        # Millions of small tuples and no cycles among them: the collector's full passes
        # would rescan them all again and again, so it is paused while they are made.
        paused = gc.isenabled()
        gc.disable()
        try:
            self._build(entities, workers)
        finally:
            if paused:
                gc.enable()

    def _build(self, entities: list[WatchEntity], workers: int) -> None:
        self.entities = entities
        self.by_id = {e.id: i for i, e in enumerate(entities)}
        owners: list[int] = []
        raw_names: list[str] = []
        for ei, entity in enumerate(entities):
            for name in entity.names:
                owners.append(ei)
                raw_names.append(name)
        analysed = _analyse(raw_names, workers)
        # One row per (name, rendering): what candidates and scores are computed on.
        name_entity: list[int] = []
        self.name_text: list[str] = []
        self.name_forms: list[Form] = []
        legal: set[str] = set()
        intern = sys.intern
        tokens_cache: dict[Tokens, Tokens] = {}
        for owner, text, (forms, dropped) in zip(owners, raw_names, analysed, strict=True):
            legal.update(dropped)
            for toks, raw in forms:
                name_entity.append(owner)
                self.name_text.append(text)
                shared = tokens_cache.get(toks)
                if shared is None:
                    shared = tokens_cache[toks] = tuple(intern(t) for t in toks)
                raw_shared = tokens_cache.get(raw)
                if raw_shared is None:
                    raw_shared = tokens_cache[raw] = tuple(intern(t) for t in raw)
                self.name_forms.append((shared, raw_shared))
        del tokens_cache
        self.name_entity: npt.NDArray[np.int32] = np.asarray(name_entity, dtype=np.int32)
        per_entity = np.bincount(self.name_entity, minlength=len(entities))
        self.row_start: npt.NDArray[np.int64] = np.concatenate(
            [np.zeros(1, dtype=np.int64), np.cumsum(per_entity, dtype=np.int64)]
        )
        self.legal_words = frozenset(legal)
        self._legal_deletions = {d for w in legal if len(w) >= 5 for d in _deletions(w)}
        self._legal_cache: dict[str, bool] = {}
        self._build_postings()
        self.identifiers: dict[str, list[int]] = {}
        for ei, entity in enumerate(entities):
            for _prop, value in entity.identifiers:
                self.identifiers.setdefault(value, []).append(ei)

    def __len__(self) -> int:
        return len(self.entities)

    @property
    def n_names(self) -> int:
        return len(self.name_forms)

    def _build_postings(self) -> None:
        """Inverted lists: the terms of every name form gathered in one flat list, numbered by
        Arrow's dictionary encoding (in C++, not a Python dict per term), sorted by term."""
        flat_terms: list[str] = []
        flat_names: list[int] = []
        mask_list: list[int] = []
        length_list: list[int] = []
        singles: dict[str, str] = {}
        for ni, (toks, raw) in enumerate(self.name_forms):
            mask_list.append(_mask(toks))
            length_list.append(len(toks))
            singles.update(zip(raw, toks, strict=True))
            terms = set(toks)
            terms.update(
                join(toks[k], toks[k + 1])
                for k in range(len(toks) - 1)
                if len(raw[k]) > 1 and len(raw[k + 1]) > 1
            )
            flat_terms.extend(terms)
            flat_names.extend([ni] * len(terms))
        encoded = pa.array(flat_terms, type=pa.string()).dictionary_encode()
        del flat_terms
        pair_tok = encoded.indices.to_numpy(zero_copy_only=False).astype(np.int32)
        vocab_list: list[str] = encoded.dictionary.to_pylist()
        del encoded
        vocab = {term: tid for tid, term in enumerate(vocab_list)}
        del vocab_list
        pair_name = np.asarray(flat_names, dtype=np.int32)
        del flat_names
        masks = np.asarray(mask_list, dtype=np.int32)
        lengths = np.asarray(length_list, dtype=np.float32)
        self.masks = masks
        self.lengths = lengths
        toks_arr = pair_tok
        names_arr = pair_name
        order = np.argsort(toks_arr, kind="stable")
        self.postings: npt.NDArray[np.int32] = names_arr[order]
        counts = np.bincount(toks_arr, minlength=len(vocab))
        self.offsets: npt.NDArray[np.int64] = np.concatenate(
            [np.zeros(1, dtype=np.int64), np.cumsum(counts, dtype=np.int64)]
        )
        self.vocab = vocab
        total = max(1, len(self.name_forms))
        self.idf: npt.NDArray[np.float64] = np.log1p(total / np.maximum(counts, 1))
        self.max_idf = math.log1p(total)
        self._idf_cache: dict[str, float] = {}
        single = np.zeros(len(vocab), dtype=np.bool_)
        single[[vocab[t] for t in set(singles.values())]] = True
        self.is_single: npt.NDArray[np.bool_] = single
        self._build_fuzzy(singles)

    def _build_fuzzy(self, singles: dict[str, str]) -> None:
        """Deletion neighbourhoods of the single tokens, as skeletons and as written (a typo
        inside a folded letter group, 'PICEHUGOV', is one edit from the word but two from its
        skeleton); pairs are found through their tokens."""
        hashes: list[int] = []
        owners: list[int] = []
        vocab = self.vocab
        for raw, term in singles.items():
            tid = vocab[term]
            for form in {raw, term}:
                if len(form) < MIN_FUZZY_LEN or form.isdigit():
                    continue
                for variant in _deletions(form):
                    hashes.append(hash(variant))
                    owners.append(tid)
        h = np.asarray(hashes, dtype=np.int64)
        del hashes
        order = np.argsort(h)
        self.fuzzy_hash: npt.NDArray[np.int64] = h[order]
        self.fuzzy_owner: npt.NDArray[np.int32] = np.asarray(owners, dtype=np.int32)[order]

    def token_idf(self, token: str) -> float:
        weight = self._idf_cache.get(token)
        if weight is None:
            tid = self.vocab.get(token)
            weight = float(self.idf[tid]) if tid is not None else self.max_idf
            if len(self._idf_cache) < 1_000_000:
                self._idf_cache[token] = weight
        return weight

    def is_legal_word(self, token: str) -> bool:
        """A legal-form word of some listed name, or one edit from one (typos in 'LIMITED')."""
        known = self._legal_cache.get(token)
        if known is None:
            known = token in self.legal_words or (
                len(token) >= 5 and any(d in self._legal_deletions for d in _deletions(token))
            )
            if len(self._legal_cache) < 200_000:
                self._legal_cache[token] = known
        return known

    def near_tokens(self, token: str, raw: str = "") -> list[int]:
        """Vocabulary tokens within one edit of `token` or of its spelling `raw` (deletion
        neighbourhood)."""
        if len(token) < MIN_FUZZY_LEN or len(self.fuzzy_hash) == 0:
            return []
        variants = set(_deletions(token))
        if raw and raw != token and len(raw) >= MIN_FUZZY_LEN:
            variants.update(_deletions(raw))
        keys = np.fromiter((hash(v) for v in variants), dtype=np.int64)
        left = np.searchsorted(self.fuzzy_hash, keys, "left")
        right = np.searchsorted(self.fuzzy_hash, keys, "right")
        found: set[int] = set()
        for lo, hi in zip(left.tolist(), right.tolist(), strict=True):
            if hi > lo:
                found.update(self.fuzzy_owner[lo:hi].tolist())
        return list(found)

    def _query_terms(self, renderings: Sequence[Form]) -> dict[int, float]:
        """Query words (initials aside), their runs written together, and near words."""
        weights: dict[int, float] = {}
        only_initials = all(len(r) == 1 for form in renderings for r in form[1])
        legal = self.is_legal_word
        for toks, raw in renderings:
            kept = [(t, r) for t, r in zip(toks, raw, strict=True) if len(r) > 1 or only_initials]
            terms = [t for t, _r in kept]
            spelt = [r for _t, r in kept]
            singles = len(terms)
            has_legal: list[bool] = [False] * singles
            for size in range(2, MAX_QUERY_JOIN + 1):
                for start in range(len(toks) - size + 1):
                    joined = toks[start]
                    for t in toks[start + 1 : start + size]:
                        joined = join(joined, t)
                    if len(joined) > size:
                        terms.append(joined)
                        has_legal.append(any(legal(t) for t in toks[start : start + size]))
            for n, term in enumerate(terms):
                tid = self.vocab.get(term)
                if tid is not None:
                    if n < singles:
                        w = LEGAL_TERM_WEIGHT if legal(term) else 1.0
                    elif self.is_single[tid]:
                        w = 1.0  # syllables written apart: 'se a zen' is 'seazen'
                    else:
                        w = LEGAL_TERM_WEIGHT if has_legal[n] else 1.0
                    weights[tid] = max(weights.get(tid, 0.0), w)
                if n < singles and (tid is None or len(term) >= 6):
                    for near in self.near_tokens(term, spelt[n]):
                        if near != tid and weights.get(near, 0.0) < FUZZY_WEIGHT:
                            weights[near] = FUZZY_WEIGHT
        return weights

    def candidates(self, renderings: Sequence[Form], limit: int) -> list[Candidate]:
        """The `limit` names sharing the most weight of rare (or one-edit-near) tokens."""
        weights = self._query_terms(renderings)
        if not weights:
            return []
        tids = np.fromiter(weights, dtype=np.int64, count=len(weights))
        term_w = np.fromiter(weights.values(), dtype=np.float64, count=len(weights))
        los = self.offsets[tids]
        sizes = np.minimum(self.offsets[tids + 1] - los, MAX_POSTINGS)
        order = np.argsort(sizes, kind="stable")
        read = np.cumsum(sizes[order])
        # Rarest first, within the budget; the rarest term always.
        take = max(1, int(np.searchsorted(read, POSTINGS_BUDGET, side="right")))
        chosen = order[:take]
        if take > 1:
            chosen = chosen[sizes[chosen] < MAX_POSTINGS]
        postings = self.postings
        names = np.concatenate(
            [
                postings[lo : lo + n]
                for lo, n in zip(los[chosen].tolist(), sizes[chosen].tolist(), strict=True)
            ]
        )
        if len(names) == 0:
            return []
        name_w = np.repeat(term_w[chosen] * self.idf[tids[chosen]], sizes[chosen])
        unique, inverse = np.unique(names, return_inverse=True)
        scores = np.bincount(inverse, weights=name_w)
        starts = 0
        for toks, raw in renderings:
            for t, r in zip(toks, raw, strict=True):
                if len(r) == 1:
                    for s in INITIAL_STARTS.get(t, t):
                        starts |= _letter_bit(s)
        if starts:
            scores += INITIAL_BONUS * ((self.masks[unique] & starts) != 0)
        scores = scores - LENGTH_PENALTY * self.lengths[unique]
        if len(unique) > limit:
            top = np.argpartition(-scores, limit)[:limit]
        else:
            top = np.arange(len(unique))
        top = top[np.argsort(-scores[top], kind="stable")]
        return [Candidate(int(unique[i]), float(scores[i])) for i in top]

    def rows_of(self, entity_index: int) -> range:
        """The name rows of one entity (rows are stored entity by entity)."""
        return range(int(self.row_start[entity_index]), int(self.row_start[entity_index + 1]))

    def by_identifier(self, value: str) -> list[int]:
        return self.identifiers.get(value, [])
