"""One footing for every flow analysis: shipment rows and trade statistics as the same columns,
in US dollars, with each HS code's comparable heading.

Values are converted to dollars when a query runs, not at ingest: the stored shipment keeps the
amount and currency as declared, and the rate table is the analyst's choice (`--rates FILE`),
so a corrected rate changes every figure at once without re-ingesting a file. A row whose
currency has no rate for its month is refused with the currency and month named, never counted
as zero.

The concordance of `normalize.hs` is applied in SQL, written into the query from its table:
before 2022, 8525.80 and 8802.20 count under 8806, so a filter on heading 8806 compares like
with like across the HS 2022 change.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Final

import duckdb

from dualtrace.normalize.hs import HS2022_YEAR, concordance
from dualtrace.normalize.money import ExchangeRates, RateError, currency_code

LEVELS: Final = ("shipment", "statistics")
HUB_COUNTRIES: Final = ("am", "kz", "kg", "uz", "tr", "ae", "ge", "by", "hk")
"""Countries through which controlled goods are known to reach Russia (the reports name
Belarus, Central Asia, Turkey; Armenia, Georgia, the UAE and Hong Kong are named elsewhere)."""

SHIPMENT_COLUMNS: Final = (
    "record_id",
    "dataset",
    "date",
    "hs_code",
    "value",
    "currency",
    "value_usd",
    "net_weight_kg",
    "quantity",
    "sender_id",
    "sender_name",
    "sender_country",
    "recipient_id",
    "recipient_name",
    "recipient_country",
    "origin_country",
    "dispatch_country",
    "destination_country",
)
"""What a flow query reads of a shipments relation: the `shipments` table or a Parquet file
with its columns."""


@dataclass(frozen=True, slots=True)
class FlowFilter:
    """Which rows an analysis reads. Countries are ISO alpha-2, lower case; months 'YYYY-MM'.

    `hs` codes of 4 digits match the comparable heading (so 8806 includes 8525.80 before
    2022); longer codes match the start of the declared code.
    """

    hs: tuple[str, ...] = ()
    origins: tuple[str, ...] = ()
    """Where the goods were made (declarations) or the exporter (statistics)."""
    exporters: tuple[str, ...] = ()
    importers: tuple[str, ...] = ()
    first: str | None = None
    last: str | None = None
    levels: tuple[str, ...] = LEVELS
    hubs: tuple[str, ...] = HUB_COUNTRIES
    monthly: bool = True
    """Only monthly rows (shipments and monthly statistics); annual statistics have no month."""


@dataclass
class Where:
    """A WHERE clause and its parameters, built condition by condition."""

    parts: list[str] = field(default_factory=list)
    params: list[object] = field(default_factory=list)

    def add(self, sql: str, *params: object) -> None:
        self.parts.append(sql)
        self.params.extend(params)

    def any_of(self, column: str, values: tuple[str, ...]) -> None:
        if values:
            self.add(f"{column} IN ({', '.join('?' for _ in values)})", *values)

    @property
    def sql(self) -> str:
        return " AND ".join(self.parts) if self.parts else "TRUE"


def filter_where(flt: FlowFilter) -> Where:
    where = Where()
    where.any_of("level", flt.levels)
    where.any_of("origin", flt.origins)
    where.any_of("exporter", flt.exporters)
    where.any_of("importer", flt.importers)
    if flt.monthly:
        where.add("month IS NOT NULL")
    if flt.first:
        where.add("month >= ?", flt.first)
    if flt.last:
        where.add("month <= ?", flt.last)
    if flt.hs:
        tests = []
        for code in flt.hs:
            digits = "".join(ch for ch in code if ch.isdigit())
            if len(digits) == 4:
                tests.append("heading = ?")
            else:
                tests.append("starts_with(hs_code, ?)")
            where.params.append(digits)
        where.parts.append("(" + " OR ".join(tests) + ")")
    return where


def register(db: duckdb.DuckDBPyConnection, rates: ExchangeRates | None = None) -> None:
    """Create the session's helper tables: rates per (currency, month), currencies as written."""
    table = rates or ExchangeRates.bundled()
    db.execute(
        "CREATE OR REPLACE TEMP TABLE flow_rates "
        "(currency VARCHAR, month VARCHAR, per_usd DOUBLE, PRIMARY KEY (currency, month))"
    )
    if table.rates:
        values = [(cur, month, float(rate)) for (cur, month), rate in table.rates.items()]
        db.execute(
            "INSERT INTO flow_rates VALUES " + ", ".join("(?, ?, ?)" for _ in values),
            [x for row in values for x in row],
        )
    db.execute(
        "CREATE OR REPLACE TEMP TABLE flow_currencies (written VARCHAR PRIMARY KEY, iso VARCHAR)"
    )


def register_currencies(db: duckdb.DuckDBPyConnection, relation: str) -> None:
    """Map each currency as written in `relation` ("RUR", "643", "юань") to its ISO code."""
    written = [
        row[0]
        for row in db.execute(
            f"SELECT DISTINCT currency FROM {relation} WHERE currency IS NOT NULL"
        ).fetchall()
    ]
    known = {row[0] for row in db.execute("SELECT written FROM flow_currencies").fetchall()}
    rows = [(w, currency_code(w)) for w in written if w not in known]
    if rows:
        db.executemany("INSERT INTO flow_currencies VALUES (?, ?)", rows)


