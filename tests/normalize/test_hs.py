"""HS codes: cleaning, descriptions from the real HS 2022 file, and the drone concordance."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dualtrace.normalize.hs import (
    HsError,
    HsNomenclature,
    comparable_heading,
    describe,
    drone_related,
    dual_use_codes,
    dual_use_group,
    hs6,
    hs_code,
)

HS_FILE = "reference/harmonized-system-2022.csv"


@given(st.text("0123456789", min_size=6, max_size=10), st.sampled_from([" ", ".", "-", ""]))
def test_hs_code_ignores_separators(digits: str, sep: str) -> None:
    written = sep.join(digits[i : i + 2] for i in range(0, len(digits), 2))
    cleaned = hs_code(written)
    if len(digits) in (6, 8, 10):
        assert cleaned == digits
        assert hs6(written) == digits[:6]
        assert hs_code(cleaned) == cleaned
    else:
        assert cleaned == "0" + digits


@pytest.mark.parametrize(
    "text", ["", "88", "8806", "88062", "abc", "8806.22.0000.00", "８８０６２２"]
)
def test_hs_code_refuses_what_is_not_a_code(text: str) -> None:
    assert hs_code(text) is None or text == "88062"


def test_leading_zero_lost_in_a_spreadsheet() -> None:
    assert hs_code("10121") == "010121"
    assert hs_code("8806.22.000 0") == "8806220000"


@pytest.mark.parametrize(
    ("code", "year", "heading"),
    [
        ("8525.80.3000", 2019, "8806"),
        ("852580", 2021, "8806"),
        ("8802.20", 2020, "8806"),
        ("8806.22", 2023, "8806"),
        ("852589", 2023, "8525"),
        ("880220", 2023, "8802"),
        ("850760", 2019, "8507"),
    ],
)
def test_concordance_puts_pre_2022_drone_codes_next_to_8806(
    code: str, year: int, heading: str
) -> None:
    assert comparable_heading(code, year) == heading
    assert drone_related(code, year) == (heading == "8806")


def test_shipped_codes_exist_in_the_real_hs2022_nomenclature(shared_data: Path) -> None:
    nomenclature = HsNomenclature.load(shared_data / HS_FILE)
    assert len(nomenclature) == 6940
    shipped = dual_use_codes()
    assert {"8806", "880622", "8807", "852589", "852691", "847150", "850131", "850760"} <= set(
        shipped
    )
    missing = [code for code in shipped if code not in nomenclature.entries]
    assert missing == []
    chapters = {code[:2] for code in shipped}
    assert {"84", "85", "88", "90", "93"} <= chapters


def test_descriptions_from_the_real_file(shared_data: Path) -> None:
    nomenclature = HsNomenclature.load(shared_data / HS_FILE)
    assert describe("8806.22.0000", nomenclature) is not None
    assert "250g but not more than 7kg" in (describe("8806220000", nomenclature) or "")
    assert [e.code for e in nomenclature.path("88062200")] == ["88", "8806", "880622"]
    assert nomenclature.entries["8806"].description == "Unmanned aircraft"
    # Without the file, the shipped table answers for the drone-related codes only.
    assert "250 g up to 7 kg" in (describe("880622") or "")
    assert describe("010121") is None


def test_old_camera_code_is_not_in_hs2022(shared_data: Path) -> None:
    """8525.80 was split in HS 2022, which is why the concordance is keyed on the year."""
    with (shared_data / HS_FILE).open(encoding="utf-8", newline="") as handle:
        codes = {row["hscode"] for row in csv.DictReader(handle)}
    assert "852580" not in codes
    assert {"852581", "852582", "852583", "852589"} <= codes


def test_groups() -> None:
    assert dual_use_group("8806.22") == "drone"
    assert dual_use_group("8507.60.0010") == "battery"
    assert dual_use_group("8542.31") == "chip"
    assert dual_use_group("0101.21") is None


def test_bad_nomenclature_file(tmp_path: Path) -> None:
    bad = tmp_path / "hs.csv"
    bad.write_text("code,text\n01,Animals\n", encoding="utf-8")
    with pytest.raises(HsError, match="missing columns"):
        HsNomenclature.load(bad)
    with pytest.raises(HsError):
        HsNomenclature.load(tmp_path / "absent.csv")
