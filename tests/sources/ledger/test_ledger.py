"""Invoices and flight manifests, CSV and JSON.

No public samples of either exist; the files are built here from the layouts the seed cases
use: invoices `invoice_number,date,seller,seller_country,buyer,buyer_country,items,amount,
currency` and manifests `passenger,organisation,flight,date,from,to`.
"""

from __future__ import annotations

import json
from pathlib import Path

from dualtrace.store import Workspace, ingest_path

INVOICES = '''invoice_number,date,seller,seller_country,buyer,buyer_country,items,amount,currency
INV-2023-001,2023-05-03,Shenzhen Skyfly Co. Ltd,CN,Vector Trade LLC,AE,Mavic 3T x 20,61200.50,USD
INV-2023-002,2023-06-11,Vector Trade LLC,AE,"OOO ""Romashka""",RU,DJI Mavic 3T x 20,75000.00,USD
INV-2023-003,2023-13-01,Vector Trade LLC,AE,OOO Romashka,RU,Batteries,1200.00,USD
INV-2023-004,2023-07-01,Vector Trade LLC,AE,,RU,Batteries,1200.00,USD
INV-2023-005,2023-07-02,Vector Trade LLC,AE,OOO Romashka,RU,Batteries,twelve,USD
'''
MANIFEST = """passenger,organisation,flight,date,from,to
Ivan Petrov,OOO Romashka,SU 204,2023-04-18,SVO,PEK
Li Wei,Shenzhen Skyfly Technology,SU204,2023-04-18,SVO,PEK
Anna Smirnova,,SU 204,2023-04-18,SVO,PEK
Ivan Petrov,OOO Romashka,SU 205,2023-04-25,PEK,SVO
,OOO Romashka,SU 206,2023-04-26,PEK,SVO
"""


def test_invoices_become_payments_and_bad_rows_rejects(
    workspace: Workspace, tmp_path: Path
) -> None:
    path = tmp_path / "invoices.csv"
    path.write_text(INVOICES, encoding="utf-8")
    result = ingest_path(workspace, path)
    assert (result.format, result.n_read, result.n_records, result.n_rejected) == (
        "invoices", 5, 2, 3,
    )  # fmt: skip
    rejects = workspace.db.execute(
        "SELECT locator, field, reason FROM rejects ORDER BY locator"
    ).fetchall()
    assert rejects == [
        ("invoices.csv line 4", "date", "not a date: 2023-13-01"),
        ("invoices.csv line 5", "buyer", "missing required buyer"),
        ("invoices.csv line 6", "amount", "not an amount: twelve"),
    ]
    paid = workspace.db.execute(
        "SELECT source_id, target_id, start_date, props FROM relations "
        "WHERE relation_id = 'invoices:invoices.csv:2#paid'"
    ).fetchone()
    assert paid is not None
    names = dict(
        workspace.db.execute(
            "SELECT entity_id, value FROM statements WHERE prop = 'name'"
        ).fetchall()
    )
    assert names[paid[0]] == "Vector Trade LLC" and names[paid[1]] == "Shenzhen Skyfly Co. Ltd"
    assert paid[2] == "2023-05-03"
    assert json.loads(paid[3]) == {
        "amount": 61200.5, "currency": "USD", "invoice": "INV-2023-001", "items": "Mavic 3T x 20",
    }  # fmt: skip
    # the same company as seller of one invoice and buyer of another is one entity
    vector = workspace.db.execute(
        "SELECT count(DISTINCT entity_id) FROM statements WHERE value = 'Vector Trade LLC'"
    ).fetchone()
    assert vector == (1,)


def test_invoices_as_json(workspace: Workspace, tmp_path: Path) -> None:
    items = [
        {"invoice_number": "A-1", "date": "2024-01-15", "seller": "HK Relay Ltd",
         "seller_country": "HK", "buyer": "OOO Vector", "buyer_country": "RU",
         "items": "STM32 chips", "amount": 9800, "currency": "CNY"},
    ]  # fmt: skip
    path = tmp_path / "invoices.json"
    path.write_text(json.dumps(items), encoding="utf-8")
    result = ingest_path(workspace, path)
    assert (result.format, result.n_records, result.n_relations) == ("invoices", 1, 1)
    country = workspace.db.execute(
        "SELECT value, original FROM statements WHERE prop = 'country' ORDER BY value"
    ).fetchall()
    assert country == [("hk", "HK"), ("ru", "RU")]


def test_shared_flights_become_travelled_with(workspace: Workspace, tmp_path: Path) -> None:
    path = tmp_path / "manifest.csv"
    path.write_text(MANIFEST, encoding="utf-8")
    result = ingest_path(workspace, path)
    assert (result.format, result.n_read, result.n_records, result.n_rejected) == (
        "flight-manifest", 5, 4, 1,
    )  # fmt: skip
    pairs = workspace.db.execute(
        "SELECT DISTINCT a.value, b.value, r.props->>'flight', r.start_date, r.record_id, "
        "r.props->>'other_record' FROM relations r "
        "JOIN statements a ON a.entity_id = r.source_id AND a.prop = 'name' "
        "JOIN statements b ON b.entity_id = r.target_id AND b.prop = 'name' "
        "WHERE r.type = 'travelled_with' ORDER BY 1, 2"
    ).fetchall()
    # SU 204 and SU204 are the same flight; the return flight had one passenger
    assert pairs == [
        ("Ivan Petrov", "Anna Smirnova", "SU204", "2023-04-18",
         "flight_manifests:manifest.csv:2", "flight_manifests:manifest.csv:4"),
        ("Ivan Petrov", "Li Wei", "SU204", "2023-04-18",
         "flight_manifests:manifest.csv:2", "flight_manifests:manifest.csv:3"),
        ("Li Wei", "Anna Smirnova", "SU204", "2023-04-18",
         "flight_manifests:manifest.csv:3", "flight_manifests:manifest.csv:4"),
    ]  # fmt: skip
    represents = workspace.db.execute(
        "SELECT count(*), any_value(props->>'role') FROM relations WHERE type = 'represents'"
    ).fetchone()
    assert represents == (3, "passenger's organisation as listed")
    people = workspace.db.execute(
        "SELECT count(DISTINCT entity_id) FROM statements WHERE schema = 'Person'"
    ).fetchone()
    assert people == (3,)  # Ivan Petrov on two flights is one person
