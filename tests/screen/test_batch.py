"""Screening counterparty files (CSV and XLSX) and labelled pairs; the CLI around them."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook
from typer.testing import CliRunner

from dualtrace.cli import app
from dualtrace.errors import DualtraceError
from dualtrace.screen import Screener
from dualtrace.screen.batch import score_pairs, screen_file

ROWS = [
    ["name", "country", "inn", "schema"],
    ["Gazprombank", "Russia", "", "Company"],
    ["", "", "", ""],  # bad: nothing to screen
    ["Аркадий Ротенберг", "", "", "Person"],
    ["Acme Garden Supplies", "Germany", "", "Company"],
    ["Someone", "", "7744001497", "Company"],
    ["Banco Nacional de Cuba", "", "", "Starship"],  # bad: unknown schema
]


def _write_csv(path: Path, rows: list[list[str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows)
    return path


def _read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_a_file_with_bad_rows_screens_the_good_ones(
    ofac_screener: Screener, tmp_path: Path
) -> None:
    source = _write_csv(tmp_path / "in.csv", ROWS)
    report = screen_file(ofac_screener, source, tmp_path / "out.csv")
    assert (report.rows, report.screened, report.matched) == (6, 4, 3)
    assert [n for n, _ in report.bad_rows] == [3, 7]
    assert "unknown schema" in report.bad_rows[1][1]
    out = _read_csv(tmp_path / "out.csv")
    assert [r["match"] for r in out] == ["yes", "", "yes", "no", "yes", ""]
    assert out[0]["matched_id"] == "us_ofac_cons-17016"
    assert out[2]["matched_id"] == "us_ofac_sdn-16669"
    assert (
        out[4]["matched_id"] == "us_ofac_cons-17016" and "identifier_match" in out[4]["explanation"]
    )
    assert out[1]["status"].startswith("error: ")


def test_xlsx_in_and_out(ofac_screener: Screener, tmp_path: Path) -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for row in ROWS[:4]:
        sheet.append(row)
    book.save(tmp_path / "in.xlsx")
    report = screen_file(ofac_screener, tmp_path / "in.xlsx", tmp_path / "out.xlsx")
    assert (report.screened, len(report.bad_rows)) == (2, 1)
    rows = list(load_workbook(tmp_path / "out.xlsx").worksheets[0].iter_rows(values_only=True))
    header = rows[0]
    assert "matched_id" in header and "explanation" in header
    assert rows[1][header.index("matched_id")] == "us_ofac_cons-17016"


def test_files_without_a_name_column_are_refused(ofac_screener: Screener, tmp_path: Path) -> None:
    source = _write_csv(tmp_path / "in.csv", [["company_id", "city"], ["1", "Moscow"]])
    with pytest.raises(DualtraceError, match="no 'name' column"):
        screen_file(ofac_screener, source, tmp_path / "out.csv")
    (tmp_path / "in.json").write_text("[]", encoding="utf-8")
    with pytest.raises(DualtraceError, match=r"\.csv or \.xlsx"):
        screen_file(ofac_screener, tmp_path / "in.json", tmp_path / "out.csv")


def test_pairs_are_scored_with_the_screening_scorer(tmp_path: Path) -> None:
    source = _write_csv(
        tmp_path / "pairs.csv",
        [
            ["name1", "name2", "schema"],
            ["SZ DJI Technology Co., Ltd.", "深圳市大疆创新科技有限公司", "Company"],
            ["ИВАХА Денис Владимирович", "IVAKHA Denis Vladimirovich", "Person"],
            ["Bank Mellat", "Bank Melli Iran", "Company"],
            ["", "Nobody", "Person"],
        ],
    )
    scored, bad = score_pairs(source, tmp_path / "scored.csv")
    assert scored == 3 and [n for n, _ in bad] == [5]
    out = _read_csv(tmp_path / "scored.csv")
    assert [r["match"] for r in out[:3]] == ["yes", "yes", "no"]
    assert float(out[0]["score"]) == 1.0


def test_cli_screen_commands(ofac_workspace: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(
        app, ["screen", "name", "Banko Nacional de Kuba", "-w", str(ofac_workspace), "--json"]
    )
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)[0]["id"] == "us_ofac_sdn-306"
    source = _write_csv(tmp_path / "in.csv", ROWS)
    result = runner.invoke(
        app,
        [
            "screen",
            "file",
            str(source),
            "--out",
            str(tmp_path / "o.csv"),
            "-w",
            str(ofac_workspace),
            "--json",
            "--workers",
            "1",
        ],
    )
    assert result.exit_code == 0, result.output
    summary = json.loads(result.output)
    assert summary["matched"] == 3 and [b["row"] for b in summary["bad_rows"]] == [3, 7]
