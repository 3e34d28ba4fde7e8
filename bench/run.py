"""Run every benchmark and write bench/results.json and bench/results.md.

Each module bench/bench_*.py exposes `run(ctx: BenchContext) -> list[Result]`. A benchmark
measures the project and, where one exists, a peer on the same data in the same run, so that
figures stand as ratios rather than absolute seconds on a noisy machine.

    python -m bench.run [--size small|medium|large] [--only NAME]
"""

from __future__ import annotations

import argparse
import contextlib
import fcntl
import importlib
import json
import os
import platform
import resource
import sys
import time
import traceback
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bench.common import BenchContext, Result
from bench.targets import judge

BENCH_DIR = Path(__file__).resolve().parent


def discover(only: str | None) -> list[str]:
    names = sorted(p.stem for p in BENCH_DIR.glob("bench_*.py"))
    if only:
        names = [n for n in names if only in n]
    return names


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--size", choices=["small", "medium", "large"], default="small")
    parser.add_argument("--only", help="run only benchmarks whose module name contains this")
    parser.add_argument(
        "--out",
        type=Path,
        help="results file (default bench/results.json, results-medium.json or results-large.json "
        "by size); the markdown table goes beside it",
    )
    parser.add_argument(
        "--lock",
        type=Path,
        help="hold this machine-wide lock (flock) while each benchmark runs, one at a time, so "
        "that heavy runs of others wait and the figures stay honest",
    )
    args = parser.parse_args(argv)
    if args.out is None:
        suffix = "" if args.size == "small" else f"-{args.size}"
        args.out = BENCH_DIR / f"results{suffix}.json"

    ctx = BenchContext.create(args.size)
    results: list[Result] = []
    failures: list[dict[str, str]] = []
    timings: list[dict[str, Any]] = []
    suite_start = time.perf_counter()
    for name in discover(args.only):
        print(f"== {name} ({args.size})", flush=True)
        module = importlib.import_module(f"bench.{name}")
        waited = time.perf_counter()
        with _locked(args.lock):
            waited = time.perf_counter() - waited
            wall, cpu, load = time.perf_counter(), _cpu(), os.getloadavg()[0]
            try:
                found = judge(module.run(ctx), args.size)
            except Exception:  # a broken benchmark is reported, the others still run
                failures.append({"bench": name, "error": traceback.format_exc(limit=3)})
                print(failures[-1]["error"], file=sys.stderr)
                found = []
        timings.append(
            {
                "bench": name,
                "waited_for_lock": waited,
                "wall": time.perf_counter() - wall,
                "cpu": _cpu() - cpu,
                "load_start": load,
                "load_end": os.getloadavg()[0],
            }
        )
        for result in found:
            print("   " + result.line(), flush=True)
        results.extend(found)
        # Written after every benchmark, so a run cut short keeps what it measured.
        _write(args.out, ctx, args.size, suite_start, timings, results, failures, complete=False)
    _write(args.out, ctx, args.size, suite_start, timings, results, failures, complete=True)
    print(f"wrote {args.out} and {args.out.with_suffix('.md')}")
    return 1 if failures else 0


def _write(
    out: Path,
    ctx: BenchContext,
    size: str,
    suite_start: float,
    timings: list[dict[str, Any]],
    results: list[Result],
    failures: list[dict[str, str]],
    *,
    complete: bool,
) -> None:
    total = time.perf_counter() - suite_start
    waits = sum(t["waited_for_lock"] for t in timings)
    if complete:
        cpu_total = sum(t["cpu"] for t in timings)
        print(
            f"suite wall {total:,.0f} s ({waits:,.0f} s waiting for the lock), "
            f"CPU {cpu_total:,.0f} s"
        )
    report: dict[str, Any] = {
        "generated_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "size": size,
        "complete": complete,
        "machine": {
            "python": platform.python_version(),
            "cpus": ctx.cpus,
            "platform": platform.platform(),
        },
        "wall_seconds": total,
        "waited_for_lock_seconds": waits,
        "timings": timings,
        "results": [r.as_dict() for r in results],
        "failures": failures,
    }
    out.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    out.with_suffix(".md").write_text(_markdown(report), encoding="utf-8")


@contextlib.contextmanager
def _locked(path: Path | None) -> Iterator[None]:
    """The lock is taken per benchmark, not for the whole suite, so no one waits for long."""
    if path is None:
        yield
        return
    with path.open("a") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            print(f"   waiting for {path}", flush=True)
            fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _cpu() -> float:
    """Processor seconds of this process and its waited-for children (benchmarks that measure
    in a fresh process, the peers' own environment)."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def _verdicts(results: list[dict[str, Any]]) -> dict[str, int]:
    counts = {"met": 0, "NOT MET": 0, "not judged at this size": 0}
    for r in results:
        for verdict in counts:
            if (r.get("notes") or "").endswith(f": {verdict}"):
                counts[verdict] += 1
    return counts


def _markdown(report: dict[str, Any]) -> str:
    lines = [
        f"# Benchmarks ({report['size']}, {report['generated_at']})"
        + ("" if report.get("complete", True) else " - cut short: only the benchmarks below ran"),
        "",
        f"Python {report['machine']['python']}, {report['machine']['cpus']} CPUs; the whole "
        f"suite took {report['wall_seconds']:,.0f} s wall, "
        f"{report['waited_for_lock_seconds']:,.0f} s of it waiting for the lock. "
        "A ratio is value / peer value; a target's verdict is in the notes (bench/targets.py): "
        + ", ".join(f"{n} {v}" for v, n in _verdicts(report["results"]).items())
        + ".",
        "",
        "| benchmark | wall s | CPU s (children included) | load at start | load at end "
        "| waited for lock s |",
        "|---|---|---|---|---|---|",
        *(
            f"| {t['bench']} | {t['wall']:,.1f} | {t['cpu']:,.1f} | {t['load_start']:.2f} "
            f"| {t['load_end']:.2f} | {t['waited_for_lock']:,.1f} |"
            for t in report["timings"]
        ),
        "",
        "| benchmark | case | metric | value | unit | peer | peer value | ratio | notes |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for r in report["results"]:
        ratio = f"{r['ratio']:.2f}" if r.get("ratio") is not None else ""
        peer_value = f"{r['peer_value']:,.4g}" if r.get("peer_value") is not None else ""
        lines.append(
            f"| {r['bench']} | {r['case']} | {r['metric']} | {r['value']:,.4g} | {r['unit']} "
            f"| {r.get('peer') or ''} | {peer_value} | {ratio} | {r.get('notes') or ''} |"
        )
    for f in report["failures"]:
        lines.append(f"\n**{f['bench']} failed**\n\n```\n{f['error']}\n```")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    raise SystemExit(main())
