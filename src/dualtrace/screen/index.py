"""The watchlist index: in memory, built from the workspace in seconds, no search server.

Every name of every entity is turned into skeleton token sequences (`screen.text`); the index
keeps an inverted list per token (which names hold it), a deletion-neighbourhood table over the
vocabulary (tokens one edit apart share a deletion, so a typo still finds its token), and exact
tables for identifiers. Candidates for a query are the names sharing the most rare tokens with
it: a few array operations, whatever the size of the list.
"""

from __future__ import annotations

import itertools
import math
import multiprocessing
import sys
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from dualtrace.screen.text import name_tokens
from dualtrace.screen.watchlist import WatchEntity

Tokens = tuple[str, ...]
MIN_FUZZY_LEN = 4
MAX_POSTINGS = 20_000
"""A token held by more names than this is too common to find candidates by, unless the query
has nothing rarer."""
FUZZY_WEIGHT = 0.7
PARALLEL_ABOVE = 100_000


@dataclass(frozen=True, slots=True)
class Candidate:
    name_index: int
    overlap: float


def _deletions(token: str) -> list[str]:
    return [token] + [token[:i] + token[i + 1 :] for i in range(len(token))]


def _tokens_of(names: Sequence[str]) -> list[tuple[Tokens, ...]]:
    return [name_tokens(n) for n in names]


def _tokenise_all(names: list[str], workers: int) -> list[tuple[Tokens, ...]]:
    """Name forms for every name; on big lists in worker processes (the work holds the GIL)."""
    if workers <= 1 or len(names) < PARALLEL_ABOVE or sys.platform == "win32":
        return _tokens_of(names)
    step = max(10_000, len(names) // (workers * 8))
    chunks = [names[i : i + step] for i in range(0, len(names), step)]
    with multiprocessing.get_context("fork").Pool(workers) as pool:
        parts = pool.map(_tokens_of, chunks)
    return [forms for part in parts for forms in part]


class ScreenIndex:
    """Names, tokens and identifiers of a watchlist, ready for candidate search."""

    def __init__(self, entities: list[WatchEntity], *, workers: int = 1) -> None:
        self.entities = entities
        self.by_id = {e.id: i for i, e in enumerate(entities)}
        owners: list[int] = []
        raw_names: list[str] = []
        for ei, entity in enumerate(entities):
            for name in entity.names:
                owners.append(ei)
                raw_names.append(name)
        forms = _tokenise_all(raw_names, workers)
        # One row per (name, rendering): what candidates and scores are computed on.
        self.name_entity: list[int] = []
        self.name_text: list[str] = []
        self.name_tokens: list[Tokens] = []
        intern = sys.intern
        for owner, text, renderings in zip(owners, raw_names, forms, strict=True):
            for toks in renderings:
                self.name_entity.append(owner)
                self.name_text.append(text)
                self.name_tokens.append(tuple(intern(t) for t in toks))
        self._build_postings()
        self._build_fuzzy()
        self.identifiers: dict[str, list[int]] = {}
        for ei, entity in enumerate(entities):
            for _prop, value in entity.identifiers:
                self.identifiers.setdefault(value, []).append(ei)

    def __len__(self) -> int:
        return len(self.entities)

    @property
    def n_names(self) -> int:
        return len(self.name_tokens)

    def _build_postings(self) -> None:
        vocab: dict[str, int] = {}
        pair_tok: list[int] = []
        pair_name: list[int] = []
        for ni, toks in enumerate(self.name_tokens):
            terms = set(toks)
            terms.update(a + b for a, b in itertools.pairwise(toks))
            for term in terms:
                tid = vocab.get(term)
                if tid is None:
                    tid = vocab[term] = len(vocab)
                pair_tok.append(tid)
                pair_name.append(ni)
        toks_arr = np.asarray(pair_tok, dtype=np.int32)
        names_arr = np.asarray(pair_name, dtype=np.int32)
        order = np.argsort(toks_arr, kind="stable")
        self.postings: npt.NDArray[np.int32] = names_arr[order]
        counts = np.bincount(toks_arr, minlength=len(vocab))
        self.offsets: npt.NDArray[np.int64] = np.concatenate(
            [np.zeros(1, dtype=np.int64), np.cumsum(counts, dtype=np.int64)]
        )
        self.vocab = vocab
        self.vocab_list = list(vocab)
        total = max(1, len(self.name_tokens))
        self.idf: npt.NDArray[np.float64] = np.log1p(total / np.maximum(counts, 1))
        self.max_idf = math.log1p(total)
        self._idf_cache: dict[str, float] = {}

    def _build_fuzzy(self) -> None:
        hashes: list[int] = []
        owners: list[int] = []
        for term, tid in self.vocab.items():
            if len(term) < MIN_FUZZY_LEN:
                continue
            for variant in _deletions(term):
                hashes.append(hash(variant))
                owners.append(tid)
        h = np.asarray(hashes, dtype=np.int64)
        order = np.argsort(h, kind="stable")
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

    def near_tokens(self, token: str) -> list[int]:
        """Vocabulary tokens within one edit of `token` (deletion neighbourhood)."""
        if len(token) < MIN_FUZZY_LEN or len(self.fuzzy_hash) == 0:
            return []
        keys = np.fromiter((hash(v) for v in _deletions(token)), dtype=np.int64)
        left = np.searchsorted(self.fuzzy_hash, keys, "left")
        right = np.searchsorted(self.fuzzy_hash, keys, "right")
        found: set[int] = set()
        for lo, hi in zip(left.tolist(), right.tolist(), strict=True):
            if hi > lo:
                found.update(self.fuzzy_owner[lo:hi].tolist())
        return list(found)

    def candidates(self, renderings: Sequence[Tokens], limit: int) -> list[Candidate]:
        """The `limit` names sharing the most weight of rare (or one-edit-near) tokens."""
        weights: dict[int, float] = {}
        for toks in renderings:
            terms = list(toks) + [a + b for a, b in itertools.pairwise(toks)]
            for term in terms:
                tid = self.vocab.get(term)
                if tid is not None:
                    weights[tid] = max(weights.get(tid, 0.0), 1.0)
                for near in self.near_tokens(term):
                    if near != tid:
                        weights[near] = max(weights.get(near, 0.0), FUZZY_WEIGHT)
        if not weights:
            return []
        tids = list(weights)
        sizes = [int(self.offsets[t + 1] - self.offsets[t]) for t in tids]
        usable = [i for i, size in enumerate(sizes) if size <= MAX_POSTINGS]
        if not usable:
            usable = [min(range(len(tids)), key=sizes.__getitem__)]
        parts = []
        part_w = []
        for i in usable:
            tid = tids[i]
            lo, hi = int(self.offsets[tid]), int(self.offsets[tid + 1])
            hi = min(hi, lo + MAX_POSTINGS)
            parts.append(self.postings[lo:hi])
            part_w.append(np.full(hi - lo, weights[tid] * self.idf[tid]))
        names = np.concatenate(parts)
        if len(names) == 0:
            return []
        unique, inverse = np.unique(names, return_inverse=True)
        scores = np.bincount(inverse, weights=np.concatenate(part_w))
        if len(unique) > limit:
            top = np.argpartition(-scores, limit)[:limit]
        else:
            top = np.arange(len(unique))
        top = top[np.argsort(-scores[top], kind="stable")]
        return [Candidate(int(unique[i]), float(scores[i])) for i in top]

    def by_identifier(self, value: str) -> list[int]:
        return self.identifiers.get(value, [])
