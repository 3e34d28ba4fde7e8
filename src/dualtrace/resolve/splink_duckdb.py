"""Splink on DuckDB: the default engine of the probabilistic pass.

The candidate pairs come from dualtrace's own blocking (resolve.blocking) and are handed to
Splink as its blocked pairs, so Splink only scores; the comparisons and their m and u
probabilities are the settings' `model`, used as given. The work runs in a private in-memory
DuckDB, away from the workspace, and each pair's Bayes factors come back as per-feature
match weights.
"""

from __future__ import annotations

import math

import pyarrow as pa
from splink import DuckDBAPI, Linker

from dualtrace.resolve.scoring import SCORE_SCHEMA, ProbabilisticSettings, scratch_duckdb


def _quote(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


class SplinkDuckDBScorer:
    name = "splink-duckdb"

    def __init__(self, settings: ProbabilisticSettings, threads: int | None = None) -> None:
        self.settings = settings
        self.threads = threads

    def score(self, entities: pa.Table, pairs: pa.Table) -> pa.Table:
        if pairs.num_rows == 0 or entities.num_rows == 0:
            return SCORE_SCHEMA.empty_table()
        with scratch_duckdb(self.settings.memory_limit, self.threads) as con:
            # The pairs drive the scoring: scanned as the probe side they are split among the
            # threads, while DuckDB's build/probe optimiser, seeing a wide entity table, would
            # make the entities the probe side and score on one thread (one row group of them
            # at 100,000 records).
            con.execute("SET disabled_optimizers = 'build_side_probe_side'")
            db_api = DuckDBAPI(con)
            table = db_api.register(entities, table_name="entities")
            linker = Linker(table, dict(self.settings.model), log_level=None)
            con.register("_pairs_in", pairs)
            con.execute(
                "CREATE TABLE _blocked AS SELECT '0' AS match_key, "
                "left_id AS join_key_l, right_id AS join_key_r FROM _pairs_in"
            )
            con.unregister("_pairs_in")
            linker.table_management.register_blocked_pairs_for_predict(
                db_api.register("_blocked", table_name="blocked_pairs")
            )
            predictions = linker.inference.predict(
                threshold_match_probability=self.settings.keep_above, warning_mode="never"
            )
            sql = self._features_sql(predictions.physical_name)
            return con.sql(sql).to_arrow_table().cast(SCORE_SCHEMA)

    def _features_sql(self, table: str) -> str:
        """Per-comparison level label and match weight (log2 of the Bayes factor)."""
        prior = float(self.settings.model["probability_two_random_records_match"])
        prior_weight = math.log2(prior / (1 - prior))
        parts = [
            f"{{'comparison': 'prior', 'level': 'before any comparison', "
            f"'weight': {prior_weight!r}}}"
        ]
        for comparison, levels in self.settings.level_weights().items():
            cases = " ".join(
                f"WHEN abs(mw_{comparison} - {weight!r}) < 1e-6 THEN {_quote(label)}"
                for weight, label in levels
            )
            parts.append(
                f"{{'comparison': {_quote(comparison)}, "
                f"'level': CASE {cases} ELSE 'adjusted' END, "
                f"'weight': mw_{comparison}}}"
            )
        return (
            "SELECT unique_id_l AS left_id, unique_id_r AS right_id, match_weight, "
            f"match_probability, [{', '.join(parts)}] AS features FROM {table} "
            "ORDER BY match_probability DESC, left_id, right_id"
        )
