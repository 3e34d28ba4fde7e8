"""The figures each stage must reach, in one table, so that results.md says met or not met.

A target applies to every result of its benchmark whose metric (and case, when given) matches;
the runner writes "target <op> <value>: met" (or "NOT MET") into the row's notes, replacing a
target the benchmark wrote itself. A target stated at one size (the screening rate at 1M
listed entities) is judged at that size only and shown as "not judged" at the others.

Sources: the accuracy floors the unit tests hold the matchers to (tests/screen/test_eval.py:
0.97 precision and recall per class, 0.99 recall for exact, homoglyph, legal-form and typo
variations, at most 3% of near misses matched; tests/resolve/test_probabilistic.py: 0.98
precision, 0.95 recall), and the speed targets the benchmarks name.
"""

from __future__ import annotations

import operator
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from bench.common import Result

OPS: dict[str, Callable[[float, float], bool]] = {
    ">=": operator.ge,
    "<=": operator.le,
    "<": operator.lt,
    ">": operator.gt,
}


@dataclass(frozen=True)
class Target:
    bench: str
    metric: str
    """A regular expression matched against the whole metric name."""
    op: str
    value: float
    case: str = ".*"
    size: str | None = None
    """The only size it is judged at; None for every size."""

    def applies(self, result: Result) -> bool:
        return (
            result.bench == self.bench
            and re.fullmatch(self.metric, result.metric) is not None
            and re.fullmatch(self.case, result.case) is not None
        )

    def text(self, unit: str) -> str:
        unit = "" if unit in UNITLESS else f" {unit}"
        at = f" at --size {self.size}" if self.size else ""
        return f"target {self.op} {self.value:,g}{unit}{at}"


UNITLESS = {"", "ratio", "share", "auc"}
SCREEN_STRICT = r"eval \S+ (exact|homoglyph|legal_form|typo)"
TARGETS: tuple[Target, ...] = (
    # Screening accuracy per variation class (first match wins: the stricter classes first).
    Target("screen", "recall", ">=", 0.99, case=SCREEN_STRICT),
    Target("screen", "recall", ">=", 0.97, case=r"eval .*"),
    Target("screen", "precision", ">=", 0.97, case=r"eval .*"),
    Target("screen", "false positive rate", "<=", 0.03, case=r"eval .*"),
    Target("screen", r"index build.*", "<", 60),
    Target("screen", r"/match p50.*", "<", 5),
    Target("screen", r"peak memory.*", "<", 4096),
    Target("screen", r"batch queries per second.*", ">=", 2000, size="large"),
    # Resolution: every variant class, and the population, held to the probabilistic floors.
    Target("resolve", "precision", ">=", 0.98),
    Target("resolve", "recall", ">=", 0.95),
    # Tracing and risk against the generated world's truth.
    Target("risk", "planted diversion paths found", ">=", 0.95),
    Target("risk", "spurious among top paths", "<=", 0.05),
    Target("risk", "military end users ROC AUC", ">=", 0.95),
    # The evidence graph at ten million relations.
    Target("graph", "build wall", "<", 120, size="large"),
    Target("graph", r"closest sanctioned path, every node.*", "<", 30, size="large"),
    Target("graph", r".* p50", "<", 200, size="large"),
    # Ingest.
    Target("sanctions_ingest", r"seconds \(median\)", "<", 2, case=r"(ofac-csv sdn|un-xml).*"),
    Target("customs_ingest", "rows per second", ">=", 500_000),
    Target("customs_ingest", "peak RSS", "<", 2048, size="large"),
)


def judge(
    results: Sequence[Result], size: str, targets: Sequence[Target] = TARGETS
) -> list[Result]:
    """The results with each one's target and verdict in its notes (the first target that
    applies); results without a target are returned as they are."""
    out = []
    for result in results:
        target = next((t for t in targets if t.applies(result)), None)
        if target is None:
            out.append(result)
            continue
        if target.size is not None and target.size != size:
            verdict = "not judged at this size"
        else:
            verdict = "met" if OPS[target.op](result.value, target.value) else "NOT MET"
        kept = [
            part
            for part in (result.notes or "").split("; ")
            if part and not part.startswith("target ") and part not in {"met", "MISSED"}
        ]
        notes = "; ".join([*kept, f"{target.text(result.unit)}: {verdict}"])
        out.append(replace(result, notes=notes))
    return out
