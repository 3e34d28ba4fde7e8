"""Screening: index build, batch queries per second, single /match latency, memory, accuracy.

The watchlist is the real OFAC lists plus synthetic entities made by recombining and perturbing
real listed names (seeded), stored through the normal model tables: 20,000 at --size small,
200,000 at medium, 1,000,000 at large. Queries are variations of listed entities (the classes of
the evaluation set) and unlisted near misses.

Peer: a plain rapidfuzz baseline, WRatio over every listed name (`process.cdist` with both
cores, the parallel form of `process.extract`), on the same queries. nomenklatura's logic-v2
scorer is left out: nomenklatura 4.17 requires scikit-learn (and SciPy), SQLAlchemy, textual
and lxml, too heavy to add for a peer.
"""

from __future__ import annotations

import json
import random
import shutil
import statistics
import time
from collections.abc import Iterator
from pathlib import Path

from rapidfuzz import fuzz, process

from bench.common import BenchContext, Result, peak_rss_mb
from dualtrace.model import Batch, Record
from dualtrace.screen import Query, Screener, ScreenIndex, load_watchlist, screen_many
from dualtrace.screen.eval.generate import NEGATIVE_CLASS, OFAC_CASES, evaluate, read_cases
from dualtrace.screen.eval.variations import CLASSES
from dualtrace.settings import Settings
from dualtrace.sources.base import EntityStatements, SourceFormat, SourceInput
from dualtrace.sources.sanctions.common import AUTHORITIES, sanctioned
from dualtrace.store import Workspace, ingest_path, ingest_source, init_workspace, open_workspace

SEED = 7
GENERATOR_VERSION = "1"
COUNTRIES = ("ru", "cn", "hk", "ae", "tr", "kz", "by", "ir", "kp", "sy", "am", "uz")
LEGAL = ("LLC", "OOO", "JSC", "CO., LTD.", "LIMITED", "GMBH", "AO", "TRADING LLC")


def _pools(entities: list[tuple[str, str]]) -> tuple[list[str], list[str], list[str]]:
    surnames, given, words = [], [], []
    for schema, name in entities:
        if schema == "Person" and "," in name:
            last, _, first = name.partition(",")
            surnames.append(last.strip())
            given.extend(first.split()[:2])
        else:
            words.extend(w for w in name.replace(",", " ").split() if w.isalpha() and len(w) > 3)
    return surnames, given, words


class SyntheticWatchlist(SourceFormat):
    """Entities recombined from real listed names, each sanctioned, in batches of 20,000."""

    name = "bench-synthetic-watchlist"
    description = "synthetic watchlist for the screening benchmark"
    mode = "replace"

    def __init__(self, count: int, real: list[tuple[str, str]]) -> None:
        self.count = count
        self.real = real

    @classmethod
    def sniff(cls, path: Path) -> SourceInput | None:
        return None

    def dataset(self, source: SourceInput) -> str:
        return "bench_synthetic"

    def parse(self, source: SourceInput) -> Iterator[Batch]:
        rng = random.Random(SEED)
        surnames, given, words = _pools(self.real)
        authority = AUTHORITIES["us_ofac"]
        batch = Batch()
        for i in range(self.count):
            entity_id = f"synth-{i}"
            record_id = f"bench_synthetic:{i}"
            if rng.random() < 0.5:
                schema = "Person"
                name = f"{rng.choice(surnames)}, {' '.join(rng.sample(given, rng.randint(1, 2)))}"
            else:
                schema = "Company"
                core = " ".join(rng.sample(words, rng.randint(1, 3)))
                name = f"{core} {rng.choice(LEGAL)}"
            if rng.random() < 0.3:  # a perturbed real name keeps real spellings near each other
                _s, base = rng.choice(self.real)
                name = CLASSES["typo"](base, schema, rng) or name
            country = rng.choice(COUNTRIES)
            batch.records.append(
                Record(
                    record_id, "bench_synthetic", f"entity {i}", {"name": name, "country": country}
                )
            )
            add = EntityStatements(batch, entity_id, schema, record_id).add
            add("name", name)
            add("country", country)
            batch.relations.append(sanctioned(entity_id, authority, record_id, program="BENCH"))
            if len(batch.records) >= 20_000:
                yield batch
                batch = Batch()
        yield batch


def _workspace(ctx: BenchContext, size: int) -> Path:
    root = ctx.work_dir / f"screen-ws-{size}"
    marker = root / "bench-generator.json"
    wanted = {"version": GENERATOR_VERSION, "size": size}
    if marker.exists() and json.loads(marker.read_text()) == wanted:
        return root
    shutil.rmtree(root, ignore_errors=True)
    ws = init_workspace(root)
    try:
        for folder in ("ofac-sdn-2021", "ofac-consolidated-2025"):
            ingest_path(ws, ctx.shared_data / "sanctions" / folder)
        real = [(e.schema, e.caption) for e in load_watchlist(ws)]
        stamp = root / "synthetic.txt"
        stamp.write_text(f"{size} {SEED}\n")
        ingest_source(ws, SyntheticWatchlist(size, real), SourceInput(stamp, (stamp,)))
    finally:
        ws.close()
    marker.write_text(json.dumps(wanted))
    return root


