"""Entity resolution: accuracy on generated worlds with known truth, and speed at scale.

Accuracy: worlds from the generator (`dualtrace.synth.world`), every input ingested as a user
would, resolved end to end; pairwise precision and recall overall and by variation class
(transliteration, pinyin, legal form, typos, missing identifiers). Peer in the same run: the
decisive rules alone (equal valid identifiers, equal name keys), i.e. the resolver without
its probabilistic pass.

Speed: populations of source entities (bench/resolve_population.py) at 100k (small) and 1M
(large) records, resolved end to end (features, decisive rules, blocking, Splink scoring,
clustering, stored result); wall and process CPU time, candidate pairs, comparisons and the
load average, with the decisive rules alone as peer.

    python -m bench.run --only resolve [--size large]
    python -m bench.bench_resolve --worlds 3 --population 100000   # the report alone
    python -m bench.bench_resolve --worlds 0 --population 100000 --misses 20

`--misses N` prints, after the population run, the N commonest causes of missed pairs: the
styles of the two names, and the best stored score between their clusters (outcome and name
level) or that none was stored (blocking never paired them, or they scored under keep_above).
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import shutil
import time
from collections import Counter, defaultdict
from itertools import combinations
from pathlib import Path
from typing import Any

from bench.common import BenchContext, Result, peak_rss_mb
from bench.resolve_population import Population, build_population
from bench.resolve_truth import (
    CLASSES,
    Labels,
    Score,
    clusters_of,
    label_entities,
    pairwise,
    written_to_party,
)
from dualtrace.resolve import resolve_workspace
from dualtrace.resolve.features import DECISIVE_PROPS
from dualtrace.store import Workspace, ingest_path, init_workspace
from dualtrace.synth.world import generate_world, parse_scale
from dualtrace.synth.world.cast import Sizes, build_world_cast

BENCH = "resolve"


def _cpu() -> float:
    """CPU seconds of this process and its finished children."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def _timed(ws: Workspace, scores: bool) -> tuple[Any, float, float]:
    wall, cpu = time.perf_counter(), _cpu()
    result = resolve_workspace(ws, scores=scores)
    return result, time.perf_counter() - wall, _cpu() - cpu


def _world_workspace(root: Path, seed: int, scale: str) -> tuple[Workspace, Path]:
    world_dir = root / f"world-{seed}-{scale}"
    ws_dir = root / f"ws-{seed}-{scale}"
    shutil.rmtree(world_dir, ignore_errors=True)
    shutil.rmtree(ws_dir, ignore_errors=True)
    world = generate_world(world_dir, seed=seed, scale=scale)
    ws = init_workspace(ws_dir)
    for path in world.inputs:
        ingest_path(ws, path)
    return ws, world_dir


def _score_lines(case: str, which: str, score: Score, peer: Score) -> list[Result]:
    out = [
        Result(
            BENCH,
            case,
            "precision",
            score.precision,
            "ratio",
            f"{which} alone",
            peer.precision,
            extra={"predicted_pairs": score.predicted_pairs},
        ),
        Result(
            BENCH,
            case,
            "recall",
            score.recall,
            "ratio",
            f"{which} alone",
            peer.recall,
            extra={"true_pairs": score.true_pairs},
        ),
    ]
    for c in CLASSES:
        p, r, n = score.by_class[c]
        pp, pr, _ = peer.by_class[c]
        out.append(Result(BENCH, f"{case} [{c}]", "precision", p, "ratio", f"{which} alone", pp))
        out.append(
            Result(
                BENCH,
                f"{case} [{c}]",
                "recall",
                r,
                "ratio",
                f"{which} alone",
                pr,
                notes=f"{n:,} true pairs involve this class",
            )
        )
    return out


def accuracy(root: Path, seeds: list[int], scale: str) -> list[Result]:
    """Both resolvers on each world; precision and recall pooled over the worlds."""
    pooled: dict[bool, tuple[Labels, dict[str, str]]] = {
        True: (Labels(), {}),
        False: (Labels(), {}),
    }
    for seed in seeds:
        ws, world_dir = _world_workspace(root, seed, scale)
        try:
            cast = build_world_cast(random.Random(seed), Sizes.for_rows(parse_scale(scale)))
            parties = {p.key: p for p in cast.all()}
            labels = label_entities(ws, written_to_party(world_dir), parties, DECISIVE_PROPS)
            for scores in (False, True):
                resolve_workspace(ws, scores=scores)
                clusters = clusters_of(ws)
                all_labels, all_clusters = pooled[scores]
                for entity_id, party in labels.party.items():
                    tag = f"{seed}/{entity_id}"
                    all_labels.party[tag] = f"{seed}/{party}"
                    all_labels.classes[tag] = labels.classes[entity_id]
                    all_clusters[tag] = f"{seed}/{clusters.get(entity_id, entity_id)}"
        finally:
            ws.close()
    full = pairwise(*pooled[True])
    base = pairwise(*pooled[False])
    case = f"worlds {scale} x{len(seeds)}"
    return _score_lines(case, "decisive rules", full, base)


