"""One set of labelled name pairs scored by the project's matcher and by two peers.

A pair is a query name (with its schema) against one listed entity (all its names), labelled
true or false. From each screening evaluation case come:
- the varied name against the entity it was made from (true);
- a near miss against the listed name it was made from (false: 'Bank Mellat' is not
  'Bank Melli');
- the varied name against another listed entity that shares its rarest word but not a name
  with the right one (false: another ROTENBERG is another person).

Scored by dualtrace's screening scorer (`Screener.score_entity`, no candidate search), by
nomenklatura's logic-v2 (yente's default matcher) in its own environment through
bench/peers/nomenklatura_pairs.py, and by rapidfuzz's WRatio (best over the entity's names),
each timed on the comparisons alone. Precision, recall and F1 are given at each matcher's own
threshold (dualtrace's screening threshold, yente's 0.70 for logic-v2; rapidfuzz has none, so
its best-F1 threshold) and at each one's best-F1 threshold.
"""

from __future__ import annotations

import json
import os
import random
import re
import subprocess
import tempfile
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rapidfuzz import fuzz, utils

from bench.common import Result
from dualtrace.normalize.names import name_key
from dualtrace.screen import Query, QueryError, Screener
from dualtrace.screen.eval.generate import Case

PEERS = Path(__file__).resolve().parent
PEER_VENV = PEERS.parent / ".peers-venv"
PEER_SCRIPT = PEERS / "nomenklatura_pairs.py"
NOMENKLATURA = "nomenklatura 4.17.4 logic-v2"
NOMENKLATURA_THRESHOLD = 0.70
"""yente's default match threshold (SCORE_THRESHOLD) for logic-v2."""
RAPIDFUZZ = "rapidfuzz WRatio, best over names"
WORD = re.compile(r"[^\W\d_]{3,}")


@dataclass(frozen=True, slots=True)
class Pair:
    pair_id: str
    kind: str
    """The case's variation class, 'near_miss', or 'shared_word' for another entity."""
    query: str
    schema: str
    entity_index: int
    label: bool


@dataclass
class Scored:
    """One matcher's scores on every pair and its timing of the comparisons alone."""

    matcher: str
    scores: list[float]
    wall: float
    cpu: float
    load: float
    threshold: float | None
    note: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def per_second(self) -> float:
        return len(self.scores) / self.wall if self.wall else 0.0


@dataclass(frozen=True, slots=True)
class Quality:
    threshold: float
    precision: float
    recall: float
    f1: float


def labelled_pairs(screener: Screener, cases: Sequence[Case], seed: int = 11) -> list[Pair]:
    entities = screener.index.entities
    by_id = {e.id: i for i, e in enumerate(entities)}
    by_caption: dict[str, int] = {}
    keys: list[set[str]] = []
    by_word: dict[str, list[int]] = defaultdict(list)
    for i, entity in enumerate(entities):
        by_caption.setdefault(entity.caption, i)
        keys.append({name_key(n) for n in entity.names})
        for word in {w.upper() for n in entity.names for w in WORD.findall(n)}:
            by_word[word].append(i)
    rng = random.Random(seed)
    pairs: list[Pair] = []
    for case in cases:
        if not case.expected_id:
            if (ei := by_caption.get(case.listed_name)) is not None:
                pairs.append(Pair(case.case_id, "near_miss", case.query, case.schema, ei, False))
            continue
        if (ei := by_id.get(case.expected_id)) is None:
            continue
        pairs.append(Pair(case.case_id, case.cls, case.query, case.schema, ei, True))
        words = {w.upper() for w in WORD.findall(case.query)}
        shared = sorted((len(by_word[w]), w) for w in words if len(by_word.get(w, ())) >= 2)
        for _count, word in shared:
            others = [j for j in by_word[word] if j != ei and not keys[j] & keys[ei]]
            if others:
                other = rng.choice(others)
                pairs.append(
                    Pair(
                        f"{case.case_id}-other",
                        "shared_word",
                        case.query,
                        case.schema,
                        other,
                        False,
                    )
                )
                break
    return pairs


