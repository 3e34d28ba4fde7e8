"""Locators name the real line of a CSV row, and record hashes agree with the model's.

Built from the Russian declaration layout's documentation (see test_customs.py): blank lines and
descriptions quoted over several lines occur in brokers' exports, and each record's locator must
still name the physical line its row starts on, so that a reader finds it in the original file.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from dualtrace.sources.trade.lookups import entity_id, product_id
from dualtrace.store import Workspace, ingest_path
from tests.sources.trade.test_customs import HEADER, ROWS, write_csv


def _locators(ws: Workspace) -> dict[str, str]:
    """Declaration number -> locator, for records and rejects alike."""
    found = {}
    for table in ("records", "rejects"):
        for locator, raw in ws.db.execute(f"SELECT locator, raw FROM {table}").fetchall():
            data = json.loads(raw) if raw.startswith("{") else {}
            found[data.get("Номер декларации") or raw.split(";")[0]] = locator
    return found


def _physical_lines(path: Path) -> dict[str, int]:
    """Declaration number -> the line its row starts on, read with the csv module."""
    starts = {}
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.reader(handle, delimiter=";")
        line = reader.line_num + 1
        for row in reader:
            if row and row[0] != HEADER[0]:
                starts[row[0]] = line
            line = reader.line_num + 1
    return starts


def test_blank_lines_and_multiline_values_keep_real_line_numbers(
    workspace: Workspace, tmp_path: Path
) -> None:
    rows = [list(r) for r in ROWS]
    rows[0][10] = "Беспилотный летательный аппарат\nDJI Mavic 3\nс камерой"
    rows[3][10] = 'Камера "Зенит";\n\nдве строки'
    path = tmp_path / "multi.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter=";", lineterminator="\n")
        writer.writerow(HEADER)
        writer.writerow(rows[0])
        handle.write("\n")
        writer.writerows(rows[1:4])
        handle.write("10012020/060425/1;06.04.2025;only three\n\n\n")
        writer.writerows(rows[4:])
    result = ingest_path(workspace, path)
    assert result.n_read == len(ROWS) + 1 == result.n_records + result.n_rejected
    expected = _physical_lines(path)
    assert expected["10012020/050425/5017000"] == 15  # the last row, after every shift
    located = _locators(workspace)
    assert {k: int(v.rsplit(" ", 1)[1]) for k, v in located.items()} == expected
    value = workspace.db.execute(
        "SELECT description FROM shipments WHERE declaration = '10012020/310325/5016594'"
    ).fetchone()
    assert value == ("Беспилотный летательный аппарат\nDJI Mavic 3\nс камерой",)


def test_many_shifts_use_a_table_of_them(workspace: Workspace, tmp_path: Path) -> None:
    rows = []
    for i in range(150):
        row = list(ROWS[0])
        row[0] = f"10012020/310325/{6000000 + i}"
        row[10] = "две\nстроки" if i % 2 == 0 else "одна строка"
        rows.append(row)
    path = write_csv(tmp_path / "shifts.csv", rows)
    result = ingest_path(workspace, path)
    assert (result.n_records, result.n_rejected) == (150, 0)
    expected = _physical_lines(path)
    assert expected["10012020/310325/6000149"] == 2 + 150 + 75 - 1
    located = {k: int(v.rsplit(" ", 1)[1]) for k, v in _locators(workspace).items()}
    assert located == expected


def test_record_hashes_tell_changed_cells_from_unchanged(
    workspace: Workspace, tmp_path: Path
) -> None:
    rows = [list(r) for r in ROWS[:2]]
    rows[0][10] = 'кавычки " и \\ слэш\tтаб \x01 управляющий, 😀 и \u2028'
    rows[1][7] = ""  # an empty cell is null in the raw values
    for name, path in (
        ("csv", write_csv(tmp_path / "hash.csv", rows)),
        ("parquet", tmp_path / "hash.parquet"),
    ):
        if name == "parquet":
            table = pa.table({h: [r[i] or None for r in rows] for i, h in enumerate(HEADER)})
            pq.write_table(table, path)
        ingest_path(workspace, path)
    changed = [list(r) for r in rows]
    changed[1][13] = "12,5"  # one cell of the second row differs
    ingest_path(workspace, write_csv(tmp_path / "hash2.csv", changed))
    stored = workspace.db.execute(
        "SELECT r.locator, r.raw, r.content_hash FROM records r ORDER BY r.locator"
    ).fetchall()
    digests: dict[str, list[str]] = {}
    for locator, _raw, digest in stored:
        digests.setdefault(locator.split(" ", 1)[0], []).append(digest)
    assert {name: len(d) for name, d in digests.items()} == {
        "hash.csv": 2,
        "hash.parquet": 2,
        "hash2.csv": 2,
    }
    # The same cells hash alike whether they came from CSV or Parquet; a changed cell does not.
    assert digests["hash.csv"] == digests["hash.parquet"]
    assert digests["hash2.csv"][0] == digests["hash.csv"][0]
    assert digests["hash2.csv"][1] != digests["hash.csv"][1]
    assert len(set(digests["hash.csv"])) == 2
    descriptions = {json.loads(raw)["Описание товара"] for _, raw, _ in stored}
    assert rows[0][10] in descriptions


def test_product_ids_computed_in_sql_match_the_python_definition(
    workspace: Workspace, tmp_path: Path
) -> None:
    ingest_path(workspace, write_csv(tmp_path / "dt.csv", ROWS))
    made = workspace.db.execute(
        "SELECT source_id, target_id FROM relations WHERE type = 'manufactured'"
    ).fetchall()
    maker = entity_id("ru_customs_import", "SZ DJI TECHNOLOGY CO., LTD", "")
    assert made == [(maker, product_id("ru_customs_import", "DJI", "8806221000"))]


def test_rows_are_stored_once_as_cells_and_read_back_as_records_and_relations(
    workspace: Workspace, tmp_path: Path
) -> None:
    # A row's cells are stored once; its record (raw JSON) and `shipped` relation are views
    # over them, and what the file states many times (names, makers) is stated once in total.
    rows = []
    for i in range(130):
        row = list(ROWS[0])
        row[0] = f"10012020/310325/{7000000 + i}"
        row[2] = f"SHENZHEN XINGHE-{i % 7} TECHNOLOGY CO., LTD"  # each sender many times
        if i == 77:
            row[1] = "31.02.2025"  # no such day: one reject
        rows.append(row)
    path = write_csv(tmp_path / "many.csv", rows)
    result = ingest_path(workspace, path)
    assert (result.n_read, result.n_records, result.n_rejected) == (130, 129, 1)
    stored = workspace.db.execute("SELECT count(*) FROM table_rows").fetchone()
    assert stored == (129,)
    assert workspace.db.execute("SELECT count(*) FROM stored_records").fetchone() == (0,)
    assert result.n_relations == 129 + 1  # one `shipped` per row, one `manufactured` in all
    (raw,) = workspace.db.execute(
        "SELECT raw FROM current_records WHERE raw->>'Номер декларации' = ?",
        ["10012020/310325/7000005"],
    ).fetchone() or ("{}",)
    assert json.loads(raw)["Отправитель"] == "SHENZHEN XINGHE-5 TECHNOLOGY CO., LTD"
    expected = _physical_lines(path)
    located = {k: int(v.rsplit(" ", 1)[1]) for k, v in _locators(workspace).items()}
    assert located == expected
    assert located["10012020/310325/7000077"] == 79
    (names,) = workspace.db.execute(
        "SELECT count(*) FROM statements WHERE prop = 'name'"
    ).fetchone() or (0,)
    (distinct,) = workspace.db.execute(
        "SELECT count(DISTINCT (entity_id, value)) FROM statements WHERE prop = 'name'"
    ).fetchone() or (0,)
    assert names == distinct > 7
    (shipped,) = workspace.db.execute(
        "SELECT count(*) FROM relations WHERE type = 'shipped'"
    ).fetchone() or (0,)
    assert shipped == workspace.db.execute("SELECT count(*) FROM shipments").fetchone()[0] == 129
    # The stages of the ingest were tables of the workspace inside its transaction: gone now.
    (stages,) = workspace.db.execute(
        "SELECT count(*) FROM duckdb_tables() WHERE starts_with(table_name, '_dt_')"
    ).fetchone() or (1,)
    assert stages == 0
    assert ingest_path(workspace, path).unchanged


def test_padded_cells_are_trimmed_for_their_fields_and_kept_raw(
    workspace: Workspace, tmp_path: Path
) -> None:
    """Spaces and no-break spaces around a cell (spreadsheet and web exports pad them) do not
    make another party or a bad date; the record keeps the cell as the file gives it."""
    rows = [list(r) for r in ROWS[:2]]
    rows[0][1] = " 31.03.2025\u00a0"  # the date
    rows[0][2] = f"\u00a0{rows[0][2]}  "  # the sender
    rows[0][10] = "\u3000Беспилотный летательный аппарат\u3000"  # trimmed: ideographic spaces
    rows[1][14] = " usd "  # the currency
    result = ingest_path(workspace, write_csv(tmp_path / "padded.csv", rows))
    assert (result.n_records, result.n_rejected) == (2, 0)
    first, second = workspace.db.execute(
        "SELECT date, sender_name, sender_id, description, currency FROM shipments ORDER BY date"
    ).fetchall()
    assert str(first[0]) == "2025-03-31"
    assert first[1] == ROWS[0][2]
    assert first[3] == "Беспилотный летательный аппарат"
    assert second[4] == "USD"
    # Padding does not change who the sender is: both rows name the same company.
    assert first[2] == second[2]
    raws = [json.loads(r) for (r,) in workspace.db.execute("SELECT raw FROM records").fetchall()]
    dates = {raw["Дата декларации"] for raw in raws}
    assert " 31.03.2025\u00a0" in dates