def _queries(screener: Screener, count: int) -> list[Query]:
    rng = random.Random(SEED + 1)
    entities = screener.index.entities
    classes = [c for c in CLASSES if c not in {"chinese", "pinyin"}]
    out: list[Query] = []
    while len(out) < count:
        entity = rng.choice(entities)
        if rng.random() < 0.2:
            other = rng.choice(entities)
            varied = f"{entity.caption.split()[0]} {other.caption.split()[-1]}"
        else:
            varied = CLASSES[rng.choice(classes)](entity.caption, entity.schema, rng) or ""
        if varied.strip():
            schema = "Person" if entity.schema == "Person" else "Company"
            try:
                out.append(Query.from_name(varied, schema))
            except Exception:
                continue
    return out


def _build(ws: Workspace) -> tuple[Screener, float, int]:
    start = time.perf_counter()
    entities = load_watchlist(ws)
    index = ScreenIndex(entities, workers=2)
    return Screener(index), time.perf_counter() - start, len(entities)


def _match_latency(root: Path, queries: list[Query], n: int) -> tuple[float, float]:
    from fastapi.testclient import TestClient

    from dualtrace.api import create_app

    client = TestClient(create_app(Settings(workspace=root)))
    client.get("/search", params={"q": "warm up"})
    times = []
    for q in queries[:n]:
        body = {"queries": {"q": {"schema": q.schema, "properties": {"name": list(q.names)}}}}
        start = time.perf_counter()
        response = client.post("/match/default", json=body)
        times.append(time.perf_counter() - start)
        assert response.status_code == 200
    times.sort()
    return statistics.median(times) * 1000, times[int(len(times) * 0.99) - 1] * 1000


def run(ctx: BenchContext) -> list[Result]:
    size = ctx.scale(20_000, 200_000, 1_000_000)
    case = f"{size:,} synthetic + OFAC"
    root = _workspace(ctx, size)
    rss_before = peak_rss_mb()
    ws = open_workspace(root)
    try:
        screener, build_s, n_entities = _build(ws)
    finally:
        ws.close()
    rss_index = peak_rss_mb()
    queries = _queries(screener, ctx.scale(4000, 10_000, 20_000))
    for q in queries[:200]:
        screener.screen(q)  # warm caches
    start = time.perf_counter()
    for _ in screen_many(screener, queries, workers=2, limit=5, explain=False):
        pass
    batch_qps = len(queries) / (time.perf_counter() - start)
    start = time.perf_counter()
    for q in queries[:2000]:
        screener.screen(q, explain=True)
    single_qps = min(2000, len(queries)) / (time.perf_counter() - start)

    names = [screener.index.name_text[i] for i in range(screener.index.n_names)]
    peer_n = ctx.scale(200, 60, 20)
    start = time.perf_counter()
    for q in queries[:peer_n]:
        row = process.cdist([q.names[0]], names, scorer=fuzz.WRatio, workers=2)[0]
        row.argsort()[-5:]
    peer_qps = peer_n / (time.perf_counter() - start)
    p50, p99 = _match_latency(root, queries, ctx.scale(300, 300, 300))

    results = [
        Result(
            "screen",
            case,
            "index build",
            build_s,
            "s",
            notes=f"{n_entities:,} entities, {screener.index.n_names:,} name forms; target < 60 s",
        ),
        Result(
            "screen",
            case,
            "batch queries per second (2 workers)",
            batch_qps,
            "queries/s",
            peer="rapidfuzz WRatio over all names (cdist, 2 workers)",
            peer_value=peer_qps,
            notes="target >= 2,000 at 1M",
        ),
        Result(
            "screen", case, "queries per second, one process, explained", single_qps, "queries/s"
        ),
        Result("screen", case, "/match p50 (TestClient)", p50, "ms", notes="target < 5 ms"),
        Result("screen", case, "/match p99 (TestClient)", p99, "ms"),
        Result(
            "screen",
            case,
            "peak memory",
            rss_index,
            "MiB",
            notes=f"process peak after the index build ({rss_before:,.0f} MiB before); "
            "target < 4,096",
        ),
    ]
    results.extend(_accuracy(ctx))
    return results


def _accuracy(ctx: BenchContext) -> list[Result]:
    """Precision and recall per class on the committed OFAC evaluation set."""
    from dualtrace.screen import build_screener

    root = ctx.work_dir / "screen-eval-ws"
    shutil.rmtree(root, ignore_errors=True)
    ws = init_workspace(root)
    try:
        for folder in ("ofac-sdn-2021", "ofac-consolidated-2025"):
            ingest_path(ws, ctx.shared_data / "sanctions" / folder)
        screener = build_screener(ws)
    finally:
        ws.close()
    scores = evaluate(screener, read_cases(OFAC_CASES))
    out = []
    for cls, s in scores.items():
        if cls == NEGATIVE_CLASS:
            out.append(
                Result(
                    "screen",
                    f"eval {cls}",
                    "false positive rate",
                    s.fp / s.cases,
                    "",
                    notes=f"{s.fp} of {s.cases} near misses matched",
                )
            )
            continue
        out.append(
            Result(
                "screen",
                f"eval {cls}",
                "recall",
                s.recall,
                "",
                notes=f"precision {s.precision:.3f}; {s.cases} cases; "
                f"threshold {screener.threshold}",
            )
        )
    return out
