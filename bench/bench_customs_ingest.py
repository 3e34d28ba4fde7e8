"""Customs declarations: ingest a generated Russian-layout CSV (and the same rows as Parquet)
into a fresh workspace; rows per second, processor time and peak resident memory of the
ingesting process, with the load average while it ran.

The file follows the seed-case layout (`;`, BOM, DD.MM.YYYY, decimal commas) with a realistic
repetition of parties (2,000 senders, 5,000 recipients, 300 makers, 20 HS codes) and one bad
row in a thousand (an impossible date). Each ingest runs in a child process, so that its peak
memory and processor time are its own. Peers: DuckDB's own read_csv of the same file into a
table, and the same with each row's line number (the floor for any ingest that keeps every cell
with where it came from); measured right after, in the same run, so that a busy machine slows
all of them. Processor time over wall time shows how much of the two cores the
ingest got: on a machine shared with other work, wall time alone overstates the cost.

Above a million rows (--size large: ten million) each ingest and its peer run under the
machine-wide lock for heavy runs (HEAVY_LOCK), one file kind at a time, so that two heavy runs
never share the cores and no lock is held for more than one kind's ingest and peer.
"""

from __future__ import annotations

import fcntl
import json
import os
import random
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb

from bench.common import BenchContext, Result

HEAVY_LOCK = Path("/tmp/dualtrace-heavy.lock")
HEAVY_ROWS = 1_000_000
HEADER = (
    "Номер декларации;Дата декларации;Отправитель;Страна отправителя;Получатель;"
    "ИНН получателя;Декларант;Производитель;Товарный знак;Код ТН ВЭД;Описание товара;"
    "Страна происхождения;Страна отправления;Фактурная стоимость;Валюта;Вес нетто, кг;"
    "Количество;Единица измерения"
)
CHILD = """
import json, resource, sys, time
from pathlib import Path
from dualtrace.store import ingest_path, init_workspace
ws = init_workspace(Path(sys.argv[2]))
ws.db.execute("SET enable_progress_bar = false")  # stdout carries only the result
start = time.perf_counter()
result = ingest_path(ws, Path(sys.argv[1]))
seconds = time.perf_counter() - start
ws.close()
usage = resource.getrusage(resource.RUSAGE_SELF)
print(json.dumps({"seconds": seconds, "read": result.n_read, "records": result.n_records,
                  "rejected": result.n_rejected, "cpu": usage.ru_utime + usage.ru_stime,
                  "rss_mb": usage.ru_maxrss / 1024}))
"""


# TN VED codes of drones, their parts and the goods declared beside them: a maker ships a few
# products under a few codes, so products repeat as in real declarations.
HS_CODES = (
    "8806210000",
    "8806221000",
    "8806229000",
    "8806231000",
    "8806239000",
    "8806241000",
    "8806291000",
    "8806921000",
    "8806929000",
    "8806931000",
    "8806991000",
    "8807300000",
    "8525891900",
    "8525893000",
    "8526910000",
    "8501310000",
    "8507600000",
    "8517620009",
    "8542310000",
    "9006400000",
)


def generate(path: Path, rows: int) -> None:
    rnd = random.Random(7)
    senders = [f"SHENZHEN XINGHE-{i} TECHNOLOGY CO., LTD" for i in range(2000)]
    recipients = [f'ООО "Импорт-{i}"' for i in range(5000)]
    inns = ["7707083893", "7728168971", "7702070139", "5032000001"]
    makers = [f"SZ MAKER-{i} CO., LTD" for i in range(300)]
    with path.open("w", encoding="utf-8-sig", newline="\n") as out:
        out.write(HEADER + "\n")
        lines = []
        for i in range(rows):
            day = 31 if i % 1000 == 999 else rnd.randint(1, 28)  # 31.02: a reject
            month = 2 if day == 31 else rnd.randint(1, 12)
            recipient = rnd.randrange(5000)
            lines.append(
                f"10012020/{day:02d}{month:02d}24/{5000000 + i};{day:02d}.{month:02d}.2024;"
                f"{senders[rnd.randrange(2000)]};Китай;{recipients[recipient]};"
                f"{inns[recipient % 4]};{recipients[recipient]};{makers[rnd.randrange(300)]};"
                f"DJI;{HS_CODES[rnd.randrange(len(HS_CODES))]};Беспилотный летательный аппарат, "
                f"модель {i % 97};Китай;CN;{rnd.randint(1, 999999)},{rnd.randint(0, 99):02d};"
                f"USD;{rnd.randint(1, 9999)},5;{rnd.randint(1, 500)};шт\n"
            )
            if len(lines) >= 100_000:
                out.writelines(lines)
                lines = []
        out.writelines(lines)


def to_parquet(csv_path: Path, parquet_path: Path) -> None:
    con = duckdb.connect()
    try:
        con.execute(
            f"COPY (SELECT * FROM read_csv('{csv_path}', delim = ';', header = true, "
            f"all_varchar = true)) TO '{parquet_path}' (FORMAT parquet)"
        )
    finally:
        con.close()


def ingest_in_child(ctx: BenchContext, path: Path) -> dict[str, float]:
    """One ingest in a fresh process: wall seconds, processor seconds (all its threads, the
    interpreter's start-up included), peak RSS, counts, and the 1-minute load at its end."""
    target = ctx.work_dir / "customs-ws"
    shutil.rmtree(target, ignore_errors=True)
    done = subprocess.run(
        [sys.executable, "-c", CHILD, str(path), str(target)],
        capture_output=True,
        text=True,
        check=True,
    )
    shutil.rmtree(target, ignore_errors=True)
    out: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    out["load"] = os.getloadavg()[0]
    return out