def print_misses(ws: Workspace, pop: Population, limit: int) -> None:
    """The commonest causes of missed true pairs, with one example each."""
    clusters = clusters_of(ws)
    names = dict(
        ws.db.execute(
            "SELECT entity_id, any_value(value) FROM current_statements WHERE prop = 'name' "
            "GROUP BY entity_id"
        ).fetchall()
    )
    best: dict[frozenset[str], tuple[float, str]] = {}
    rows = ws.db.execute(
        "SELECT l.canonical_id, r.canonical_id, s.match_probability, s.outcome, "
        "list_filter(s.features, lambda f: f.comparison = 'name')[1].level "
        "FROM match_scores s JOIN resolved l ON l.entity_id = s.left_id "
        "JOIN resolved r ON r.entity_id = s.right_id WHERE l.canonical_id <> r.canonical_id"
    ).fetchall()
    for left, right, probability, outcome, level in rows:
        key = frozenset((left, right))
        if key not in best or probability > best[key][0]:
            best[key] = (probability, f"{outcome}; name: {level}")
    by_party: dict[str, list[str]] = defaultdict(list)
    for entity_id, party in pop.labels.party.items():
        by_party[party].append(entity_id)
    causes: Counter[tuple[str, str]] = Counter()
    examples: dict[tuple[str, str], tuple[str, str]] = {}
    for members in by_party.values():
        for a, b in combinations(sorted(members), 2):
            ca, cb = clusters.get(a, a), clusters.get(b, b)
            if ca == cb:
                continue
            found = best.get(frozenset((ca, cb)))
            why = found[1] if found else "no stored score between the two clusters"
            styles = " + ".join(sorted((pop.styles.get(a, "?"), pop.styles.get(b, "?"))))
            causes[(styles, why)] += 1
            examples.setdefault((styles, why), (names.get(a, a), names.get(b, b)))
    total = sum(causes.values())
    print(f"missed pairs: {total:,}")
    for (styles, why), count in causes.most_common(limit):
        left, right = examples[(styles, why)]
        print(f"{count:7,}  {styles:32} {why}\n{'':9}e.g. {left!r} / {right!r}")


def speed(root: Path, records: int, seed: int = 7, misses: int = 0) -> list[Result]:
    ws_dir = root / f"population-{records}"
    shutil.rmtree(ws_dir, ignore_errors=True)
    ws = init_workspace(ws_dir)
    try:
        pop = build_population(ws, records, seed)
        _, base_wall, base_cpu = _timed(ws, scores=False)
        base_score = pairwise(pop.labels, clusters_of(ws))
        load_before = os.getloadavg()[0]
        full, wall, cpu = _timed(ws, scores=True)
        load = (load_before + os.getloadavg()[0]) / 2
        score = pairwise(pop.labels, clusters_of(ws))
        if misses:
            print_misses(ws, pop, misses)
    finally:
        ws.close()
        shutil.rmtree(ws_dir, ignore_errors=True)
    case = f"population {records:,} records"
    extra = {
        "cpu_seconds": cpu,
        "peer_cpu_seconds": base_cpu,
        "load_avg_1m": load,
        "candidate_pairs": full.candidate_pairs,
        "comparisons": full.comparisons,
        "canonical": full.canonical,
        "merged_by_score": full.merged_by_score,
        "peak_rss_mb": peak_rss_mb(),
        "cpus": os.cpu_count(),
        "steps": {k: {"wall": v.wall, "cpu": v.cpu} for k, v in full.steps.items()},
    }
    steps = "; ".join(f"{k} {v.wall:.1f}/{v.cpu:.1f}" for k, v in full.steps.items())
    return [
        Result(
            BENCH,
            case,
            "resolve wall",
            wall,
            "s",
            "decisive rules alone",
            base_wall,
            notes=f"cpu {cpu:.1f} s (peer {base_cpu:.1f} s), load {load:.2f}, "
            f"{full.comparisons:,} comparisons, {full.candidate_pairs:,} pairs scored, "
            f"peak RSS {extra['peak_rss_mb']:,.0f} MiB; steps wall/cpu s: {steps}",
            extra=extra,
        ),
        Result(
            BENCH,
            case,
            "records per second",
            records / wall,
            "1/s",
            "decisive rules alone",
            records / base_wall,
        ),
        *_score_lines(case, "decisive rules", score, base_score)[:2],
    ]


def run(ctx: BenchContext) -> list[Result]:
    root = ctx.work_dir / "resolve"
    root.mkdir(parents=True, exist_ok=True)
    results = accuracy(root, seeds=[1, 2, 3], scale="tiny" if ctx.size == "small" else "small")
    results += speed(root, 100_000)
    if ctx.size == "large":
        results += speed(root, 1_000_000)
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--worlds", type=int, default=3)
    parser.add_argument("--scale", default="tiny")
    parser.add_argument("--population", type=int, default=0)
    parser.add_argument("--misses", type=int, default=0, help="print the N commonest causes")
    args = parser.parse_args()
    root = Path("bench/out/resolve")
    root.mkdir(parents=True, exist_ok=True)
    results = accuracy(root, list(range(1, args.worlds + 1)), args.scale)
    if args.population:
        results += speed(root, args.population, misses=args.misses)
    for r in results:
        print(r.line(), r.notes or "")


if __name__ == "__main__":
    main()
