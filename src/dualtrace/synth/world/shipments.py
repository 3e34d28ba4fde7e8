"""Shipment rows of a generated world, made a chunk at a time with vectorised arithmetic.

Memory stays bounded by the chunk size whatever the number of rows (100 million is a matter of
disk and time), because each chunk is drawn, turned into Arrow columns and written before the
next. Rows go to Parquet (one row group per chunk) or to the customs CSV layout, with the same
Russian column names and the same text forms either way; the truth of each row (its lane and
the parties behind each written name) goes to truth/shipments.parquet.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, BinaryIO

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from dualtrace.synth.formats.customs import COLUMNS
from dualtrace.synth.labels import note_ru
from dualtrace.synth.party import Party
from dualtrace.synth.world.lanes import (
    FIRST_MONTH,
    GOODS,
    KINDS,
    N_MONTHS,
    Lane,
    month_weights,
    price_factor,
)

DEFAULT_CHUNK = 250_000
COUNTRY_RU = {
    "cn": "Китай",
    "hk": "Гонконг",
    "kz": "Казахстан",
    "kg": "Киргизия",
    "by": "Беларусь",
    "tr": "Турция",
    "am": "Армения",
    "ae": "ОАЭ",
    "uz": "Узбекистан",
    "ru": "Россия",
}
_STYLES = ("home_short", "home_long", "english", "english_upper", "translit", "typo")
_STYLE_P = np.array([0.35, 0.1, 0.2, 0.15, 0.12, 0.08])
MISSING_INN = 0.12
TRUTH_COLUMNS = ("declaration", "lane", "kind", "sender", "recipient", "manufacturer")


@dataclass(frozen=True, slots=True)
class _Tables:
    """Everything a chunk draws from, as arrays indexed by lane or by party."""

    lanes: list[Lane]
    variants: pa.Array
    """Written names: party index * len(_STYLES) + style."""
    party_index: dict[str, int]
    keys: pa.Array
    inns: pa.Array
    countries: pa.Array
    by_kind: list[np.ndarray[Any, Any]]
    cdf_by_kind: list[np.ndarray[Any, Any]]
    kind_by_month: np.ndarray[Any, Any]
    dates: pa.Array
    """'DD.MM.YYYY' of day 0..27 of each month: index month * 28 + day."""
    ddmmyy: pa.Array
    constants: pa.Array
    """'', 'USD', 'шт' and the synthetic marker, taken by index into constant columns."""


def _tables(lanes: list[Lane], parties: list[Party], seed: int) -> _Tables:
    rng = random.Random(seed)
    variants = [p.name.written(style, rng) for p in parties for style in _STYLES]
    by_kind, cdf = [], []
    for kind in KINDS:
        members = [lane for lane in lanes if lane.kind == kind]
        by_kind.append(np.array([lane.id for lane in members], dtype=np.int64))
        w = np.array([lane.weight for lane in members])
        cdf.append(np.cumsum(w) / w.sum())
    share = {"civilian": 0.8, "direct": 0.1, "diversion": 0.1}
    per_kind = np.array([[share[k] * w for w in month_weights(k)] for k in KINDS])  # K x 36
    days = [
        date(FIRST_MONTH.year + (m // 12), m % 12 + 1, d + 1)
        for m in range(N_MONTHS)
        for d in range(28)
    ]
    return _Tables(
        lanes=lanes,
        variants=pa.array(variants),
        party_index={p.key: i for i, p in enumerate(parties)},
        keys=pa.array([p.key for p in parties]),
        inns=pa.array([p.inn or "" for p in parties]),
        countries=pa.array([COUNTRY_RU[p.country] for p in parties]),
        by_kind=by_kind,
        cdf_by_kind=cdf,
        kind_by_month=per_kind,
        dates=pa.array([f"{d:%d.%m.%Y}" for d in days]),
        ddmmyy=pa.array([f"{d:%d%m%y}" for d in days]),
        constants=pa.array(["", "USD", "шт", note_ru()]),
    )


def _chunk(t: _Tables, gen: np.random.Generator, start: int, n: int) -> tuple[pa.Table, pa.Table]:
    joint = t.kind_by_month.ravel() / t.kind_by_month.sum()
    cell = gen.choice(joint.size, size=n, p=joint)
    kind, month = cell // N_MONTHS, cell % N_MONTHS
    lane_ids = np.empty(n, dtype=np.int64)
    for k in range(len(KINDS)):
        rows = np.nonzero(kind == k)[0]
        pick = np.searchsorted(t.cdf_by_kind[k], gen.random(rows.size), side="right")
        lane_ids[rows] = t.by_kind[k][np.minimum(pick, t.by_kind[k].size - 1)]
    lanes = t.lanes
    idx = t.party_index
    sender = np.array([idx[lanes[i].sender.key] for i in range(len(lanes))])[lane_ids]
    recipient = np.array([idx[lanes[i].recipient.key] for i in range(len(lanes))])[lane_ids]
    maker = np.array([idx[lanes[i].manufacturer.key] for i in range(len(lanes))])[lane_ids]
    goods = np.array([lanes[i].goods for i in range(len(lanes))])[lane_ids]
    styles = len(_STYLES)

    def written(party: np.ndarray[Any, Any]) -> pa.Array:
        style = gen.choice(styles, size=n, p=_STYLE_P)
        return _pick(t.variants, pa.array(party * styles + style))

    day = pa.array(month * 28 + gen.integers(0, 28, size=n))
    row_no = np.arange(start, start + n, dtype=np.int64)
    post = pc.cast(pa.array(10013160 + (row_no // 10_000_000) * 10), pa.string())
    serial = pc.utf8_lpad(pc.cast(pa.array(row_no % 10_000_000), pa.string()), 7, "0")
    number = pc.binary_join_element_wise(post, t.ddmmyy.take(day), serial, "/")
    unit = np.array([g[2] for g in GOODS])[goods]
    kg = np.array([g[3] for g in GOODS])[goods]
    goods_ix = pa.array(goods)
    zeros = pa.array(np.zeros(n, dtype=np.int32))
    factors = np.array([[price_factor(k, m) for m in range(N_MONTHS)] for k in KINDS])
    qty = gen.integers(5, 400, size=n) * np.where(unit < 100, 20, 1)
    cents = np.rint(qty * unit * factors[kind, month] * gen.uniform(0.9, 1.1, size=n) * 100)
    grams = np.rint(qty * kg * 1000)
    inn = t.inns.take(pa.array(recipient))
    inn = pc.if_else(pa.array(gen.random(n) < MISSING_INN), "", inn)
    dispatch = _pick(t.countries, pa.array(sender))
    table = pa.table(
        [
            number,
            _pick(t.dates, day),
            written(sender),
            dispatch,
            written(recipient),
            inn,
            _pick(t.constants, zeros),
            written(maker),
            _pick(pa.array(["DJI" if i <= 2 else "" for i in range(len(GOODS))]), goods_ix),
            _pick(pa.array([g[0] for g in GOODS]), goods_ix),
            _pick(pa.array([g[1] for g in GOODS]), goods_ix),
            _pick(t.countries, pa.array(maker)),
            dispatch,
            _decimal(cents.astype(np.int64)),
            _pick(t.constants, pc.add(zeros, 1)),
            _decimal((grams // 10).astype(np.int64)),
            pc.cast(pa.array(qty), pa.string()),
            _pick(t.constants, pc.add(zeros, 2)),
            _pick(t.constants, pc.add(zeros, 3)),
        ],
        names=list(COLUMNS),
    )
    truth = pa.table(
        [
            number,
            pa.array(lane_ids),
            _pick(pa.array(KINDS), pa.array(kind)),
            _pick(t.keys, pa.array(sender)),
            _pick(t.keys, pa.array(recipient)),
            _pick(t.keys, pa.array(maker)),
        ],
        names=list(TRUTH_COLUMNS),
    )
    return table, truth


def _pick(dictionary: pa.Array, indices: Any) -> pa.Array:
    """Values of `dictionary` at `indices`, dictionary-encoded: no string is copied, and
    Parquet writes the column as dictionary pages."""
    return pa.DictionaryArray.from_arrays(pc.cast(pa.array(indices), pa.int32()), dictionary)


def _decimal(hundredths: np.ndarray[Any, Any]) -> pa.Array:
    """Integers of hundredths as '1234,56' (the declaration's decimal comma)."""
    whole = pc.cast(pa.array(hundredths // 100), pa.string())
    frac = pc.utf8_lpad(pc.cast(pa.array(hundredths % 100), pa.string()), 2, "0")
    return pc.binary_join_element_wise(whole, frac, ",")


def chunks(
    lanes: list[Lane], parties: list[Party], seed: int, rows: int, chunk: int = DEFAULT_CHUNK
) -> Iterator[tuple[pa.Table, pa.Table]]:
    tables = _tables(lanes, parties, seed)
    gen = np.random.default_rng(seed)
    for start in range(0, rows, chunk):
        yield _chunk(tables, gen, start, min(chunk, rows - start))


def write_shipments(
    path: Path, truth_path: Path, parts: Iterator[tuple[pa.Table, pa.Table]], fmt: str
) -> int:
    """Stream the chunks to `path` (Parquet or CSV) and their truth to `truth_path`."""
    path.parent.mkdir(parents=True, exist_ok=True)
    truth_path.parent.mkdir(parents=True, exist_ok=True)
    n = 0
    writer: pq.ParquetWriter | None = None
    truth_writer: pq.ParquetWriter | None = None
    handle: BinaryIO | None = None
    try:
        for table, truth in parts:
            if truth_writer is None:
                truth_writer = pq.ParquetWriter(truth_path, truth.schema)
            truth_writer.write_table(truth)
            if fmt == "parquet":
                if writer is None:
                    writer = pq.ParquetWriter(path, table.schema, compression="zstd")
                writer.write_table(table)
            else:
                if handle is None:
                    handle = path.open("wb")
                    handle.write("\ufeff".encode())
                options = pacsv.WriteOptions(
                    include_header=n == 0, delimiter=";", quoting_style="needed"
                )
                plain = pa.schema([(f.name, pa.string()) for f in table.schema])
                pacsv.write_csv(table.cast(plain), handle, options)
            n += table.num_rows
    finally:
        for w in (writer, truth_writer):
            if w is not None:
                w.close()
        if handle is not None:
            handle.close()
    return n
