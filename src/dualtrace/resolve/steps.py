"""Wall and processor time of each step of a resolution run.

A run at a million records takes minutes; which step takes them (features, entity table,
blocking, scoring, merging, storing) is what tells a slow machine from a slow step, so every
run keeps its own breakdown and the benchmark reports it.
"""

from __future__ import annotations

import resource
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class StepTime:
    wall: float
    cpu: float
    """Processor time of this process, every thread included (DuckDB runs several), and of
    the workers it forked and waited for."""


@dataclass(slots=True)
class Steps:
    times: dict[str, StepTime] = field(default_factory=dict)

    @contextmanager
    def step(self, name: str) -> Iterator[None]:
        wall, cpu = time.perf_counter(), _cpu()
        try:
            yield
        finally:
            spent = StepTime(time.perf_counter() - wall, _cpu() - cpu)
            before = self.times.get(name)
            if before is not None:
                spent = StepTime(before.wall + spent.wall, before.cpu + spent.cpu)
            self.times[name] = spent

    def summary(self) -> str:
        """'features 4.1 s (cpu 4.0 s), ...' in the order the steps ran."""
        return ", ".join(f"{k} {v.wall:.1f} s (cpu {v.cpu:.1f} s)" for k, v in self.times.items())


def _cpu() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime
