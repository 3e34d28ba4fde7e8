"""Screening: index build, batch queries per second, single /match latency, memory, accuracy.

The watchlist is the real OFAC lists plus synthetic entities made by recombining and perturbing
real listed names (seeded), stored through the normal model tables: 20,000 at --size small,
200,000 at medium, 1,000,000 at large. Queries are variations of listed entities (the classes of
the evaluation set) and unlisted near misses. The workspace is generated and ingested first;
the watchlist is then read, indexed and queried in a fresh process of its own, so that its peak
memory is the index's, and every rate comes with wall time, processor time (batch workers
included) and the load average, to tell contention from slowness.

Accuracy: precision and recall per variation class on the committed OFAC set, and on classes
and Cyrillic/Latin crossings made at run time from the OpenSanctions export.

Peers: a plain rapidfuzz baseline, WRatio over every listed name (`process.cdist` with both
cores, the parallel form of `process.extract`), on the same queries. On the evaluation sets'
labelled pairs (bench/peers/pairs.py), the scorer alone against nomenklatura's logic-v2 (run in
its own environment, bench/.peers-venv, made by `make bench`: nomenklatura needs duckdb<2) and
rapidfuzz WRatio: pairs per second and precision, recall and F1 at each one's threshold.
"""

from __future__ import annotations

import json
import os
import random
import resource
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from rapidfuzz import fuzz, process

from bench.common import BenchContext, Result, peak_rss_mb
from bench.peers.pairs import pair_results
from dualtrace.model import Batch, Record
from dualtrace.screen import Query, Screener, ScreenIndex, load_watchlist, screen_many
from dualtrace.screen.eval.generate import (
    NEGATIVE_CLASS,
    OFAC_CASES,
    ClassScore,
    evaluate,
    generate_cases,
    read_cases,
    script_crossings,
)
from dualtrace.screen.eval.variations import CLASSES
from dualtrace.settings import Settings
from dualtrace.sources.base import EntityStatements, SourceFormat, SourceInput
from dualtrace.sources.sanctions.common import AUTHORITIES, sanctioned
from dualtrace.store import ingest_path, ingest_source, init_workspace, open_workspace

SEED = 7
OPENSANCTIONS = "sanctions/opensanctions/ua_war_sanctions.targets.simple.csv"
GENERATOR_VERSION = "1"
COUNTRIES = ("ru", "cn", "hk", "ae", "tr", "kz", "by", "ir", "kp", "sy", "am", "uz")
LEGAL = ("LLC", "OOO", "JSC", "CO., LTD.", "LIMITED", "GMBH", "AO", "TRADING LLC")


def _pools(entities: list[tuple[str, str]]) -> tuple[list[str], list[str], list[str]]:
    surnames: list[str] = []
    given: list[str] = []
    words: list[str] = []
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


