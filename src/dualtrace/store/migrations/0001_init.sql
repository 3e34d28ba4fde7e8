-- The workspace schema, version 1.
-- Every stored row points back at the ingest (and so the raw files) it came from.

CREATE TABLE meta (
    key   VARCHAR PRIMARY KEY,
    value VARCHAR NOT NULL
);

-- One ingest is one input (a file, or a set of files read together such as OFAC's CSV files),
-- stored in one transaction. `dataset` names what it is a version of: a newer ingest of a
-- replacing dataset (a sanctions list) supersedes the older one, which stays for deltas.
CREATE SEQUENCE ingest_ids START 1;
CREATE TABLE ingests (
    ingest_id      INTEGER PRIMARY KEY DEFAULT nextval('ingest_ids'),
    dataset        VARCHAR NOT NULL,
    format         VARCHAR NOT NULL,
    mode           VARCHAR NOT NULL CHECK (mode IN ('replace', 'append')),
    input_path     VARCHAR NOT NULL,
    fingerprint    VARCHAR NOT NULL,      -- sha256 over the sorted sha256 of its files
    started_at     TIMESTAMP NOT NULL,
    finished_at    TIMESTAMP,
    n_read         BIGINT,
    n_records      BIGINT,
    n_rejected     BIGINT,
    n_statements   BIGINT,
    n_relations    BIGINT,
    superseded_by  INTEGER
);

CREATE TABLE files (
    ingest_id   INTEGER NOT NULL,
    sha256      VARCHAR NOT NULL,
    name        VARCHAR NOT NULL,         -- the file name as given by the user
    size_bytes  BIGINT NOT NULL,
    raw_path    VARCHAR NOT NULL,         -- where the original is kept, relative to the workspace
    PRIMARY KEY (ingest_id, sha256)
);

CREATE TABLE records (
    record_id     VARCHAR NOT NULL,
    ingest_id     INTEGER NOT NULL,
    source        VARCHAR NOT NULL,
    locator       VARCHAR NOT NULL,
    content_hash  VARCHAR NOT NULL,
    raw           JSON NOT NULL
);

CREATE TABLE statements (
    entity_id  VARCHAR NOT NULL,
    schema     VARCHAR NOT NULL,
    prop       VARCHAR NOT NULL,
    value      VARCHAR NOT NULL,
    original   VARCHAR,
    lang       VARCHAR,
    record_id  VARCHAR NOT NULL,
    ingest_id  INTEGER NOT NULL
);

CREATE TABLE relations (
    relation_id  VARCHAR NOT NULL,
    type         VARCHAR NOT NULL,
    source_id    VARCHAR NOT NULL,
    target_id    VARCHAR NOT NULL,
    start_date   VARCHAR,
    end_date     VARCHAR,
    props        JSON NOT NULL,
    record_id    VARCHAR NOT NULL,
    ingest_id    INTEGER NOT NULL
);

CREATE TABLE rejects (
    ingest_id  INTEGER NOT NULL,
    locator    VARCHAR NOT NULL,
    field      VARCHAR,
    reason     VARCHAR NOT NULL,
    raw        VARCHAR NOT NULL
);

-- The current state: ingests not superseded by a newer version of their dataset.
CREATE VIEW current_ingests AS SELECT * FROM ingests
    WHERE superseded_by IS NULL AND finished_at IS NOT NULL;
CREATE VIEW current_records AS SELECT r.* FROM records r JOIN current_ingests USING (ingest_id);
CREATE VIEW current_statements AS
    SELECT s.* FROM statements s JOIN current_ingests USING (ingest_id);
CREATE VIEW current_relations AS
    SELECT r.* FROM relations r JOIN current_ingests USING (ingest_id);

-- Resolution: which canonical entity each source entity belongs to, and why.
CREATE TABLE resolved (
    entity_id     VARCHAR PRIMARY KEY,
    canonical_id  VARCHAR NOT NULL,
    reason        VARCHAR NOT NULL
);

-- Analysts' judgements. Never deleted: a retraction is a newer row.
CREATE TABLE decisions (
    left_id     VARCHAR NOT NULL,
    right_id    VARCHAR NOT NULL,
    judgement   VARCHAR NOT NULL CHECK (judgement IN ('same', 'not_same', 'unsure', 'retracted')),
    author      VARCHAR NOT NULL,
    decided_at  TIMESTAMP NOT NULL,
    note        VARCHAR
);

-- Red flags on canonical entities, each with the records that prove it.
CREATE TABLE flags (
    canonical_id  VARCHAR NOT NULL,
    code          VARCHAR NOT NULL,
    weight        DOUBLE NOT NULL,
    explanation   VARCHAR NOT NULL,
    evidence      VARCHAR[] NOT NULL
);

-- One row per resolved entity: what the graph, risk and reports show.
CREATE TABLE canonical_entities (
    canonical_id  VARCHAR PRIMARY KEY,
    schema        VARCHAR NOT NULL,
    caption       VARCHAR NOT NULL,
    names         VARCHAR[] NOT NULL,
    countries     VARCHAR[] NOT NULL,
    datasets      VARCHAR[] NOT NULL,
    members       INTEGER NOT NULL
);

-- Current relations with both ends replaced by their resolved entity.
CREATE VIEW canonical_relations AS
    SELECT r.relation_id, r.type,
           coalesce(a.canonical_id, r.source_id) AS source_id,
           coalesce(b.canonical_id, r.target_id) AS target_id,
           r.start_date, r.end_date, r.props, r.record_id, r.ingest_id
    FROM current_relations r
    LEFT JOIN resolved a ON a.entity_id = r.source_id
    LEFT JOIN resolved b ON b.entity_id = r.target_id;
