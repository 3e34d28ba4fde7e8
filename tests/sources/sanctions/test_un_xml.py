"""The UN consolidated XML parser on the whole list of 2026-02-27 and the official sample."""

from __future__ import annotations

import re
from pathlib import Path

from dualtrace.store import Workspace, ingest_path
from tests.sources.sanctions.helpers import props, sanctions

UN_FILE = "sanctions/un/UN_consolidated-2026-02-27.xml"


def test_whole_list_counts_match_the_file(workspace: Workspace, shared_data: Path) -> None:
    path = shared_data / UN_FILE
    text = path.read_text(encoding="utf-8")
    result = ingest_path(workspace, path)
    assert (result.format, result.dataset) == ("un-xml", "un_sc_sanctions")
    assert text.count("<INDIVIDUAL>") == 730 and text.count("<ENTITY>") == 273
    kinds = dict(
        workspace.db.execute(
            "SELECT regexp_extract(locator, '<(\\w+)>', 1), count(*) FROM current_records "
            "GROUP BY 1"
        ).fetchall()
    )
    assert kinds == {"INDIVIDUAL": 730, "ENTITY": 273}
    assert result.n_read == result.n_records == 1003 and result.n_rejected == 0
    people = workspace.db.execute(
        "SELECT count(DISTINCT entity_id) FROM current_statements WHERE schema = 'Person'"
    ).fetchone()
    assert people == (730,)
    # Every alias the file rates 'Low' is kept, as a weak alias.
    low = len(re.findall(r"<QUALITY>Low</QUALITY>\s*<ALIAS_NAME>[^<]+<", text))
    weak = workspace.db.execute(
        "SELECT count(*) FROM current_statements WHERE prop = 'weakAlias'"
    ).fetchone()
    assert weak is not None and weak[0] == low > 0


def test_named_entries(workspace: Workspace, shared_data: Path) -> None:
    ingest_path(workspace, shared_data / UN_FILE)
    umarov = props(workspace, "un_sc_sanctions-2960872")
    assert "Умаров Доку Хаматович" in umarov["alias"]
    assert sanctions(workspace, "un_sc_sanctions-2960872") == [("Al-Qaida", "2011-03-10", None)]
    badege = props(workspace, "un_sc_sanctions-6907993")
    assert badege["name"] == {"ERIC BADEGE"}
    assert badege["nationality"] == {"cd"}
    assert badege["birthDate"] == {"1971"}
    adf = props(workspace, "un_sc_sanctions-6908402")
    assert "Allied Democratic Forces" in adf["alias"]
    assert {"ADF/NALU", "NALU"} <= adf["previousName"]  # the file's f.k.a. names
    hassan = props(workspace, "un_sc_sanctions-6908994")
    assert "Lieutenant general" in hassan["position"]


def test_original_script_names_keep_their_script_language(
    workspace: Workspace, shared_data: Path
) -> None:
    ingest_path(workspace, shared_data / UN_FILE)
    # Arabic script is written for Arabic, Pashto, Dari...: no language is claimed for it.
    arabic = workspace.db.execute(
        "SELECT entity_id, lang FROM current_statements WHERE prop = 'alias' AND value = ?",
        ["صدام حسين التكريتي"],
    ).fetchall()
    assert len(arabic) == 1 and arabic[0][1] is None
    saddam = props(workspace, arabic[0][0])
    assert any("SADDAM" in name for name in saddam["name"])


def test_sample_without_dataid_is_rejected_not_lost(
    workspace: Workspace, shared_data: Path
) -> None:
    result = ingest_path(
        workspace, shared_data / "sanctions/official-samples-2026-08/un_sample.xml"
    )
    assert (result.n_records, result.n_rejected) == (3, 1)
    reject = workspace.db.execute("SELECT locator, field, raw FROM rejects").fetchone()
    assert reject is not None
    assert reject[1] == "DATAID" and "No Data Id" in reject[2]
    assert reject[0].startswith("un_sample.xml line ")
    multi = props(workspace, "un_sc_sanctions-7000001")
    assert multi["passportNumber"] == {"P1234567"}
    assert multi["idNumber"] == {"N9999"}
    assert multi["nationality"] == {"se", "no"}