def _cpu() -> float:
    """Processor seconds of this process and its waited-for children (the batch workers)."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def _timed(fn: Callable[[], object]) -> tuple[float, float, float]:
    """(wall seconds, processor seconds, load average at the end) of one call."""
    wall, cpu = time.perf_counter(), _cpu()
    fn()
    return time.perf_counter() - wall, _cpu() - cpu, os.getloadavg()[0]


def _match_latency(
    root: Path, screener: Screener, queries: list[Query], n: int
) -> tuple[float, float]:
    """p50 and p99 of one /match request each, over loopback HTTP to a uvicorn server started
    here (keep-alive, as a yente client holds its connection); bounded, and stops itself."""
    import socket
    import threading

    import httpx
    import uvicorn

    from dualtrace.api import create_app

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    app = create_app(Settings(workspace=root))
    app.state.service.adopt(screener)  # the index just measured, not a second one
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="error"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    times = []
    try:
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=60) as client:
            for _ in range(600):
                if server.started:
                    break
                time.sleep(0.05)
            client.get("/search", params={"q": "warm up"})
            for q in queries[:n]:
                props = {"name": list(q.names)}
                body = {"queries": {"q": {"schema": q.schema, "properties": props}}}
                start = time.perf_counter()
                response = client.post("/match/default", json=body)
                times.append(time.perf_counter() - start)
                assert response.status_code == 200
    finally:
        server.should_exit = True
        thread.join(timeout=30)
    times.sort()
    return statistics.median(times) * 1000, times[int(len(times) * 0.99) - 1] * 1000


def measure(root: Path, n_queries: int, peer_n: int, match_n: int) -> dict[str, Any]:
    """Everything timed on one watchlist, in the process that calls it: run in a fresh process
    (`python -m bench.bench_screen ROOT ...`) so that its peak memory is the index's alone."""
    out: dict[str, Any] = {"load_start": os.getloadavg()[0]}
    box: dict[str, Any] = {}

    def load() -> None:
        ws = open_workspace(root)
        try:
            box["entities"] = load_watchlist(ws)
        finally:
            ws.close()

    def index() -> None:
        box["screener"] = Screener(ScreenIndex(box["entities"], workers=2))

    out["load_watchlist"] = _timed(load)
    out["index"] = _timed(index)
    out["rss_index_mb"] = peak_rss_mb()
    screener: Screener = box["screener"]
    out["entities"], out["names"] = len(screener.index), screener.index.n_names
    queries = _queries(screener, n_queries)
    for q in queries[:200]:
        screener.screen(q)  # warm caches

    def batch() -> None:
        for _ in screen_many(screener, queries, workers=2, limit=5, explain=False):
            pass

    def single() -> None:
        for q in queries[:2000]:
            screener.screen(q, explain=True)

    out["batch"] = _timed(batch)
    out["n_batch"] = len(queries)
    out["single"] = _timed(single)
    out["n_single"] = min(2000, len(queries))
    names = [screener.index.name_text[i] for i in range(screener.index.n_names)]

    def peer() -> None:
        for q in queries[:peer_n]:
            row = process.cdist([q.names[0]], names, scorer=fuzz.WRatio, workers=2)[0]
            row.argsort()[-5:]

    out["peer"] = _timed(peer)
    out["n_peer"] = peer_n
    out["match_p50_ms"], out["match_p99_ms"] = _match_latency(root, screener, queries, match_n)
    out["rss_end_mb"] = peak_rss_mb()
    return out


def _measure_in_subprocess(root: Path, n_queries: int, peer_n: int) -> dict[str, Any]:
    command = [sys.executable, "-m", "bench.bench_screen", str(root), str(n_queries), str(peer_n)]
    done = subprocess.run(
        command, cwd=Path(__file__).resolve().parents[1], capture_output=True, text=True
    )
    if done.returncode != 0:
        raise RuntimeError(f"screen measurement failed: {done.stderr[-2000:]}")
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def _rate(n: int, timed: list[float]) -> str:
    wall, cpu, load = timed
    return f"wall {wall:.2f} s, CPU {cpu:.2f} s ({n / cpu:,.0f} per CPU second), load {load:.2f}"


