-- Schema version 5: the rows of large tables are stored once, as their cells; their records and
-- `shipped` relations are views.
--
-- A customs file of ten million rows stored each row three times: as a record (its cells as
-- JSON), as a `shipped` relation (its typed values as JSON) and as a typed `shipments` row.
-- The two JSON copies took most of an ingest's time and disk. Now a table source keeps its
-- cells in `table_rows` (one list per row, in the file's column order, beside the row's line)
-- and its header once in `table_layouts`; the record of a row, with the same id, locator,
-- content hash and raw JSON as before, is computed when read. A shipment's `shipped` relation
-- is read from its `shipments` row the same way. Everything else reads `records` and
-- `relations` as before: both are now views over what is stored and what is derived.

CREATE TABLE table_layouts (
    ingest_id       INTEGER PRIMARY KEY,
    source          VARCHAR NOT NULL,     -- the dataset, as records.source
    record_prefix   VARCHAR NOT NULL,     -- a row's record_id is this and its line
    locator_prefix  VARCHAR NOT NULL,     -- a row's locator is this and its line
    keys            VARCHAR[] NOT NULL    -- the raw JSON's keys, in the file's column order
);

CREATE TABLE table_rows (
    ingest_id  INTEGER NOT NULL,
    line       BIGINT NOT NULL,           -- the line (CSV) or row (Parquet, XLSX) it came from
    cells      VARCHAR[] NOT NULL         -- every cell as the file gives it, NULL when empty
);

-- A table row's raw JSON: its cells under the file's header, in the file's column order. The
-- `records` view and the lookup of records by id (store/records.py) both read it from here.
CREATE MACRO table_row_raw(keys, cells) AS to_json(map_from_entries(list_zip(keys, cells)));

-- The name of a bill of lading's notify party, which only the `shipped` relation held.
ALTER TABLE shipments ADD COLUMN notify_party_name VARCHAR;
UPDATE shipments s SET notify_party_name = r.props->>'notify_party'
    FROM relations r
    WHERE r.type = 'shipped' AND r.record_id = s.record_id AND r.props->>'notify_party' IS NOT NULL;
DELETE FROM relations WHERE type = 'shipped' AND record_id IN (SELECT record_id FROM shipments);

ALTER TABLE records RENAME TO stored_records;
ALTER TABLE relations RENAME TO stored_relations;

CREATE VIEW records AS
    SELECT record_id, ingest_id, source, locator, content_hash, raw FROM stored_records
    UNION ALL
    SELECT l.record_prefix || t.line, t.ingest_id, l.source, l.locator_prefix || t.line,
           lpad(to_hex(hash(t.cells)), 16, '0'),
           table_row_raw(l.keys, t.cells)
    FROM table_rows t JOIN table_layouts l USING (ingest_id);

CREATE VIEW relations AS
    SELECT relation_id, type, source_id, target_id, start_date, end_date, props, record_id,
           ingest_id
    FROM stored_relations
    UNION ALL
    SELECT record_id || '#shipped', 'shipped', sender_id, recipient_id,
           strftime(date, '%Y-%m-%d'), NULL::VARCHAR,
           json_object('declaration', declaration, 'hs_code', hs_code,
                       'description', description, 'value', value, 'currency', currency,
                       'quantity', quantity, 'unit', unit, 'net_weight_kg', net_weight_kg,
                       'gross_weight_kg', gross_weight_kg, 'origin_country', origin_country,
                       'dispatch_country', dispatch_country,
                       'destination_country', destination_country,
                       'manufacturer', manufacturer_name, 'trademark', trademark,
                       'notify_party', notify_party_name, 'port_of_loading', port_of_loading,
                       'port_of_discharge', port_of_discharge),
           record_id, ingest_id
    FROM shipments
    WHERE sender_id IS NOT NULL AND recipient_id IS NOT NULL;
