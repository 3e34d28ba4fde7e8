"""Customs declarations through the shipped Russian mapping, in CSV, XLSX and Parquet.

No public sample of Russian customs declarations in their native columns exists, so these files
are built here from the layout's documentation: a `;`-separated UTF-8 export (BOM allowed) with
the declaration's Russian column names, dates DD.MM.YYYY and decimal commas.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from openpyxl import Workbook

from dualtrace.errors import SourceError
from dualtrace.store import Workspace, ingest_path

HEADER = [
    "Номер декларации",
    "Дата декларации",
    "Отправитель",
    "Страна отправителя",
    "Получатель",
    "ИНН получателя",
    "Декларант",
    "Производитель",
    "Товарный знак",
    "Код ТН ВЭД",
    "Описание товара",
    "Страна происхождения",
    "Страна отправления",
    "Фактурная стоимость",
    "Валюта",
    "Вес нетто, кг",
    "Количество",
    "Единица измерения",
]
SENDER = "SHENZHEN SKYFLY TECHNOLOGY CO., LTD"
RECIPIENT = 'ООО "Ромашка"'
# 7707083893 has a valid INN check digit; 7707083894 does not.
ROWS = [
    ["10012020/310325/5016594", "31.03.2025", SENDER, "Китай", RECIPIENT, "7707083893",
     RECIPIENT, "SZ DJI TECHNOLOGY CO., LTD", "DJI", "8806221000",
     "Беспилотный летательный аппарат DJI Mavic 3", "Китай", "CN", "12345,67", "USD",
     "10,5", "12", "шт"],
    ["10012020/010425/5016601", "01.04.2025", "Shenzhen Skyfly Technology Co Ltd", "CN",
     'ООО  "РОМАШКА"', "7707083893", "", "SZ DJI TECHNOLOGY CO., LTD", "DJI", "8806221000",
     "Беспилотный летательный аппарат DJI Mavic 3T", "Китай", "Гонконг", "9 000,00", "USD",
     "7,25", "8", "шт"],
    ["10012020/020425/5016700", "31.02.2025", SENDER, "Китай", RECIPIENT, "7707083893", "",
     "", "", "8525890000", "Камера", "Китай", "CN", "100,00", "USD", "1", "1", "шт"],
    ["10012020/030425/5016800", "03.04.2025", SENDER, "Китай", RECIPIENT, "7707083893", "",
     "", "", "8525890000", "Камера", "Китай", "CN", "сто", "USD", "1", "1", "шт"],
    ["10012020/040425/5016900", "04.04.2025", SENDER, "Китай", "", "", "", "", "",
     "8525890000", "Камера", "Китай", "CN", "100,00", "USD", "1", "1", "шт"],
    ["10012020/050425/5017000", "05.04.2025", "HK RELAY LIMITED", "Гонконг",
     'ООО "Вектор"', "7707083894", "", "", "", "8542310000", "Микросхемы", "Тайвань",
     "HK", "5000", "CNY", "0,2", "1000", "шт"],
]  # fmt: skip


def write_csv(path: Path, rows: list[list[str]], *, bom: bool = True) -> Path:
    with path.open("w", encoding="utf-8-sig" if bom else "utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter=";", lineterminator="\n")
        writer.writerow(HEADER)
        writer.writerows(rows)
    return path


def _one(ws: Workspace, sql: str, params: list[object] | None = None) -> object:
    row = ws.db.execute(sql, params or []).fetchone()
    assert row is not None
    return row[0]


def test_rows_become_records_or_rejects_and_counts_reconcile(
    workspace: Workspace, tmp_path: Path
) -> None:
    path = write_csv(tmp_path / "dt_2025.csv", ROWS)
    result = ingest_path(workspace, path)
    assert (result.format, result.dataset) == ("customs", "ru_customs_import")
    assert result.n_read == len(ROWS) == result.n_records + result.n_rejected
    assert (result.n_records, result.n_rejected) == (3, 3)
    rejects = workspace.db.execute(
        "SELECT locator, field, reason FROM rejects ORDER BY locator"
    ).fetchall()
    assert rejects == [
        ("dt_2025.csv line 4", "Дата декларации", "date not in the form %d.%m.%Y: 31.02.2025"),
        ("dt_2025.csv line 5", "Фактурная стоимость", "value is not a number: сто"),
        ("dt_2025.csv line 6", "Получатель", "missing required recipient"),
    ]
    stored = _one(workspace, "SELECT n_read FROM ingests WHERE ingest_id = ?", [result.ingest_id])
    assert stored == len(ROWS)


def test_same_company_is_one_entity_and_inn_only_when_valid(
    workspace: Workspace, tmp_path: Path
) -> None:
    ingest_path(workspace, write_csv(tmp_path / "dt.csv", ROWS))
    senders = workspace.db.execute(
        "SELECT DISTINCT sender_id FROM shipments WHERE sender_country = 'cn'"
    ).fetchall()
    assert len(senders) == 1  # two spellings of the Shenzhen sender, one entity
    recipients = workspace.db.execute(
        "SELECT DISTINCT recipient_id FROM shipments WHERE recipient_inn = '7707083893'"
    ).fetchall()
    assert len(recipients) == 1
    props = workspace.db.execute(
        "SELECT prop, value, original FROM statements WHERE entity_id = ? ORDER BY prop, value",
        [recipients[0][0]],
    ).fetchall()
    assert ("innCode", "7707083893", None) in props
    assert ("country", "ru", "RU") in props
    assert {v for p, v, _ in props if p == "name"} == {RECIPIENT, 'ООО  "РОМАШКА"'}
    vector = _one(workspace, "SELECT recipient_id FROM shipments WHERE recipient_name = ?",
                  ['ООО "Вектор"'])  # fmt: skip
    vector_props = workspace.db.execute(
        "SELECT prop FROM statements WHERE entity_id = ?", [vector]
    ).fetchall()
    assert ("innCode",) not in vector_props  # a bad check digit is kept on the row, flagged
    flags = _one(workspace, "SELECT flags FROM shipments WHERE recipient_id = ?", [vector])
    assert flags == ["invalid_recipient_inn"]


def test_shipped_relation_and_typed_shipment(workspace: Workspace, tmp_path: Path) -> None:
    ingest_path(workspace, write_csv(tmp_path / "dt.csv", ROWS))
    start, props = workspace.db.execute(
        "SELECT start_date, props FROM relations WHERE relation_id = ?",
        ["ru_customs_import:dt.csv:2#shipped"],
    ).fetchone() or (None, None)
    assert start == "2025-03-31"
    shipped = json.loads(str(props))
    assert shipped["hs_code"] == "8806221000"
    assert shipped["value"] == pytest.approx(12345.67)
    assert shipped["net_weight_kg"] == pytest.approx(10.5)
    assert shipped["declaration"] == "10012020/310325/5016594"
    assert (shipped["origin_country"], shipped["destination_country"]) == ("cn", "ru")
    assert shipped["trademark"] == "DJI"
    row = workspace.db.execute(
        "SELECT value, value_usd, currency, quantity, dispatch_country FROM shipments "
        "WHERE declaration = '10012020/010425/5016601'"
    ).fetchone()
    assert row == (9000.0, 9000.0, "USD", 8.0, "hk")
    cny = _one(workspace, "SELECT value_usd FROM shipments WHERE currency = 'CNY'")
    assert cny is None
    made = workspace.db.execute(
        "SELECT count(*), any_value(record_id) FROM relations WHERE type = 'manufactured'"
    ).fetchone()
    assert made == (1, "ru_customs_import:dt.csv:2")


def test_unsplittable_lines_are_rejected_with_their_line(
    workspace: Workspace, tmp_path: Path
) -> None:
    path = write_csv(tmp_path / "broken.csv", ROWS[:2], bom=False)
    with path.open("a", encoding="utf-8") as handle:
        handle.write("10012020/060425/1;06.04.2025;only three\n")
    with path.open("a", encoding="utf-8", newline="") as handle:
        csv.writer(handle, delimiter=";", lineterminator="\n").writerow(ROWS[5])
    result = ingest_path(workspace, path)
    assert (result.n_read, result.n_records, result.n_rejected) == (4, 3, 1)
    locator, reason = workspace.db.execute("SELECT locator, reason FROM rejects").fetchone() or ()
    assert locator == "broken.csv line 4" and "Columns" in str(reason)
    # the row after the bad line keeps its own line number
    assert _one(workspace, "SELECT locator FROM records WHERE raw->>'Валюта' = 'CNY'") == (
        "broken.csv line 5"
    )


def test_unknown_layout_names_columns_found_and_fields_missing(
    workspace: Workspace, tmp_path: Path
) -> None:
    path = tmp_path / "other.csv"
    path.write_text("Номер;Дата;Грузополучатель\n1;01.01.2025;ООО Ромашка\n", encoding="utf-8")
    with pytest.raises(SourceError) as caught:
        ingest_path(workspace, path, forced_format="customs")
    message = str(caught.value)
    assert "Columns found: 'Номер', 'Дата', 'Грузополучатель'" in message
    assert "ru-import-declaration misses declaration (column 'Номер декларации'" in message
    assert "recipient (column 'Получатель' or 'Получатель/импортер')" in message
    assert workspace.db.execute("SELECT count(*) FROM ingests").fetchone() == (0,)


def test_xlsx_and_parquet_give_the_same_shipments(workspace: Workspace, tmp_path: Path) -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(HEADER)
    for row in ROWS[:2]:
        sheet.append(row)
    book.save(tmp_path / "dt.xlsx")
    table = pa.table({name: [row[i] for row in ROWS[:2]] for i, name in enumerate(HEADER)})
    pq.write_table(table, tmp_path / "dt.parquet")
    for name in ("dt.xlsx", "dt.parquet"):
        result = ingest_path(workspace, tmp_path / name)
        assert (result.format, result.n_records, result.n_rejected) == ("customs", 2, 0)
    rows = workspace.db.execute(
        "SELECT f.name, s.value, s.date, r.locator FROM shipments s "
        "JOIN records r USING (record_id, ingest_id) JOIN files f USING (ingest_id) "
        "ORDER BY f.name, r.locator"
    ).fetchall()
    assert [(n, v, str(d), loc) for n, v, d, loc in rows] == [
        ("dt.parquet", 12345.67, "2025-03-31", "dt.parquet row 1"),
        ("dt.parquet", 9000.0, "2025-04-01", "dt.parquet row 2"),
        ("dt.xlsx", 12345.67, "2025-03-31", "dt.xlsx row 2"),
        ("dt.xlsx", 9000.0, "2025-04-01", "dt.xlsx row 3"),
    ]


def test_reingest_is_unchanged_and_record_ids_are_stable(
    workspace: Workspace, tmp_path: Path
) -> None:
    path = write_csv(tmp_path / "dt.csv", ROWS)
    first = ingest_path(workspace, path)
    ids = workspace.db.execute("SELECT record_id, content_hash FROM records ORDER BY 1").fetchall()
    second = ingest_path(workspace, path)
    assert second.unchanged and second.ingest_id == first.ingest_id
    assert (
        workspace.db.execute("SELECT record_id, content_hash FROM records ORDER BY 1").fetchall()
        == ids
    )