def duckdb_peer(ctx: BenchContext, path: Path) -> tuple[float, float]:
    """Wall and processor seconds of DuckDB reading the file into a table of a new database."""
    db = ctx.work_dir / "customs-peer.duckdb"
    db.unlink(missing_ok=True)
    wall, cpu = time.perf_counter(), time.process_time()
    con = duckdb.connect(str(db))
    try:
        source = (
            f"read_parquet('{path}')"
            if path.suffix == ".parquet"
            else (f"read_csv('{path}', delim = ';', header = true, all_varchar = true)")
        )
        con.execute(f"CREATE TABLE t AS SELECT * FROM {source}")
    finally:
        con.close()
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        db.unlink(missing_ok=True)
    return wall, cpu


def numbered_copy_peer(ctx: BenchContext, path: Path) -> float:
    """Wall seconds of DuckDB alone storing each row's cells with the row's line or row
    number in a table of a new database: the floor for any ingest that keeps every raw value
    with where it came from (numbering a CSV's rows is one ordered pass on one thread)."""
    db = ctx.work_dir / "customs-floor.duckdb"
    db.unlink(missing_ok=True)
    wall = time.perf_counter()
    con = duckdb.connect(str(db))
    try:
        con.execute("SET preserve_insertion_order = false")
        source = (
            f"SELECT file_row_number AS line, * FROM read_parquet('{path}', file_row_number = true)"
            if path.suffix == ".parquet"
            else "SELECT row_number() OVER () + 1 AS line, * FROM "
            f"read_csv('{path}', delim = ';', header = true, all_varchar = true)"
        )
        con.execute(f"CREATE TABLE t AS {source}")
    finally:
        con.close()
        wall = time.perf_counter() - wall
        db.unlink(missing_ok=True)
    return wall


def _lock_held_by_us(path: Path) -> bool:
    """Whether this process or one it was started from (`flock LOCK make bench`, or the
    runner's --lock) already holds the lock: taking it again would wait for ever."""
    try:
        inode = path.stat().st_ino
        ours, pid = set(), os.getpid()
        while pid > 1:
            ours.add(pid)
            stat = Path(f"/proc/{pid}/stat").read_text()
            pid = int(stat.rsplit(")", 1)[1].split()[1])
        for line in Path("/proc/locks").read_text().splitlines():
            fields = line.split()
            if len(fields) > 5 and fields[1] == "FLOCK":
                holder, where = int(fields[4]), fields[5]
                if holder in ours and where.rsplit(":", 1)[-1] == str(inode):
                    return True
    except (OSError, ValueError, IndexError):
        return False
    return False


@contextmanager
def heavy(rows: int) -> Iterator[None]:
    """Hold the machine-wide heavy-run lock while a run of more than HEAVY_ROWS rows lasts."""
    if rows <= HEAVY_ROWS or (HEAVY_LOCK.exists() and _lock_held_by_us(HEAVY_LOCK)):
        yield
        return
    with HEAVY_LOCK.open("a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def run(ctx: BenchContext) -> list[Result]:
    rows = ctx.scale(200_000, 1_000_000, 10_000_000)
    repeats = ctx.repeats if rows <= 1_000_000 else 1
    csv_path = ctx.work_dir / f"ru-declarations-{rows}.csv"
    if not csv_path.exists():
        generate(csv_path, rows)
    parquet_path = csv_path.with_suffix(".parquet")
    if not parquet_path.exists():
        to_parquet(csv_path, parquet_path)
    results = []
    for kind, path in (("csv", csv_path), ("parquet", parquet_path)):
        with heavy(rows):
            runs = [ingest_in_child(ctx, path) for _ in range(repeats)]
            peers = sorted(duckdb_peer(ctx, path) for _ in range(repeats))
            floors = sorted(numbered_copy_peer(ctx, path) for _ in range(repeats))
        runs.sort(key=lambda r: r["seconds"])
        middle = runs[len(runs) // 2]
        assert middle["read"] == rows == middle["records"] + middle["rejected"]
        peer_wall, peer_cpu = peers[len(peers) // 2]
        case = f"ru-declarations-{kind}-{rows:,}"
        load = f"load {middle['load']:.2f} on {ctx.cpus} CPUs"
        results += [
            Result(
                "customs_ingest",
                case,
                "rows per second",
                rows / middle["seconds"],
                "rows/s",
                peer="DuckDB read into a table",
                peer_value=rows / peer_wall,
                notes=f"{int(middle['rejected']):,} rejected; {load}; target >= 500,000 rows/s",
                extra={"seconds": middle["seconds"], "load": middle["load"]},
            ),
            Result(
                "customs_ingest",
                case,
                "floor: cells with their lines, rows per second",
                rows / floors[len(floors) // 2],
                "rows/s",
                notes="DuckDB alone storing each row's cells and line number: no ingest that "
                "keeps every raw value with its line is faster here",
            ),
            Result(
                "customs_ingest",
                case,
                "processor seconds",
                middle["cpu"],
                "s",
                peer="DuckDB read into a table",
                peer_value=peer_cpu,
                notes=f"all threads of the ingesting process over {middle['seconds']:.2f} s wall",
            ),
            Result(
                "customs_ingest",
                case,
                "peak RSS",
                max(r["rss_mb"] for r in runs),
                "MiB",
                notes="ingesting child process; target < 2,048 MiB at 10M rows",
            ),
        ]
    return results
