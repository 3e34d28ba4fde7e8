"""What benchmarks share: sizes, the real data folder, timing by medians, peak memory."""

from __future__ import annotations

import os
import resource
import statistics
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

SHARED_DATA = Path(__file__).resolve().parents[2] / "shared" / "data"
WORK_DIR = Path(__file__).resolve().parent / "out"
REPEATS = {"small": 3, "medium": 5, "large": 5}


@dataclass(frozen=True)
class BenchContext:
    size: str
    repeats: int
    work_dir: Path
    shared_data: Path
    cpus: int

    @classmethod
    def create(cls, size: str) -> BenchContext:
        WORK_DIR.mkdir(parents=True, exist_ok=True)
        return cls(size, REPEATS[size], WORK_DIR, SHARED_DATA, os.cpu_count() or 1)

    def scale(self, small: int, medium: int, large: int) -> int:
        return {"small": small, "medium": medium, "large": large}[self.size]


@dataclass(frozen=True)
class Result:
    bench: str
    case: str
    metric: str
    value: float
    unit: str
    peer: str | None = None
    peer_value: float | None = None
    notes: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def ratio(self) -> float | None:
        """value / peer_value: above 1 means more of the metric than the peer."""
        if self.peer_value in (None, 0):
            return None
        return self.value / self.peer_value  # type: ignore[operator]

    def as_dict(self) -> dict[str, Any]:
        out = asdict(self)
        out["ratio"] = self.ratio
        return out

    def line(self) -> str:
        text = f"{self.case}: {self.metric} = {self.value:,.4g} {self.unit}"
        if self.peer_value is not None:
            text += f" (peer {self.peer}: {self.peer_value:,.4g}, ratio {self.ratio:.2f})"
        return text


def median_seconds(fn: Callable[[], object], repeats: int) -> float:
    """Median wall time of `repeats` calls; the machines are noisy, so never one run."""
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def peak_rss_mb() -> float:
    """Peak resident memory of this process so far, in MiB."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
