"""Per-value lookups for columnar parsing: entity ids, valid INNs, country codes.

Cleaning a name, checking an INN or reading a country is Python work (normalize/), too slow to
run once per row of a ten-million-row file, but a file repeats the same few thousand companies
and countries over and over. So each distinct value is cleaned once, the answer kept in a small
DuckDB table, and the rows join against it. Each chunk only sends the values not seen before.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Sequence

import duckdb
import pyarrow as pa

from dualtrace.normalize.countries import country_code
from dualtrace.normalize.identifiers import clean_identifier
from dualtrace.normalize.names import name_key

# An individual entrepreneur (ИП) trades in their own name: a legal entity, not a company.
_PERSONAL = re.compile(r"^\s*(ип|индивидуальный предприниматель)\s", re.IGNORECASE)

Compute = Callable[[tuple[str, ...]], tuple[str | None, ...]]


def entity_id(dataset: str, name: str, inn: str) -> str:
    """A source-scoped id: the same normalised name (and INN) in one dataset is one entity."""
    key = name_key(name) or " ".join(name.casefold().split())
    digest = hashlib.sha1(f"{key}|{inn}".encode()).hexdigest()[:16]
    return f"{dataset}-{digest}"


def party_schema(name: str) -> str:
    return "LegalEntity" if _PERSONAL.match(name) else "Company"


class Lookups:
    """The lookup tables of one parse, in the parser's own (private, in-memory) database."""

    def __init__(self, con: duckdb.DuckDBPyConnection, dataset: str) -> None:
        self.con = con
        self.dataset = dataset
        con.execute(
            "CREATE TEMP TABLE _inn (raw VARCHAR, clean VARCHAR);"
            "CREATE TEMP TABLE _country (raw VARCHAR, code VARCHAR);"
            "CREATE TEMP TABLE _party (name VARCHAR, inn VARCHAR, entity_id VARCHAR, "
            "  schema VARCHAR);"
            "CREATE TEMP TABLE _product (brand VARCHAR, hs_code VARCHAR, product_id VARCHAR);"
        )

    def learn_inns(self, values_sql: str) -> None:
        self._learn("_inn", ["raw"], ["clean"], values_sql, _clean_inn)

    def learn_countries(self, values_sql: str) -> None:
        self._learn("_country", ["raw"], ["code"], values_sql, _country)

    def learn_parties(self, values_sql: str) -> None:
        def compute(key: tuple[str, ...]) -> tuple[str | None, ...]:
            name, inn = key
            return entity_id(self.dataset, name, inn), party_schema(name)

        self._learn("_party", ["name", "inn"], ["entity_id", "schema"], values_sql, compute)

    def learn_products(self, values_sql: str) -> None:
        def compute(key: tuple[str, ...]) -> tuple[str | None, ...]:
            brand, hs_code = key
            digest = hashlib.sha1(f"{name_key(brand) or brand}|{hs_code}".encode()).hexdigest()
            return (f"{self.dataset}-product-{digest[:16]}",)

        self._learn("_product", ["brand", "hs_code"], ["product_id"], values_sql, compute)

    def export(self) -> dict[str, pa.Table]:
        """The lookup tables, to be registered under the same names where the rows are mapped."""
        return {
            name: self.con.sql(f"SELECT * FROM {name}").to_arrow_table()
            for name in ("_inn", "_country", "_party", "_product")
        }

    def _learn(
        self,
        table: str,
        keys: Sequence[str],
        values: Sequence[str],
        values_sql: str,
        compute: Compute,
    ) -> None:
        """Add the keys `values_sql` yields that `table` lacks; NULL keys are never looked up."""
        using = ", ".join(keys)
        not_null = " AND ".join(f"{k} IS NOT NULL" for k in keys)
        matched = " AND ".join(f"t.{k} = v.{k}" for k in keys)
        new = self.con.execute(
            f"SELECT DISTINCT {using} FROM ({values_sql}) AS v({using}) WHERE {not_null} "
            f"AND NOT EXISTS (SELECT 1 FROM {table} t WHERE {matched})"
        ).fetchall()
        if not new:
            return
        columns: dict[str, list[str | None]] = {name: [] for name in (*keys, *values)}
        for key in new:
            for name, part in zip(keys, key, strict=True):
                columns[name].append(part)
            for name, answer in zip(values, compute(tuple(key)), strict=True):
                columns[name].append(answer)
        data = pa.table({name: pa.array(col, pa.string()) for name, col in columns.items()})
        self.con.register("_learned", data)
        try:
            self.con.execute(f"INSERT INTO {table} SELECT * FROM _learned")
        finally:
            self.con.unregister("_learned")


def _clean_inn(key: tuple[str, ...]) -> tuple[str | None, ...]:
    return (clean_identifier("innCode", key[0]),)


def _country(key: tuple[str, ...]) -> tuple[str | None, ...]:
    return (country_code(key[0]),)
