-- Schema version 4: a record's raw JSON and a relation's props are stored without compression.
--
-- Both are long strings, nearly all distinct (every cell of a customs row under its header,
-- every typed value of a shipment). DuckDB's automatic choice (a dictionary of FSST-compressed
-- strings) analyses and encodes every such row group for little gain, and takes more than
-- half the time of storing a ten-million-row customs file. Columns and order are unchanged;
-- the views over the two tables read them by name.

CREATE TABLE records_v4 (
    record_id     VARCHAR NOT NULL,
    ingest_id     INTEGER NOT NULL,
    source        VARCHAR NOT NULL,
    locator       VARCHAR NOT NULL,
    content_hash  VARCHAR NOT NULL,
    raw           JSON NOT NULL USING COMPRESSION uncompressed
);
INSERT INTO records_v4 SELECT * FROM records;
DROP TABLE records;
ALTER TABLE records_v4 RENAME TO records;

CREATE TABLE relations_v4 (
    relation_id  VARCHAR NOT NULL,
    type         VARCHAR NOT NULL,
    source_id    VARCHAR NOT NULL,
    target_id    VARCHAR NOT NULL,
    start_date   VARCHAR,
    end_date     VARCHAR,
    props        JSON NOT NULL USING COMPRESSION uncompressed,
    record_id    VARCHAR NOT NULL,
    ingest_id    INTEGER NOT NULL
);
INSERT INTO relations_v4 SELECT * FROM relations;
DROP TABLE relations;
ALTER TABLE relations_v4 RENAME TO relations;
