"""Monthly flows by HS-6 and partner over shipment rows in Parquet, with DuckDB.

The rows are a generated world's declarations (`dualtrace.synth`, Russian layout), turned once
into typed Parquet with the columns of the `shipments` table (dates as dates, amounts as
numbers), as a workspace exports its shipments; that conversion is not timed. Timed: the
project's own query (`flows.totals.monthly_by_hs6_and_partner`: currency mapping, conversion
to dollars at the month's rate, the HS concordance, grouping by month, HS-6 and partner) on a
fresh DuckDB connection over the Parquet file. Peer in the same run: the same grouping with
pyarrow.compute alone (`Table.group_by` per row group, then over the partial sums), without
conversion or concordance, the floor for any engine that reads every row.

Sizes: small 2 million rows, medium 10 million, large 100 million (target: under 20 s).
Wall and process CPU time are reported with the load average, as other work shares the
machine.
"""

from __future__ import annotations

import os
import random
import shutil
import time
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from bench.common import BenchContext, Result
from dualtrace.flows.totals import monthly_by_hs6_and_partner
from dualtrace.synth.world.cast import Sizes, build_world_cast
from dualtrace.synth.world.lanes import build_lanes
from dualtrace.synth.world.shipments import chunks, write_shipments

CAST_ROWS = 10_000_000
COUNTRIES = {
    "Китай": "cn", "Гонконг": "hk", "Казахстан": "kz", "Киргизия": "kg", "Беларусь": "by",
    "Турция": "tr", "Армения": "am", "ОАЭ": "ae", "Узбекистан": "uz", "Россия": "ru",
}  # fmt: skip


def typed_parquet(ctx: BenchContext, rows: int) -> Path:
    """Generate the world's declarations once and write them typed; reused across runs."""
    target = ctx.work_dir / f"flows-shipments-{rows}.parquet"
    if target.exists():
        return target
    world = ctx.work_dir / f"flows-world-{rows}"
    raw = world / "declarations.parquet"
    done = world / "generated"
    if not done.exists():
        shutil.rmtree(world, ignore_errors=True)
        # The world's cast is sized for at most 10M rows: a larger cast takes longer to draw
        # than the rows themselves, and concentrated trade does not need it.
        rng = random.Random(3)
        cast = build_world_cast(rng, Sizes.for_rows(min(rows, CAST_ROWS)))
        lanes = build_lanes(rng, cast)
        parts = chunks(lanes, list(cast.all()), 3, rows)
        write_shipments(raw, world / "truth.parquet", parts, "parquet")
        done.touch()
    partial = target.with_name(target.name + ".partial")
    countries = ", ".join(f"('{k}', '{v}')" for k, v in COUNTRIES.items())
    # Bounded memory, spilling to disk, rows in any order: the copy streams at 100M rows.
    con = duckdb.connect(
        config={
            "memory_limit": "2GB",
            "temp_directory": str(world / "spill"),
            "preserve_insertion_order": False,
        }
    )
    try:
        con.execute(f"CREATE TABLE c (name VARCHAR, iso VARCHAR); INSERT INTO c VALUES {countries}")
        con.execute(
            f"""
            COPY (
                SELECT "Номер декларации" AS record_id, 'world' AS dataset,
                       strptime("Дата декларации", '%d.%m.%Y')::DATE AS date,
                       "Код ТН ВЭД" AS hs_code,
                       replace("Фактурная стоимость", ',', '.')::DOUBLE AS value,
                       "Валюта" AS currency, NULL::DOUBLE AS value_usd,
                       replace("Вес нетто, кг", ',', '.')::DOUBLE AS net_weight_kg,
                       "Количество"::DOUBLE AS quantity,
                       NULL::VARCHAR AS sender_id, "Отправитель" AS sender_name,
                       d.iso AS sender_country, NULL::VARCHAR AS recipient_id,
                       "Получатель" AS recipient_name, 'ru' AS recipient_country,
                       o.iso AS origin_country, d.iso AS dispatch_country,
                       'ru' AS destination_country
                FROM read_parquet('{raw}') r
                LEFT JOIN c o ON o.name = r."Страна происхождения"
                LEFT JOIN c d ON d.name = r."Страна отправления"
            ) TO '{partial}' (FORMAT parquet, COMPRESSION zstd, ROW_GROUP_SIZE 1000000)
            """
        )
    finally:
        con.close()
    partial.rename(target)  # a run cut short leaves no file that looks complete
    shutil.rmtree(world, ignore_errors=True)
    return target


