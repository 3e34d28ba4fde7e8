-- Schema version 3: the probabilistic pass's scored pairs, kept so that a merge (or a refusal)
-- can be explained feature by feature. Rewritten by every resolution run, like `resolved`.
-- `features` lists each comparison's level and match weight (log2 Bayes factor), the prior
-- first; the weights add up to `match_weight`.

CREATE TABLE match_scores (
    left_id            VARCHAR NOT NULL,
    right_id           VARCHAR NOT NULL,
    engine             VARCHAR NOT NULL,
    match_weight       DOUBLE NOT NULL,
    match_probability  DOUBLE NOT NULL,
    features           STRUCT(comparison VARCHAR, level VARCHAR, weight DOUBLE)[] NOT NULL,
    outcome            VARCHAR NOT NULL  -- merged, same_cluster, below_threshold or the refusal
);
