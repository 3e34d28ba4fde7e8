"""GLEIF: the real API JSON responses and golden-copy XML extracts."""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import pytest

from dualtrace.store import Workspace, ingest_path
from tests.sources.registries.helpers import props, rejects, relations


@pytest.fixture
def gleif(shared_data: Path) -> Path:
    return shared_data / "evidence" / "registry-gleif"


def test_api_lei_records(workspace: Workspace, gleif: Path) -> None:
    path = gleif / "multi_lei_records.json"
    data = json.loads(path.read_text(encoding="utf-8"))["data"]
    result = ingest_path(workspace, path)
    assert result.format == "gleif-json"
    assert (result.n_records, result.n_rejected) == (len(data), 0) == (12, 0)
    fraport = props(workspace, "gleif-5299001ERX0K10IZUL40")
    assert fraport["name"] == {"Fraport AG Frankfurt Airport Services Worldwide"}
    assert fraport["leiCode"] == {"5299001ERX0K10IZUL40"}
    assert fraport["jurisdiction"] == {"de"} and fraport["registrationNumber"] == {"HRB 7042"}
    assert fraport["incorporationDate"] == {"2004-06-06"}
    lang = workspace.db.execute(
        "SELECT lang FROM statements WHERE entity_id = 'gleif-5299001ERX0K10IZUL40' "
        "AND prop = 'name'"
    ).fetchall()
    assert lang == [("deu",)]
    amazon = props(workspace, "gleif-254900LNRYNOQ9YPU758")
    assert "AMAZON VIDEO LIMITED" in amazon["previousName"]
    # A jurisdiction below country level ("US-DE") is kept as the country, with the original.
    original = workspace.db.execute(
        "SELECT value, original FROM statements WHERE entity_id = 'gleif-984500983AD71E4FBC41' "
        "AND prop = 'jurisdiction'"
    ).fetchall()
    assert original == [("us", "US-DE")]


def test_api_parent_relationships(workspace: Workspace, gleif: Path) -> None:
    for name in (
        "direct-parent-relationship_549300O897ZC5H7CY412.json",
        "ultimate-parent-relationship_549300O897ZC5H7CY412.json",
        "direct-child-relationships_5299001ERX0K10IZUL40.json",
    ):
        ingest_path(workspace, gleif / name)
    owns = relations(workspace, "owns")
    kinds = Counter((o["source"], o["target"], o["props"]["relationship"]) for o in owns)
    assert kinds == Counter(
        {
            ("gleif-549300OWK6ZGNYP4G142", "gleif-549300O897ZC5H7CY412", "direct_parent"): 1,
            ("gleif-549300OWK6ZGNYP4G142", "gleif-549300O897ZC5H7CY412", "ultimate_parent"): 1,
            ("gleif-5299001ERX0K10IZUL40", "gleif-254900RX3NW13DDG3905", "direct_parent"): 1,
            ("gleif-5299001ERX0K10IZUL40", "gleif-529900YR7EORVQ2U3353", "direct_parent"): 1,
        }
    )
    # The relationship period, not the accounting period, dates the ownership.
    assert {o["start"] for o in owns if o["target"] == "gleif-549300O897ZC5H7CY412"} == {
        "2006-08-08"
    }


def test_a_folder_rejects_the_record_it_holds_twice(workspace: Workspace, gleif: Path) -> None:
    # The folder holds XML too, which would be recognised first: name the JSON format.
    result = ingest_path(workspace, gleif, forced_format="gleif-json")
    assert result.format == "gleif-json"
    assert result.n_read == result.n_records + result.n_rejected == 12 + 1 + 2 + 1 + 1
    ((locator, field, reason),) = rejects(workspace)
    assert locator == "single_lei_record_5299001ERX0K10IZUL40.json" and field == "id"
    assert "multi_lei_records.json data[8]" in reason


def test_golden_copy_xml(workspace: Workspace, gleif: Path, tmp_path: Path) -> None:
    lei = gleif / "bodspipelines_lei-data.xml"
    rr = gleif / "bodspipelines_rr-data.xml"
    first = ingest_path(workspace, lei)
    second = ingest_path(workspace, rr)
    assert first.format == second.format == "gleif-xml"
    assert first.n_records == lei.read_text("utf-8").count("<lei:LEIRecord ") == 13
    types = Counter(re.findall(r"<rr:RelationshipType>([^<]+)<", rr.read_text("utf-8")))
    assert second.n_records == sum(types.values()) == 10
    owns = Counter(o["props"]["relationship"] for o in relations(workspace, "owns"))
    assert owns == Counter(
        {
            "subfund": types["IS_SUBFUND_OF"],
            "direct_parent": types["IS_DIRECTLY_CONSOLIDATED_BY"],
            "ultimate_parent": types["IS_ULTIMATELY_CONSOLIDATED_BY"],
        }
    )
    managed = relations(workspace, "represents")
    assert len(managed) == types["IS_FUND-MANAGED_BY"] == 5
    fund = next(m for m in managed if m["target"] == "gleif-001GPB6A9XPE8XJICC14")
    assert fund["source"] == "gleif-5493001Z012YSB2A0K51"
    assert fund["props"] == {"role": "fund_manager"} and fund["start"] == "2012-11-29"
    fidelity = props(workspace, "gleif-001GPB6A9XPE8XJICC14")
    assert fidelity["name"] == {"Fidelity Advisor Leveraged Company Stock Fund"}
    assert fidelity["jurisdiction"] == {"us"} and fidelity["legalForm"] == {"FUND"}