def shipment_rows(relation: str) -> str:
    """SQL of the flow columns of a shipments relation (a table name or `read_parquet(...)`)."""
    return f"""
    SELECT 'shipment' AS level, s.dataset, s.record_id, s.date AS day,
           strftime(s.date, '%Y-%m') AS month, year(s.date) AS year, s.hs_code,
           coalesce(dispatch_country, sender_country) AS exporter,
           coalesce(destination_country, recipient_country) AS importer,
           coalesce(origin_country, dispatch_country, sender_country) AS origin,
           CASE WHEN dispatch_country IS DISTINCT FROM
                     coalesce(origin_country, dispatch_country) THEN dispatch_country END
               AS route,
           'importer' AS reported_by,
           coalesce(s.value_usd, CASE WHEN c.iso = 'USD' THEN s.value
                                      ELSE s.value / r.per_usd END) AS value_usd,
           s.value, s.currency, s.net_weight_kg, s.quantity, s.sender_id, s.sender_name,
           s.recipient_id, s.recipient_name
    FROM {relation} s
    LEFT JOIN flow_currencies c ON c.written = s.currency
    LEFT JOIN flow_rates r ON r.currency = c.iso AND r.month = strftime(s.date, '%Y-%m')
    """


STATISTICS_ROWS: Final = """
    SELECT 'statistics' AS level, dataset, record_id, period_start AS day,
           CASE WHEN freq = 'M' THEN strftime(period_start, '%Y-%m') END AS month,
           year(period_start) AS year, cmd_code AS hs_code,
           CASE WHEN flow_code IN ('M', 'RM') THEN partner_country ELSE reporter_country END,
           CASE WHEN flow_code IN ('M', 'RM') THEN reporter_country ELSE partner_country END,
           CASE WHEN flow_code IN ('M', 'RM') THEN partner_country ELSE reporter_country END,
           NULL, CASE WHEN flow_code IN ('M', 'RM') THEN 'importer' ELSE 'exporter' END,
           value_usd, value_usd, 'USD', net_weight_kg, quantity, NULL, NULL, NULL, NULL
    FROM current_trade_stats
    WHERE flow_code IN ('X', 'M') AND cmd_code <> 'TOTAL'
"""
"""Re-exports and re-imports (RX, RM) are left out: counting them beside X and M would count
the same goods twice."""


def heading_sql(code: str = "hs_code", year: str = "year") -> str:
    """The comparable heading as a SQL expression: the concordance is a handful of codes, so
    it is written into the query rather than joined row by row."""
    cases = " ".join(
        f"WHEN {year} < {HS2022_YEAR} AND {year} <= {c.valid_until} "
        f"AND left({code}, 6) = '{c.code}' THEN '{c.heading}'"
        for c in sorted(concordance().values(), key=lambda c: c.code)
        if c.code.isdigit() and c.heading.isdigit()
    )
    return f"CASE {cases} ELSE left({code}, 4) END"


def flow_rows(shipments: str = "current_shipments", *, statistics: bool = True) -> str:
    """SQL of every flow row with its comparable heading and 6-digit code."""
    union = shipment_rows(shipments) + (f"UNION ALL {STATISTICS_ROWS}" if statistics else "")
    return f"SELECT f.*, left(f.hs_code, 6) AS hs6, {heading_sql()} AS heading FROM ({union}) f"


def prepare(
    db: duckdb.DuckDBPyConnection,
    rates: ExchangeRates | None = None,
    shipments: str = "current_shipments",
    *,
    statistics: bool = True,
) -> str:
    """Register the helper tables and create the TEMP VIEW `flow_rows`; return its name.

    A second call on the same connection with the same rate table and relation reuses them.
    """
    table = rates or ExchangeRates.bundled()
    key = f"{table.source}|{len(table.rates)}|{shipments}|{statistics}"
    db.execute("CREATE TEMP TABLE IF NOT EXISTS flow_prepared (key VARCHAR)")
    done = db.execute("SELECT key FROM flow_prepared").fetchone()
    if done is not None and done[0] == key:
        register_currencies(db, shipments)  # an ingest since may have brought new ones
        return "flow_rows"
    register(db, table)
    register_currencies(db, shipments)
    db.execute(
        "CREATE OR REPLACE TEMP VIEW flow_rows AS " + flow_rows(shipments, statistics=statistics)
    )
    db.execute("DELETE FROM flow_prepared")
    db.execute("INSERT INTO flow_prepared VALUES (?)", [key])
    return "flow_rows"


def check_converted(db: duckdb.DuckDBPyConnection, where: Where, source: str) -> None:
    """Refuse to add up rows whose value could not be put in dollars (no rate known)."""
    missing = db.execute(
        f"""
        SELECT coalesce(currency, '?'), month, count(*) FROM {source}
        WHERE {where.sql} AND value IS NOT NULL AND value_usd IS NULL
        GROUP BY ALL ORDER BY 3 DESC, 1, 2 LIMIT 5
        """,
        where.params,
    ).fetchall()
    if missing:
        listed = ", ".join(f"{cur} {month} ({n} rows)" for cur, month, n in missing)
        raise RateError(
            f"no dollar rate for {listed}; supply one with --rates FILE "
            "(columns currency,month,per_usd)"
        )
