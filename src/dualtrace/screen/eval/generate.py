"""Build the labelled evaluation set from the lists in a workspace, and score a screener on it.

    python -m dualtrace.screen.eval.generate [--data ../shared/data] [--out cases_ofac.csv]

writes the cases made from the OFAC lists (US government works, free to redistribute), which is
the file committed beside this module. Cases from OpenSanctions data (CC BY-NC) are made the same
way at test and benchmark time and never written into the repository.
"""

from __future__ import annotations

import argparse
import csv
import random
import tempfile
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from rapidfuzz.distance import OSA

from dualtrace.normalize.names import name_key
from dualtrace.screen.eval.variations import CLASSES
from dualtrace.screen.matcher import Screener
from dualtrace.screen.query import Query, QueryError
from dualtrace.screen.text import legal_words, skeleton
from dualtrace.screen.watchlist import WatchEntity

SEED = 20260301
PER_CLASS = 150
NEGATIVES = 400
NEGATIVE_CLASS = "near_miss"
LOSSY_CLASSES = frozenset({"dropped_token", "initials"})
"""Classes that take information away; a case whose remainder fits two listed parties is left
out, as a case that is another party's exact name is."""
CHINESE_CLASSES = frozenset({"chinese", "pinyin"})
CHINESE_COUNTRIES = frozenset({"china", "hong kong", "cn", "hk"})
COLUMNS = ("case_id", "class", "schema", "query", "expected_id", "listed_name")
HERE = Path(__file__).resolve().parent
OFAC_CASES = HERE / "cases_ofac.csv"


@dataclass(frozen=True, slots=True)
class Case:
    case_id: str
    cls: str
    schema: str
    query: str
    expected_id: str
    """'' for a near miss: nothing on the list should match it."""
    listed_name: str


def _query_schema(entity: WatchEntity) -> str:
    return "Company" if entity.schema in {"Organization", "Company"} else entity.schema


def generate_cases(
    entities: Sequence[WatchEntity],
    *,
    prefix: str,
    per_class: int = PER_CLASS,
    negatives: int = NEGATIVES,
    seed: int = SEED,
) -> list[Case]:
    rng = random.Random(seed)
    owners: dict[str, set[str]] = defaultdict(set)
    for e in entities:
        for n in e.names:
            owners[name_key(n)].add(e.id)
    pool = sorted(
        (e for e in entities if e.schema in {"Person", "Organization", "Company", "LegalEntity"}),
        key=lambda e: e.id,
    )
    covers = _Coverage(pool)
    cases: list[Case] = []
    for cls, vary in CLASSES.items():
        order = pool[:]
        rng.shuffle(order)
        made = 0
        for entity in order:
            if made >= per_class:
                break
            if cls in CHINESE_CLASSES and not entity.countries & CHINESE_COUNTRIES:
                continue
            varied = vary(entity.caption, entity.schema, rng)
            if not varied or not name_key(varied):
                continue
            same = owners.get(name_key(varied), set())
            if same - owners[name_key(entity.caption)]:
                continue  # the variation is another listed party's name: no right answer
            if cls in LOSSY_CLASSES and covers.others(varied, entity.id):
                continue  # what is left fits another listed party as well: no right answer
            made += 1
            cases.append(
                Case(
                    f"{prefix}-{cls}-{made}",
                    cls,
                    _query_schema(entity),
                    varied,
                    entity.id,
                    entity.caption,
                )
            )
    cases.extend(_near_misses(pool, prefix, negatives, rng))
    return cases