def run(ctx: BenchContext) -> list[Result]:
    size = ctx.scale(20_000, 200_000, 1_000_000)
    case = f"{size:,} synthetic + OFAC"
    root = _workspace(ctx, size)  # generated and ingested first, outside the measured process
    m = _measure_in_subprocess(root, ctx.scale(4000, 10_000, 20_000), ctx.scale(200, 60, 20))
    build_wall = m["load_watchlist"][0] + m["index"][0]
    build_cpu = m["load_watchlist"][1] + m["index"][1]
    batch_wall, _cpu_b, _load_b = m["batch"]
    single_wall, _cpu_s, _load_s = m["single"]
    peer_wall = m["peer"][0]
    results = [
        Result(
            "screen",
            case,
            "index build (read watchlist + index)",
            build_wall,
            "s",
            notes=f"{m['entities']:,} entities, {m['names']:,} name forms; CPU {build_cpu:.1f} s "
            f"(read: {_rate(m['entities'], m['load_watchlist'])}; index: "
            f"{_rate(m['entities'], m['index'])}); load at start {m['load_start']:.2f}; "
            "target < 60 s",
        ),
        Result(
            "screen",
            case,
            "batch queries per second (2 workers)",
            m["n_batch"] / batch_wall,
            "queries/s",
            peer="rapidfuzz WRatio over all names (cdist, 2 workers)",
            peer_value=m["n_peer"] / peer_wall,
            notes=f"{_rate(m['n_batch'], m['batch'])}; peer {_rate(m['n_peer'], m['peer'])}; "
            "target >= 2,000 at 1M",
        ),
        Result(
            "screen",
            case,
            "queries per second, one process, explained",
            m["n_single"] / single_wall,
            "queries/s",
            notes=_rate(m["n_single"], m["single"]),
        ),
        Result(
            "screen",
            case,
            "/match p50 (loopback HTTP, uvicorn)",
            m["match_p50_ms"],
            "ms",
            notes="one query per request; target < 5 ms",
        ),
        Result("screen", case, "/match p99 (loopback HTTP, uvicorn)", m["match_p99_ms"], "ms"),
        Result(
            "screen",
            case,
            "peak memory of the screening process",
            m["rss_index_mb"],
            "MiB",
            notes=f"after the index build, in a fresh process; {m['rss_end_mb']:,.0f} MiB at the "
            "end (batch, peer and /match runs included); target < 4,096",
        ),
    ]
    results.extend(_accuracy(ctx))
    return results


def _accuracy(ctx: BenchContext) -> list[Result]:
    """Precision and recall per class: the committed OFAC set, and the OpenSanctions classes
    and Cyrillic/Latin crossings made here from the CC BY-NC export (never written out)."""
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
    ofac_cases = read_cases(OFAC_CASES)
    out = _scores("ofac", evaluate(screener, ofac_cases), screener.threshold)
    out.extend(pair_results("ofac", screener, ofac_cases, ctx.work_dir / "peers"))
    os_root = ctx.work_dir / "screen-eval-os-ws"
    shutil.rmtree(os_root, ignore_errors=True)
    ws = init_workspace(os_root)
    try:
        ingest_path(ws, ctx.shared_data / OPENSANCTIONS)
        entities = load_watchlist(ws)
    finally:
        ws.close()
    os_screener = Screener(ScreenIndex(entities))
    cases = generate_cases(entities, prefix="os")
    out.extend(_scores("opensanctions", evaluate(os_screener, cases), os_screener.threshold))
    out.extend(pair_results("opensanctions", os_screener, cases, ctx.work_dir / "peers"))
    for cls, (listed, crossing) in script_crossings(entities, prefix="os").items():
        scores = evaluate(Screener(ScreenIndex(listed)), crossing)
        out.extend(_scores("opensanctions", {cls: scores[cls]}, os_screener.threshold))
    return out


def _scores(source: str, scores: dict[str, ClassScore], threshold: float) -> list[Result]:
    out = []
    for cls, s in scores.items():
        if cls == NEGATIVE_CLASS:
            out.append(
                Result(
                    "screen",
                    f"eval {source} {cls}",
                    "false positive rate",
                    s.fp / s.cases,
                    "ratio",
                    notes=f"{s.fp} of {s.cases} near misses matched",
                )
            )
            continue
        for metric, value in (("recall", s.recall), ("precision", s.precision)):
            out.append(
                Result(
                    "screen",
                    f"eval {source} {cls}",
                    metric,
                    value,
                    "ratio",
                    notes=f"{s.cases} cases (tp {s.tp}, fp {s.fp}, fn {s.fn}); "
                    f"top result at threshold {threshold}",
                )
            )
    return out


if __name__ == "__main__":
    # The measuring process: python -m bench.bench_screen ROOT QUERIES PEER_QUERIES
    result = measure(Path(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]), 300)
    print(json.dumps(result))
