"""UN Comtrade: the real API v1 response, and a bulk CSV built from the API's field names
(no public bulk CSV sample exists; the columns are the API's, as the bulk download uses them)."""

from __future__ import annotations

from pathlib import Path

from dualtrace.store import Workspace, ingest_path

HEADER = "period,reporterCode,reporterISO,partnerCode,partnerISO,flowCode,cmdCode,"
BULK = (
    HEADER
    + """primaryValue,netWgt,qty,qtyUnitAbbr
202201,156,CHN,643,RUS,X,880622,1250000.5,3200,410,u
202202,156,CHN,643,RUS,X,880622,980000,2500,300,u
202203,643,RUS,156,CHN,M,880622,2000000,5100,700,u
2022-04,156,CHN,643,RUS,X,880622,1,1,1,u
202205,156,CHN,643,RUS,X,880622,lots,1,1,u
"""
)


def test_api_response_rows_are_records_and_trade_stats(
    workspace: Workspace, shared_data: Path
) -> None:
    path = shared_data / "trade" / "comtrade" / "comtrade_api_v1_get.json"
    result = ingest_path(workspace, path)
    assert (result.format, result.dataset) == ("comtrade", "un_comtrade")
    assert (result.n_read, result.n_records, result.n_rejected) == (4, 4, 0)
    assert (result.n_statements, result.n_relations) == (0, 0)
    rows = workspace.db.execute(
        "SELECT reporter_country, partner_country, flow_code, period, cmd_code, value_usd "
        "FROM trade_stats ORDER BY partner_code"
    ).fetchall()
    assert rows[0] == ("cn", "ar", "M", "2010", "TOTAL", 6804128143.0)
    assert {r[1] for r in rows} >= {"ar", "de"}
    flows = workspace.db.execute(
        "SELECT exporter_country, importer_country, level FROM trade_flows "
        "WHERE exporter_country = 'ar'"
    ).fetchall()
    assert flows == [("ar", "cn", "statistics")]


def test_bulk_csv_monthly_periods_and_rejects(workspace: Workspace, tmp_path: Path) -> None:
    path = tmp_path / "comtrade_bulk.csv"
    path.write_text(BULK, encoding="utf-8")
    result = ingest_path(workspace, path)
    assert (result.format, result.n_read, result.n_records, result.n_rejected) == (
        "comtrade",
        5,
        3,
        2,
    )
    rejects = workspace.db.execute(
        "SELECT locator, field, reason FROM rejects ORDER BY locator"
    ).fetchall()
    assert rejects == [
        ("comtrade_bulk.csv line 5", "period", "period is not YYYY or YYYYMM: 2022-04"),
        ("comtrade_bulk.csv line 6", "primaryValue", "primaryValue is not a number: lots"),
    ]
    monthly = workspace.db.execute(
        "SELECT freq, period, CAST(period_start AS VARCHAR), value_usd, net_weight_kg, quantity "
        "FROM trade_stats WHERE record_id = 'un_comtrade:comtrade_bulk.csv:2'"
    ).fetchone()
    assert monthly == ("M", "2022-01", "2022-01-01", 1250000.5, 3200.0, 410.0)
    # China's reported exports and Russia's reported imports, side by side
    mirror = workspace.db.execute(
        "SELECT flow_code, sum(value_usd) FROM trade_flows WHERE exporter_country = 'cn' "
        "AND importer_country = 'ru' GROUP BY flow_code ORDER BY flow_code"
    ).fetchall()
    assert mirror == [("M", 2000000.0), ("X", 2230000.5)]