def _timed(fn: Callable[[], list[float]]) -> tuple[list[float], float, float, float]:
    wall, cpu = time.perf_counter(), time.process_time()
    scores = fn()
    return scores, time.perf_counter() - wall, time.process_time() - cpu, os.getloadavg()[0]


def score_dualtrace(screener: Screener, pairs: Sequence[Pair]) -> Scored:
    queries: list[Query | None] = []
    for pair in pairs:
        try:
            queries.append(Query.from_name(pair.query, pair.schema))
        except QueryError:
            queries.append(None)

    def run() -> list[float]:
        return [
            screener.score_entity(q, p.entity_index).score if q is not None else 0.0
            for q, p in zip(queries, pairs, strict=True)
        ]

    scores, wall, cpu, load = _timed(run)
    return Scored("dualtrace", scores, wall, cpu, load, screener.threshold)


def score_rapidfuzz(screener: Screener, pairs: Sequence[Pair]) -> Scored:
    entities = screener.index.entities

    def run() -> list[float]:
        return [
            max(
                fuzz.WRatio(p.query, n, processor=utils.default_process)
                for n in entities[p.entity_index].names
            )
            / 100
            for p in pairs
        ]

    scores, wall, cpu, load = _timed(run)
    return Scored(RAPIDFUZZ, scores, wall, cpu, load, None)


def score_nomenklatura(screener: Screener, pairs: Sequence[Pair], work: Path) -> Scored:
    """In a subprocess with the peer environment's Python; a missing environment or a failed
    run gives empty scores and the reason in the note, never an exception."""
    python = PEER_VENV / "bin" / "python"
    if not python.exists():
        return _unmeasured(
            f"nomenklatura peer not measured: no peer environment at {PEER_VENV} "
            "(`make bench` makes it from PyPI)"
        )
    entities = screener.index.entities
    work.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=work) as tmp:
        source, target = Path(tmp) / "pairs.jsonl", Path(tmp) / "scores.jsonl"
        with source.open("w", encoding="utf-8") as out:
            for p in pairs:
                listed = entities[p.entity_index]
                row = {
                    "id": p.pair_id,
                    "query": {
                        "id": f"{p.schema}:{p.query}",
                        "schema": p.schema,
                        "names": [p.query],
                    },
                    "listed": {
                        "id": listed.id,
                        "schema": listed.schema,
                        "names": list(listed.names),
                    },
                }
                out.write(json.dumps(row, ensure_ascii=False) + "\n")
        done = subprocess.run(
            [str(python), str(PEER_SCRIPT), str(source), str(target)],
            capture_output=True,
            text=True,
            timeout=1800,
        )
        if done.returncode != 0:
            reason = done.stderr.strip()[-300:].replace("\n", " ")
            return _unmeasured(f"nomenklatura peer failed: {reason}")
        lines = [json.loads(line) for line in target.read_text(encoding="utf-8").splitlines()]
    timing = lines.pop()["timing"]
    scores = [float(line["score"]) for line in lines]
    return Scored(
        NOMENKLATURA,
        scores,
        timing["wall"],
        timing["cpu"],
        timing["load"],
        NOMENKLATURA_THRESHOLD,
        extra={"import_wall": timing["import_wall"], "build_wall": timing["build_wall"]},
    )


def _unmeasured(note: str) -> Scored:
    return Scored(NOMENKLATURA, [], 0, 0, os.getloadavg()[0], NOMENKLATURA_THRESHOLD, note)


def quality(scores: Sequence[float], labels: Sequence[bool], threshold: float) -> Quality:
    tp = sum(1 for s, y in zip(scores, labels, strict=True) if y and s >= threshold)
    fp = sum(1 for s, y in zip(scores, labels, strict=True) if not y and s >= threshold)
    positives = sum(labels)
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / positives if positives else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return Quality(threshold, precision, recall, f1)