class _Coverage:
    """Which listed parties a name with words left out or shortened to initials could be:
    every remaining word is one of theirs, or an initial one of their words opens."""

    def __init__(self, pool: Sequence[WatchEntity]) -> None:
        self.words: dict[str, set[str]] = {}
        self.holders: dict[str, set[str]] = defaultdict(set)
        for entity in pool:
            words = {w for n in entity.names for w in name_key(n).split()}
            self.words[entity.id] = words
            for w in words:
                self.holders[w].add(entity.id)

    def others(self, varied: str, entity_id: str) -> bool:
        words = name_key(varied).split()
        full = [w for w in words if len(w) > 1]
        if not full:
            return False
        found = set.intersection(*(self.holders.get(w, set()) for w in full)) - {entity_id}
        initials = [w for w in words if len(w) == 1]
        return any(
            all(any(x.startswith(i) for x in self.words[other]) for i in initials)
            for other in found
        )


def _near_misses(
    pool: Sequence[WatchEntity], prefix: str, count: int, rng: random.Random
) -> list[Case]:
    """Listed names with their most distinctive word swapped for another listed word of about
    the same length but a different spelling: 'Bank Mellat' beside 'Bank Melli'. Legal-form
    words ('LIMITED', 'COMPANY', 'S.A.S.') are neither swapped out nor in."""
    listed_keys = {name_key(n) for e in pool for n in e.names}
    legal = {w for e in pool for n in e.names for w in legal_words(n)}
    words_by_len: dict[int, list[str]] = defaultdict(list)
    for entity in pool:
        for word in entity.caption.replace(",", " ").split():
            if word.isalpha() and len(word) >= 4 and not _is_legal(word, legal):
                words_by_len[len(word)].append(word)
    order = list(pool)
    rng.shuffle(order)
    out: list[Case] = []
    for entity in order:
        if len(out) >= count:
            break
        words = entity.caption.replace(",", " ").split()
        if not 2 <= len(words) <= 4:
            continue
        kept = [i for i, w in enumerate(words) if not _is_legal(w, legal)]
        if not kept:
            continue
        target = max(kept, key=lambda i: (len(words[i]), i))
        old = words[target]
        choices = words_by_len.get(len(old), []) + words_by_len.get(len(old) + 1, [])
        for _ in range(20):
            if not choices:
                break
            new = rng.choice(choices)
            if OSA.normalized_similarity(new.lower(), old.lower()) < 0.5:
                varied = " ".join([*words[:target], new.upper(), *words[target + 1 :]])
                if name_key(varied) not in listed_keys:
                    out.append(
                        Case(
                            f"{prefix}-{NEGATIVE_CLASS}-{len(out) + 1}",
                            NEGATIVE_CLASS,
                            _query_schema(entity),
                            varied,
                            "",
                            entity.caption,
                        )
                    )
                    break
    return out


def _is_legal(word: str, legal: set[str]) -> bool:
    """A legal-form word of the list: swapping one in or out makes a legal-form variation of
    the same party, not a near miss."""
    return not name_key(word) or skeleton(name_key(word)) in legal


CROSSINGS = ("cyrillic_to_latin", "latin_to_cyrillic")


def _script(name: str) -> str:
    """The script most of the name's letters are in (a look-alike letter does not count)."""
    cyrillic = sum(1 for ch in name if "\u0400" <= ch <= "\u04ff")
    latin = sum(1 for ch in name if ch.isascii() and ch.isalpha())
    if cyrillic > latin:
        return "cyrillic"
    return "latin" if latin > cyrillic else "other"


