"""Run every benchmark and write bench/results.json and bench/results.md.

Each module bench/bench_*.py exposes `run(ctx: BenchContext) -> list[Result]`. A benchmark
measures the project and, where one exists, a peer on the same data in the same run, so that
figures stand as ratios rather than absolute seconds on a noisy machine.

    python -m bench.run [--size small|medium|large] [--only NAME]
"""

from __future__ import annotations

import argparse
import importlib
import json
import platform
import sys
import traceback
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bench.common import BenchContext, Result

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
    parser.add_argument("--out", type=Path, default=BENCH_DIR / "results.json")
    args = parser.parse_args(argv)

    ctx = BenchContext.create(args.size)
    results: list[Result] = []
    failures: list[dict[str, str]] = []
    for name in discover(args.only):
        print(f"== {name} ({args.size})", flush=True)
        module = importlib.import_module(f"bench.{name}")
        try:
            found = module.run(ctx)
        except Exception:  # a broken benchmark is reported, the others still run
            failures.append({"bench": name, "error": traceback.format_exc(limit=3)})
            print(failures[-1]["error"], file=sys.stderr)
            continue
        for result in found:
            print("   " + result.line(), flush=True)
        results.extend(found)

    report: dict[str, Any] = {
        "generated_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "size": args.size,
        "machine": {
            "python": platform.python_version(),
            "cpus": ctx.cpus,
            "platform": platform.platform(),
        },
        "results": [r.as_dict() for r in results],
        "failures": failures,
    }
    args.out.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    args.out.with_suffix(".md").write_text(_markdown(report), encoding="utf-8")
    print(f"wrote {args.out} and {args.out.with_suffix('.md')}")
    return 1 if failures else 0


def _markdown(report: dict[str, Any]) -> str:
    lines = [
        f"# Benchmarks ({report['size']}, {report['generated_at']})",
        "",
        f"Python {report['machine']['python']}, {report['machine']['cpus']} CPUs.",
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