def best_f1(scores: Sequence[float], labels: Sequence[bool]) -> Quality:
    """The threshold with the highest F1, found in one pass over the scores sorted high to
    low (every distinct score is a candidate threshold)."""
    positives = sum(labels)
    by_score = sorted(zip(scores, labels, strict=True), key=lambda x: -x[0])
    best = Quality(1.0, 1.0, 0.0, 0.0)
    tp = fp = 0
    for i, (score, label) in enumerate(by_score):
        tp += label
        fp += not label
        if i + 1 < len(by_score) and by_score[i + 1][0] == score:
            continue
        precision = tp / (tp + fp)
        recall = tp / positives if positives else 1.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        if f1 > best.f1:
            best = Quality(score, precision, recall, f1)
    return best


def recall_by_kind(scored: Scored, pairs: Sequence[Pair], threshold: float) -> dict[str, float]:
    """Recall per variation class, and the share accepted per kind of false pair."""
    hits: Counter[str] = Counter()
    totals: Counter[str] = Counter()
    for score, pair in zip(scored.scores, pairs, strict=True):
        totals[pair.kind] += 1
        hits[pair.kind] += score >= threshold
    return {kind: round(hits[kind] / totals[kind], 4) for kind in sorted(totals)}


def _rate_note(s: Scored) -> str:
    if not s.scores:
        return s.note
    return (
        f"{s.matcher}: wall {s.wall:.2f} s, CPU {s.cpu:.2f} s "
        f"({len(s.scores) / s.cpu if s.cpu else 0:,.0f} per CPU second), load {s.load:.2f}"
    )


def _own(s: Scored, labels: Sequence[bool]) -> Quality:
    return (
        quality(s.scores, labels, s.threshold)
        if s.threshold is not None
        else best_f1(s.scores, labels)
    )


def _quality_note(s: Scored, q: Quality, own: bool) -> str:
    if not s.scores:
        return s.note
    where = "own threshold" if own and s.threshold is not None else "best-F1 threshold"
    return (
        f"{s.matcher} at {where} {q.threshold:.3g}: "
        f"precision {q.precision:.3f}, recall {q.recall:.3f}"
    )


def pair_results(
    source: str, screener: Screener, cases: Sequence[Case], work: Path
) -> list[Result]:
    """Rows for one evaluation set: pairs per second, and precision, recall and F1 at each
    matcher's own and best-F1 thresholds, each row against one peer."""
    pairs = labelled_pairs(screener, cases)
    labels = [p.label for p in pairs]
    ours = score_dualtrace(screener, pairs)
    peers = [score_nomenklatura(screener, pairs, work), score_rapidfuzz(screener, pairs)]
    n_true = sum(labels)
    case = f"pairs {source} ({n_true:,} true, {len(pairs) - n_true:,} false)"
    our_own, our_best = _own(ours, labels), best_f1(ours.scores, labels)
    out: list[Result] = []
    for peer in peers:
        measured = bool(peer.scores)
        peer_own = _own(peer, labels) if measured else None
        peer_best = best_f1(peer.scores, labels) if measured else None
        extra = {
            "dualtrace_by_kind": recall_by_kind(ours, pairs, our_own.threshold),
            **(
                {"peer_by_kind": recall_by_kind(peer, pairs, peer_own.threshold)}
                if peer_own
                else {}
            ),
            **peer.extra,
        }
        out.append(
            Result(
                "screen",
                case,
                "pairs scored per second (one process)",
                ours.per_second,
                "pairs/s",
                peer=peer.matcher,
                peer_value=peer.per_second if measured else None,
                notes=f"{_rate_note(ours)}; peer {_rate_note(peer)}; the comparisons alone; "
                "share accepted per class in results.json",
                extra=extra,
            )
        )
        for metric, attr, mine, theirs, own in (
            ("F1 at own threshold", "f1", our_own, peer_own, True),
            ("precision at own threshold", "precision", our_own, peer_own, True),
            ("recall at own threshold", "recall", our_own, peer_own, True),
            ("best F1", "f1", our_best, peer_best, False),
        ):
            out.append(
                Result(
                    "screen",
                    case,
                    metric,
                    getattr(mine, attr),
                    "ratio",
                    peer=peer.matcher,
                    peer_value=getattr(theirs, attr) if theirs is not None else None,
                    notes=f"{_quality_note(ours, mine, own)}; peer "
                    + (_quality_note(peer, theirs, own) if theirs is not None else peer.note),
                )
            )
    return out