def run_duckdb(path: Path) -> int:
    con = duckdb.connect()
    try:
        found = monthly_by_hs6_and_partner(con, f"read_parquet('{path}')")
    finally:
        con.close()
    return len(found)


def run_pyarrow(path: Path) -> int:
    """Group each row group, then group the partial sums: memory stays bounded by a row
    group, as DuckDB's does."""
    columns = ["date", "hs_code", "dispatch_country", "value", "net_weight_kg", "quantity"]
    keys = ["month", "hs6", "partner"]
    partials = []
    for batch in pq.ParquetFile(path).iter_batches(batch_size=1_000_000, columns=columns):
        keyed = pa.table(
            {
                "month": pc.strftime(batch["date"], format="%Y-%m"),
                "hs6": pc.utf8_slice_codeunits(batch["hs_code"], 0, 6),
                "partner": batch["dispatch_country"],
                "value": batch["value"],
                "kg": batch["net_weight_kg"],
                "qty": batch["quantity"],
            }
        )
        partials.append(
            keyed.group_by(keys).aggregate([("value", "sum"), ("kg", "sum"), ("qty", "sum")])
        )
    merged = pa.concat_tables(partials).group_by(keys)
    grouped = merged.aggregate([("value_sum", "sum"), ("kg_sum", "sum"), ("qty_sum", "sum")])
    return int(grouped.num_rows)


def _timed(fn: object, path: Path) -> tuple[float, float, int]:
    assert callable(fn)
    wall, cpu = time.perf_counter(), time.process_time()
    groups = fn(path)
    return time.perf_counter() - wall, time.process_time() - cpu, int(groups)


def run(ctx: BenchContext) -> list[Result]:
    rows = ctx.scale(2_000_000, 10_000_000, 100_000_000)
    repeats = ctx.repeats if rows <= 10_000_000 else 1
    path = typed_parquet(ctx, rows)
    ours, peer = [], []
    for _ in range(repeats):  # interleaved, so both see the same load
        ours.append(_timed(run_duckdb, path))
        peer.append(_timed(run_pyarrow, path))
    ours.sort()
    peer.sort()
    wall, cpu, groups = ours[len(ours) // 2]
    p_wall, p_cpu, p_groups = peer[len(peer) // 2]
    load = os.getloadavg()[0]
    case = f"monthly-hs6-partner-{rows:,}"
    notes = (
        f"load {load:.2f} on {ctx.cpus} CPUs; {groups:,} groups (peer {p_groups:,}); "
        f"file {path.stat().st_size / 2**20:,.0f} MiB; target < 20 s at 100M rows"
    )
    extra = {"load_avg_1m": load, "groups": groups, "repeats": repeats}
    return [
        Result("flows", case, "rows per second", rows / wall, "rows/s",
               peer="pyarrow.compute group_by", peer_value=rows / p_wall, notes=notes,
               extra=extra),
        Result("flows", case, "wall time", wall, "s", peer="pyarrow.compute group_by",
               peer_value=p_wall, notes=notes, extra=extra),
        Result("flows", case, "process CPU time", cpu, "s", peer="pyarrow.compute group_by",
               peer_value=p_cpu, notes="DuckDB and Arrow threads included", extra=extra),
    ]  # fmt: skip
