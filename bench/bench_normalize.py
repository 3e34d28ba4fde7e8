"""Normalisers on real names: name keys per second (cold and cached), name variants, countries.

Name keys are computed for every name of every ingest and resolution run, so their cost sets
the floor of both. Peers in the same run: normality's ASCII folding with lower-casing and word
sorting (a plain key without legal forms, homoglyphs or Chinese legal forms), and rapidfuzz's
`default_process` (no transliteration at all).
"""

from __future__ import annotations

import csv
from pathlib import Path

from normality import ascii_text, transliteration
from rapidfuzz.utils import default_process

from bench.common import BenchContext, Result, median_seconds
from dualtrace.normalize.countries import country_code
from dualtrace.normalize.identifiers import classify_identifier
from dualtrace.normalize.names import name_key
from dualtrace.normalize.variants import name_variants

OS_FILE = "sanctions/opensanctions/ua_war_sanctions.targets.simple.csv"
SDN_FILE = "sanctions/ofac-sdn-2021/sdn.csv"


def _names(shared: Path, limit: int) -> list[str]:
    """Names and aliases in Latin, Cyrillic and Chinese from the real lists."""
    names: list[str] = []
    path = shared / OS_FILE
    if path.exists():
        with path.open(encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle):
                names.append(row["name"])
                names.extend(a for a in row["aliases"].split(";") if a)
    path = shared / SDN_FILE
    if path.exists():
        with path.open(encoding="latin-1", newline="") as handle:
            names.extend(row[1] for row in csv.reader(handle) if len(row) > 1)
    return names[:limit]


def _countries(shared: Path) -> list[str]:
    path = shared / OS_FILE
    out: list[str] = []
    if path.exists():
        with path.open(encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle):
                out.extend(c for c in row["countries"].split(";") if c)
    return out


def _clear_caches() -> None:
    """normality caches its transliterations; both sides start cold in every repeat."""
    transliteration._ascii_text.cache_clear()
    transliteration.latinize_text.cache_clear()


def _plain_keys(names: list[str]) -> None:
    _clear_caches()
    for name in names:
        _plain_key(name)


def _plain_key(name: str) -> str:
    return " ".join(sorted((ascii_text(name) or "").lower().split()))


def _cold_keys(names: list[str]) -> None:
    name_key.cache_clear()
    _clear_caches()
    for name in names:
        name_key(name)


def _warm_keys(names: list[str]) -> None:
    for name in names:
        name_key(name)


def run(ctx: BenchContext) -> list[Result]:
    names = _names(ctx.shared_data, ctx.scale(20_000, 60_000, 200_000))
    if not names:
        return []
    n = len(names)
    scripts = sum(1 for s in names if not s.isascii())
    cold = median_seconds(lambda: _cold_keys(names), ctx.repeats)
    plain = median_seconds(lambda: _plain_keys(names), ctx.repeats)
    rapid = median_seconds(lambda: [default_process(s) for s in names], ctx.repeats)
    _warm_keys(names)
    warm = median_seconds(lambda: _warm_keys(names), ctx.repeats)
    sample = names[: ctx.scale(2_000, 5_000, 10_000)]
    variants = median_seconds(lambda: [name_variants(s) for s in sample], 1)
    countries = _countries(ctx.shared_data) or ["Russia"]
    country_code.cache_clear()
    country_s = median_seconds(lambda: [country_code(c) for c in countries], 1)
    ids = [f"{7707083893 + i * 7}" for i in range(20_000)]
    ids_s = median_seconds(lambda: [classify_identifier(v) for v in ids], ctx.repeats)
    note = f"{n:,} real names, {scripts:,} non-ASCII"
    return [
        Result(
            "normalize", "name_key cold", "names per second", n / cold, "names/s",
            peer="normality ascii_text + lower + sort (cold)", peer_value=n / plain, notes=note,
        ),
        Result(
            "normalize", "name_key cold vs rapidfuzz", "names per second", n / cold, "names/s",
            peer="rapidfuzz default_process", peer_value=n / rapid, notes=note,
        ),
        Result("normalize", "name_key cached", "names per second", n / warm, "names/s"),
        Result(
            "normalize", "name_variants", "names per second", len(sample) / variants,
            "names/s", notes=f"{len(sample):,} names",
        ),
        Result(
            "normalize", "country_code cold", "values per second",
            len(countries) / country_s, "values/s", notes=f"{len(countries):,} country fields",
        ),
        Result(
            "normalize", "classify_identifier", "values per second",
            len(ids) / ids_s, "values/s",
        ),
    ]  # fmt: skip
