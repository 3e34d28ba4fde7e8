"""OpenSanctions targets.simple.csv (the real UA War & Sanctions export) and FtM JSON lines."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from dualtrace.store import Workspace, ingest_path
from tests.sources.sanctions.helpers import props, sanctions

UA_FILE = "sanctions/opensanctions/ua_war_sanctions.targets.simple.csv"
KUPOL = "os_ua_war_sanctions-NK-kjxLAGFbJhkJYP87MH84Ft"


def test_every_row_is_a_record(workspace: Workspace, shared_data: Path) -> None:
    path = shared_data / UA_FILE
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    result = ingest_path(workspace, path)
    assert (result.format, result.dataset) == ("opensanctions-csv", "os_ua_war_sanctions")
    assert result.n_records == len(rows) == 5600 and result.n_rejected == 0
    by_schema = dict(
        workspace.db.execute(
            "SELECT schema, count(DISTINCT entity_id) FROM current_statements "
            "WHERE entity_id LIKE 'os_%' GROUP BY 1"
        ).fetchall()
    )
    assert by_schema["Person"] == sum(1 for r in rows if r["schema"] == "Person")
    assert by_schema["Vessel"] == sum(1 for r in rows if r["schema"] == "Vessel")


def test_kupol_identifiers_are_classified(workspace: Workspace, shared_data: Path) -> None:
    ingest_path(workspace, shared_data / UA_FILE)
    kupol = props(workspace, KUPOL)
    assert kupol["name"] == {"IEMZ KUPOL JSC"}
    assert kupol["ogrnCode"] == {"1021801143374"}
    assert kupol["innCode"] == {"1831083343"}
    assert kupol["country"] == {"ru"}
    programmes = [s[0] for s in sanctions(workspace, KUPOL)]
    assert programmes == ["UA-WS-MILIND", "UA-WS-UAVS"]
    authority = workspace.db.execute(
        "SELECT DISTINCT target_id FROM current_relations WHERE source_id = ?", [KUPOL]
    ).fetchall()
    assert authority == [("authority-ua",)]


def test_cyrillic_aliases_and_imo_numbers(workspace: Workspace, shared_data: Path) -> None:
    ingest_path(workspace, shared_data / UA_FILE)
    ivakha = props(workspace, "os_ua_war_sanctions-NK-26WkuEefVYLmYk8aTHMC9E")
    assert ivakha["alias"] == {"ІВАХА Денис Володимирович", "ИВАХА Денис Владимирович"}
    rosalin = props(workspace, "os_ua_war_sanctions-NK-24cf2zYe7LEKhr2zFck73j")
    assert rosalin["imoNumber"] == {"IMO9253325"}
    assert rosalin["country"] == {"lr", "pa", "sg", "st"}
    assert {"Ceram Sea", "Gold Sun", "Nurkez"} <= rosalin["alias"]


def test_ftm_json_lines(workspace: Workspace, tmp_path: Path) -> None:
    # No public FtM export is in the shared data; these entities follow the FollowTheMoney
    # entity JSON layout (id, schema, properties: {name: [values]}, datasets) as OpenSanctions
    # publishes it in entities.ftm.json, using IEMZ Kupol's published identifiers.
    entities = [
        {
            "id": "NK-kupol",
            "schema": "Company",
            "properties": {
                "name": ["IEMZ KUPOL JSC"],
                "alias": ["АО ИЭМЗ Купол"],
                "innCode": ["1831083343"],
                "ogrnCode": ["1021801143374"],
                "country": ["ru"],
            },
            "datasets": ["ua_war_sanctions"],
        },
        {
            "id": "ofac-kupol-sanction",
            "schema": "Sanction",
            "properties": {
                "entity": ["NK-kupol"],
                "authority": ["Office of Foreign Assets Control"],
                "program": ["RUSSIA-EO14024"],
                "startDate": ["2022-11-14"],
            },
        },
        {
            "id": "own-1",
            "schema": "Ownership",
            "properties": {"owner": ["NK-almaz"], "asset": ["NK-kupol"], "percentage": ["100"]},
        },
        {"id": "bad-1", "schema": "Company", "properties": {"notAProperty": ["x"]}},
        {"id": "bad-2", "schema": "NoSuchSchema", "properties": {}},
    ]
    path = tmp_path / "entities.ftm.json"
    lines = [json.dumps(e, ensure_ascii=False) for e in entities]
    path.write_text("\n".join(lines[:3]) + "\n{not json\n" + "\n".join(lines[3:]) + "\n")
    result = ingest_path(workspace, path)
    assert (result.format, result.dataset) == ("ftm-json", "os_ua_war_sanctions")
    assert (result.n_records, result.n_rejected) == (3, 3)
    kupol = props(workspace, "os_ua_war_sanctions-NK-kupol")
    assert kupol["innCode"] == {"1831083343"} and kupol["ogrnCode"] == {"1021801143374"}
    assert kupol["alias"] == {"АО ИЭМЗ Купол"}
    assert sanctions(workspace, "os_ua_war_sanctions-NK-kupol") == [
        ("RUSSIA-EO14024", "2022-11-14", None)
    ]
    owns = workspace.db.execute(
        "SELECT source_id, target_id, props->>'share_pct' FROM current_relations "
        "WHERE type = 'owns'"
    ).fetchall()
    assert owns == [("os_ua_war_sanctions-NK-almaz", "os_ua_war_sanctions-NK-kupol", "100")]
    reasons = {
        r[0]: r[1] for r in workspace.db.execute("SELECT field, reason FROM rejects").fetchall()
    }
    assert reasons["notAProperty"] == "Company has no property"