def script_crossings(
    entities: Sequence[WatchEntity], *, prefix: str, per_class: int = PER_CLASS, seed: int = SEED
) -> dict[str, tuple[list[WatchEntity], list[Case]]]:
    """Real names in one script against a list that has the party only in the other.

    OpenSanctions carries Latin names with Cyrillic aliases ('IVAKHA Denis Vladimirovich',
    'ИВАХА Денис Владимирович'): a query in one script is screened against a copy of the list
    where every party written in both scripts keeps only the other one, so the match has to
    cross scripts rather than find the alias."""
    rng = random.Random(seed)
    both = sorted(
        (
            e
            for e in entities
            if e.schema in {"Person", "Organization", "Company", "LegalEntity"}
            and {"latin", "cyrillic"} <= {_script(n) for n in e.names}
        ),
        key=lambda e: e.id,
    )
    rng.shuffle(both)
    chosen = both[:per_class]
    out: dict[str, tuple[list[WatchEntity], list[Case]]] = {}
    for cls in CROSSINGS:
        query_script, kept_script = cls.split("_to_")
        listed = [
            replace(e, names=tuple(n for n in e.names if _script(n) == kept_script))
            if {"latin", "cyrillic"} <= {_script(n) for n in e.names}
            else e
            for e in entities
        ]
        cases = []
        for n, entity in enumerate(chosen, 1):
            names = [x for x in entity.names if _script(x) == query_script]
            target = next(x for x in entity.names if _script(x) == kept_script)
            query = rng.choice(names)
            cases.append(
                Case(f"{prefix}-{cls}-{n}", cls, _query_schema(entity), query, entity.id, target)
            )
        out[cls] = (listed, cases)
    return out


def write_cases(path: Path, cases: Iterable[Case]) -> int:
    n = 0
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(COLUMNS)
        for c in cases:
            writer.writerow([c.case_id, c.cls, c.schema, c.query, c.expected_id, c.listed_name])
            n += 1
    return n


def read_cases(path: Path) -> list[Case]:
    with path.open(encoding="utf-8", newline="") as handle:
        return [
            Case(
                r["case_id"],
                r["class"],
                r["schema"],
                r["query"],
                r["expected_id"],
                r["listed_name"],
            )
            for r in csv.DictReader(handle)
        ]


@dataclass
class ClassScore:
    cls: str
    cases: int = 0
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        positives = self.tp + self.fn
        return self.tp / positives if positives else 1.0


def evaluate(
    screener: Screener, cases: Sequence[Case], *, threshold: float | None = None
) -> dict[str, ClassScore]:
    """Per class: the top result at or above the threshold is the prediction. A near miss
    with any prediction is a false positive; a variation predicting another entity is a false
    positive and a false negative (unless that entity carries the same name: lists repeat)."""
    same_name: dict[str, set[str]] = defaultdict(set)
    for entity in screener.index.entities:
        for name in entity.names:
            same_name[name_key(name)].add(entity.id)
    equivalent: dict[str, set[str]] = defaultdict(set)
    for ids in same_name.values():
        for i in ids:
            equivalent[i] |= ids
    threshold = screener.threshold if threshold is None else threshold
    scores: dict[str, ClassScore] = {}
    total = ClassScore("all")
    for case in cases:
        score = scores.setdefault(case.cls, ClassScore(case.cls))
        score.cases += 1
        total.cases += 1
        try:
            results = screener.screen(
                Query.from_name(case.query, case.schema), limit=1, explain=False
            )
        except QueryError:
            results = []
        predicted = results[0].entity.id if results and results[0].score >= threshold else None
        for s in (score, total):
            if not case.expected_id:
                s.fp += predicted is not None
            elif predicted is not None and (
                predicted == case.expected_id or predicted in equivalent[case.expected_id]
            ):
                s.tp += 1
            else:
                s.fn += 1
                s.fp += predicted is not None
    scores["all"] = total
    return scores


def main(argv: list[str] | None = None) -> int:
    from dualtrace.screen.watchlist import load_watchlist
    from dualtrace.store import ingest_path, init_workspace

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", type=Path, default=HERE.parents[3].parent / "shared" / "data")
    parser.add_argument("--out", type=Path, default=OFAC_CASES)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        ws = init_workspace(Path(tmp) / "ws")
        try:
            for folder in ("ofac-sdn-2021", "ofac-consolidated-2025"):
                ingest_path(ws, args.data / "sanctions" / folder)
            entities = load_watchlist(ws)
        finally:
            ws.close()
    n = write_cases(args.out, generate_cases(entities, prefix="ofac"))
    print(f"wrote {n} cases to {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
