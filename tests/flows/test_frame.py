"""The footing every analysis stands on: dollars at the month's rate, the HS 2022
concordance, and refusal when a rate is unknown. Rows are built here in the columns of the
`shipments` table (the customs formats' own tests cover how files fill them)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import duckdb
import pytest

from dualtrace.flows.frame import SHIPMENT_COLUMNS, FlowFilter, prepare
from dualtrace.flows.totals import monthly_by_hs6_and_partner, run_totals
from dualtrace.normalize.hs import comparable_heading
from dualtrace.normalize.money import ExchangeRates, RateError, to_usd

ROWS = [  # date, declared code, value, currency, dispatch, origin
    ("2021-05-10", "8525801900", 100.0, "USD", "cn", "cn"),
    ("2021-06-01", "8802200000", 300.0, "USD", "kz", "cn"),
    ("2022-05-10", "8525890000", 200.0, "USD", "cn", "cn"),
    ("2023-01-15", "8806221000", 1000.0, "CNY", "cn", "cn"),
    ("2023-02-15", "8806210000", 50000.0, "RUR", "kz", "cn"),
    ("2023-02-20", "8517130000", 10.0, "USD", "cn", "cn"),
]


@pytest.fixture
def db() -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    numbers = ("value", "value_usd", "net_weight_kg", "quantity")
    columns = ", ".join(
        f"{c} {'DATE' if c == 'date' else 'DOUBLE' if c in numbers else 'VARCHAR'}"
        for c in SHIPMENT_COLUMNS
    )
    con.execute(f"CREATE TABLE t ({columns})")
    for i, (day, code, value, currency, dispatch, origin) in enumerate(ROWS):
        row = dict.fromkeys(SHIPMENT_COLUMNS)
        row |= {
            "record_id": f"r{i}", "dataset": "test", "date": day, "hs_code": code,
            "value": value, "currency": currency, "quantity": 2.0, "net_weight_kg": 1.5,
            "value_usd": value if currency == "USD" else None, "dispatch_country": dispatch,
            "origin_country": origin, "destination_country": "ru", "sender_id": f"s{i}",
        }  # fmt: skip
        con.execute(
            f"INSERT INTO t VALUES ({', '.join('?' for _ in SHIPMENT_COLUMNS)})",
            [row[c] for c in SHIPMENT_COLUMNS],
        )
    return con


def test_headings_follow_the_concordance(db: duckdb.DuckDBPyConnection) -> None:
    source = prepare(db, shipments="t", statistics=False)
    got = db.execute(f"SELECT hs_code, year, heading FROM {source}").fetchall()
    assert len(got) == len(ROWS)
    for code, year, heading in got:
        assert heading == comparable_heading(code, year), code
    drones = run_totals(db, source, FlowFilter(hs=("8806",), levels=("shipment",)), ())
    ids = set(drones[0].record_ids)
    # 8525.80 and 8802.20 count as drones in 2021, 8525.89 in 2022 does not.
    assert ids == {"r0", "r1", "r3", "r4"}


def test_values_in_dollars_at_the_month_rate(db: duckdb.DuckDBPyConnection) -> None:
    source = prepare(db, shipments="t", statistics=False)
    rows = dict(db.execute(f"SELECT record_id, value_usd FROM {source}").fetchall())
    assert rows["r3"] == pytest.approx(float(to_usd(1000, "CNY", date(2023, 1, 15))))
    assert rows["r4"] == pytest.approx(float(to_usd(50000, "RUB", date(2023, 2, 15))))
    assert rows["r0"] == 100.0
    assert rows["r4"] < 1000  # roubles, not dollars


def test_routes_and_unit_values(db: duckdb.DuckDBPyConnection) -> None:
    source = prepare(db, shipments="t", statistics=False)
    flt = FlowFilter(levels=("shipment",))
    by_route = {t.keys["route"]: t for t in run_totals(db, source, flt, ("route",))}
    assert set(by_route) == {"direct", "kz"}
    assert by_route["kz"].record_ids == ("r1", "r4")
    assert by_route["direct"].unit_value == by_route["direct"].value_usd / 8


def test_a_missing_rate_is_refused_with_currency_and_month(
    db: duckdb.DuckDBPyConnection, tmp_path: Path
) -> None:
    rates = tmp_path / "rates.csv"
    rates.write_text("currency,month,per_usd\nCNY,2023-01,7.0\n", encoding="utf-8")
    table = ExchangeRates.load(rates)
    source = prepare(db, table, shipments="t", statistics=False)
    with pytest.raises(RateError, match=r"RUR 2023-02 \(1 rows\).*--rates"):
        run_totals(db, source, FlowFilter(levels=("shipment",)), ("month",))
    jan = run_totals(db, source, FlowFilter(levels=("shipment",), last="2023-01"), ())
    assert jan[0].value_usd == pytest.approx(100 + 300 + 200 + 1000 / 7.0)


def test_monthly_by_hs6_and_partner(db: duckdb.DuckDBPyConnection) -> None:
    found = monthly_by_hs6_and_partner(db, "t")
    keys = [(t.keys["month"], t.keys["hs6"], t.keys["exporter"]) for t in found]
    assert keys == sorted(keys) and len(keys) == len(ROWS)
    assert ("2023-02", "880621", "kz") in keys
