"""The engine interface of the probabilistic pass, and the one place an engine is chosen.

What to compare is data (probabilistic.yaml); how pairs are scored is an engine; where the
work runs is the engine's backend. Resolution only ever calls `make_scorer(settings).score`,
so a backend for data beyond one machine plugs in here without touching anything else.
"""

from __future__ import annotations

import math
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any, Protocol

import duckdb
import pyarrow as pa
import yaml

from dualtrace.errors import DualtraceError

SCORE_SCHEMA = pa.schema(
    [
        ("left_id", pa.string()),
        ("right_id", pa.string()),
        ("match_weight", pa.float64()),
        ("match_probability", pa.float64()),
        (
            "features",
            pa.list_(
                pa.struct(
                    [("comparison", pa.string()), ("level", pa.string()), ("weight", pa.float64())]
                )
            ),
        ),
    ]
)
"""One row per scored pair; `features` gives each comparison's level and match weight
(log2 Bayes factor), the prior first, so that the weights add up to `match_weight`."""


class ResolveConfigError(DualtraceError):
    """Probabilistic settings that cannot be used (unknown engine, malformed file)."""


class TooManyComparisons(DualtraceError):
    """Blocking would produce more candidate pairs than the settings allow."""


@dataclass(frozen=True, slots=True)
class ProbabilisticSettings:
    engine: str
    threshold: float
    """Match probability at or above which a pair is merged."""
    keep_above: float
    """Match probability from which a pair's scores are stored for explanations."""
    max_block: int
    max_comparisons: int
    memory_limit: str
    """DuckDB's memory limit for blocking and scoring; beyond it, work spills to disk."""
    model: dict[str, Any]
    """Splink settings: comparisons with their levels, m and u probabilities, prior."""

    @classmethod
    def load(cls, path: Path | None = None) -> ProbabilisticSettings:
        if path is None:
            text = (
                resources.files("dualtrace.resolve")
                .joinpath("probabilistic.yaml")
                .read_text(encoding="utf-8")
            )
        else:
            text = path.read_text(encoding="utf-8")
        try:
            data = yaml.safe_load(text)
            return cls(
                str(data["engine"]),
                float(data["threshold"]),
                float(data["keep_above"]),
                int(data["blocking"]["max_block"]),
                int(data["blocking"]["max_comparisons"]),
                str(data.get("memory_limit", "4GB")),
                dict(data["model"]),
            )
        except (KeyError, TypeError, ValueError, yaml.YAMLError) as exc:
            raise ResolveConfigError(f"probabilistic settings: {exc}") from exc

    def level_weights(self) -> dict[str, list[tuple[float, str]]]:
        """Comparison -> (match weight, label) of each level, the 'nothing to compare' level
        (weight 0) last: the engine reports a weight, and the weight names the level."""
        out: dict[str, list[tuple[float, str]]] = {}
        for comparison in self.model["comparisons"]:
            levels = comparison["comparison_levels"]
            weights = [
                (
                    math.log2(float(lv["m_probability"]) / float(lv["u_probability"])),
                    str(lv["label_for_charts"]),
                )
                for lv in levels
                if not lv.get("is_null_level")
            ]
            weights += [
                (0.0, str(lv["label_for_charts"])) for lv in levels if lv.get("is_null_level")
            ]
            out[str(comparison["output_column_name"])] = weights
        return out


class PairScorer(Protocol):
    """Scores candidate pairs of entities; both tables are Arrow, rows as SCORE_SCHEMA."""

    name: str

    def score(self, entities: pa.Table, pairs: pa.Table) -> pa.Table:
        """entities: one row per entity (`unique_id` and the compared columns);
        pairs: `left_id`, `right_id` to score, each pair once."""
        ...


@contextmanager
def scratch_duckdb(
    memory_limit: str, threads: int | None = None
) -> Iterator[duckdb.DuckDBPyConnection]:
    """A private in-memory DuckDB that spills to a temporary folder past its memory limit
    (left to itself, DuckDB would take 80 % of the machine's memory)."""
    with tempfile.TemporaryDirectory(prefix="dualtrace-resolve-") as spill:
        con = duckdb.connect(":memory:")
        try:
            con.execute(f"SET memory_limit = '{memory_limit}'")
            con.execute(f"SET temp_directory = '{spill}'")
            con.execute("SET preserve_insertion_order = false")
            con.execute("SET enable_progress_bar = false")
            if threads:
                con.execute(f"SET threads = {int(threads)}")
            yield con
        finally:
            con.close()


def make_scorer(settings: ProbabilisticSettings) -> PairScorer:
    if settings.engine == "duckdb":
        from dualtrace.resolve.splink_duckdb import SplinkDuckDBScorer

        return SplinkDuckDBScorer(settings)
    raise ResolveConfigError(f"no probabilistic engine {settings.engine!r}; available: duckdb")
