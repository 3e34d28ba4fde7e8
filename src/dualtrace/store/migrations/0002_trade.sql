-- Schema version 2: typed, queryable copies of trade evidence, beside the records they copy.
--
-- `shipments` holds one row per shipment-level record (a customs declaration's goods item, a
-- bill of lading); `trade_stats` one row per trade-statistics aggregate (UN Comtrade). Both
-- point back at their record and ingest, so a flow computed in SQL can cite its evidence. The
-- `trade_flows` view puts both on one footing: exporter, importer, period, HS code, value.

CREATE TABLE shipments (
    record_id            VARCHAR NOT NULL,
    ingest_id            INTEGER NOT NULL,
    dataset              VARCHAR NOT NULL,
    declaration          VARCHAR,          -- declaration or bill-of-lading number
    date                 DATE,
    hs_code              VARCHAR,          -- digits only, as declared (6, 8 or 10)
    description          VARCHAR,
    value                DOUBLE,
    currency             VARCHAR,          -- as declared (ISO 4217 when the source uses it)
    value_usd            DOUBLE,           -- filled when the value is in USD or converted later
    net_weight_kg        DOUBLE,
    gross_weight_kg      DOUBLE,
    quantity             DOUBLE,
    unit                 VARCHAR,
    sender_id            VARCHAR,
    sender_name          VARCHAR,
    sender_country       VARCHAR,          -- ISO 3166-1 alpha-2, lower case
    recipient_id         VARCHAR,
    recipient_name       VARCHAR,
    recipient_inn        VARCHAR,          -- as given, valid or not
    recipient_country    VARCHAR,
    declarant_id         VARCHAR,
    manufacturer_id      VARCHAR,
    manufacturer_name    VARCHAR,
    notify_party_id      VARCHAR,
    trademark            VARCHAR,
    origin_country       VARCHAR,
    dispatch_country     VARCHAR,
    destination_country  VARCHAR,
    port_of_loading      VARCHAR,
    port_of_discharge    VARCHAR,
    flags                VARCHAR[]         -- kept-but-suspect values, e.g. 'invalid_recipient_inn'
);

CREATE TABLE trade_stats (
    record_id         VARCHAR NOT NULL,
    ingest_id         INTEGER NOT NULL,
    dataset           VARCHAR NOT NULL,
    freq              VARCHAR NOT NULL,    -- 'A' annual, 'M' monthly
    period            VARCHAR NOT NULL,    -- '2010' or '2023-01'
    period_start      DATE NOT NULL,
    reporter_code     INTEGER,             -- UN M49 codes, as Comtrade gives them
    reporter_country  VARCHAR,             -- ISO 3166-1 alpha-2, lower case (NULL for groups)
    partner_code      INTEGER,
    partner_country   VARCHAR,
    flow_code         VARCHAR NOT NULL,    -- M, X, RM, RX, ...
    cmd_code          VARCHAR NOT NULL,    -- HS code, or TOTAL
    classification    VARCHAR,
    value_usd         DOUBLE,              -- primaryValue
    cif_value_usd     DOUBLE,
    fob_value_usd     DOUBLE,
    net_weight_kg     DOUBLE,
    quantity          DOUBLE,
    quantity_unit     VARCHAR
);

CREATE VIEW current_shipments AS
    SELECT s.* FROM shipments s JOIN current_ingests USING (ingest_id);
CREATE VIEW current_trade_stats AS
    SELECT t.* FROM trade_stats t JOIN current_ingests USING (ingest_id);

-- Shipments and statistics side by side. A reporter's import (M) has the partner as exporter;
-- an export (X) the reporter. Re-imports and re-exports keep their own flow code.
CREATE VIEW trade_flows AS
    SELECT 'shipment' AS level, dataset, strftime(date, '%Y-%m') AS period, hs_code,
           coalesce(dispatch_country, sender_country) AS exporter_country,
           coalesce(destination_country, recipient_country) AS importer_country,
           'X' AS flow_code, value_usd, value, currency, net_weight_kg, quantity,
           record_id, ingest_id
    FROM current_shipments
    UNION ALL
    SELECT 'statistics', dataset, period, cmd_code,
           CASE WHEN flow_code IN ('M', 'RM') THEN partner_country ELSE reporter_country END,
           CASE WHEN flow_code IN ('M', 'RM') THEN reporter_country ELSE partner_country END,
           flow_code, value_usd, value_usd, 'USD', net_weight_kg, quantity, record_id, ingest_id
    FROM current_trade_stats;
