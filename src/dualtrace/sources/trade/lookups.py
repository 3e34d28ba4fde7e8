"""Per-value lookups for columnar parsing: entity ids, valid INNs, country codes, brand keys.

Cleaning a name, checking an INN or reading a country is Python work (normalize/), too slow to
run once per row of a ten-million-row file, but a file repeats the same few thousand companies
and countries over and over. So one scan of the file collects every distinct value at once
(GROUPING SETS: one hash table per kind of value), each is cleaned once in Python, and the
answers travel as small Arrow tables that the row SQL joins.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import duckdb
import pyarrow as pa

from dualtrace.normalize.countries import country_code
from dualtrace.normalize.identifiers import clean_identifier
from dualtrace.normalize.names import name_key

# An individual entrepreneur (ИП) trades in their own name: a legal entity, not a company.
_PERSONAL = re.compile(r"^\s*(ип|индивидуальный предприниматель)\s", re.IGNORECASE)

INN_TABLE = "_inn"
COUNTRY_TABLE = "_country"
PARTY_TABLE = "_party"
BRAND_TABLE = "_brand"


def entity_id(dataset: str, name: str, inn: str) -> str:
    """A source-scoped id: the same normalised name (and INN) in one dataset is one entity."""
    digest = hashlib.sha1(f"{name_id_key(name)}|{inn}".encode()).hexdigest()[:16]
    return f"{dataset}-{digest}"


def name_id_key(name: str) -> str:
    """The part of an id a name contributes: its name key, or its folded text if none."""
    return name_key(name) or " ".join(name.casefold().split())


def product_id(dataset: str, brand: str, hs_code: str) -> str:
    """A product is a brand under one HS code; the SQL computes the same from BRAND_TABLE."""
    digest = hashlib.sha1(f"{name_key(brand) or brand}|{hs_code}".encode()).hexdigest()
    return f"{dataset}-product-{digest[:16]}"


def party_schema(name: str) -> str:
    return "LegalEntity" if _PERSONAL.match(name) else "Company"


@dataclass(frozen=True, slots=True)
class Survey:
    """What to collect: SQL expressions over the file's cells, by kind of value.

    `parties` pairs each party name expression with its INN expression (None without one);
    `inns`, `countries` and `brands` are expressions whose distinct values are looked up.
    """

    parties: Sequence[tuple[str, str | None]] = ()
    inns: Sequence[str] = ()
    countries: Sequence[str] = ()
    brands: Sequence[str] = ()


def survey(
    con: duckdb.DuckDBPyConnection, source: str, wanted: Survey, dataset: str
) -> tuple[int, dict[str, pa.Table]]:
    """Read `source` once: its number of rows and the lookup tables of its distinct values."""
    exprs: list[str] = []

    def column(expr: str) -> int:
        if expr not in exprs:
            exprs.append(expr)
        return exprs.index(expr)

    kinds: list[tuple[str, list[int]]] = [("rows", [])]  # the empty set counts the rows
    for name, inn in wanted.parties:
        cols = [column(name)] + ([column(inn)] if inn else [])
        kinds.append(("party", cols))
    kinds += [("inn", [column(e)]) for e in wanted.inns]
    kinds += [("country", [column(e)]) for e in wanted.countries]
    kinds += [("brand", [column(e)]) for e in wanted.brands]
    unique: list[tuple[str, list[int]]] = []
    for wanted_set in kinds:
        if wanted_set not in unique:
            unique.append(wanted_set)
    sets = [cols for _, cols in unique]
    names = [f"v{i}" for i in range(len(exprs))]
    select = ", ".join(f"{e} AS {n}" for e, n in zip(exprs, names, strict=True)) or "1 AS v0"
    grouping = ", ".join("(" + ", ".join(names[i] for i in cols) + ")" for cols in sets)
    rows = con.execute(
        f"SELECT {', '.join(names) or 'NULL'}, GROUPING({', '.join(names) or 'v0'}), count(*) "
        f"FROM (SELECT {select} FROM {source}) GROUP BY GROUPING SETS ({grouping})"
    ).fetchall()
    width = len(names)
    full = (1 << max(width, 1)) - 1
    by_set: dict[int, list[tuple[str | None, ...]]] = {}
    n_rows = 0
    for row in rows:
        mask = int(row[-2])
        present = full & ~mask
        if not present:
            n_rows = int(row[-1])
            continue
        by_set.setdefault(present, []).append(row[:width])

    def values(cols: list[int]) -> list[tuple[str | None, ...]]:
        mask = sum(1 << (width - 1 - i) for i in cols)
        return [tuple(r[i] for i in cols) for r in by_set.get(mask, [])]

    inns: set[str] = set()
    countries: set[str] = set()
    brands: set[str] = set()
    parties: set[tuple[str, str]] = set()
    for kind, cols in unique:
        for value in values(cols):
            if kind == "party" and value[0] is not None:
                raw_inn = value[1] if len(value) > 1 else None
                parties.add((value[0], raw_inn or ""))
                if raw_inn:
                    inns.add(raw_inn)
            elif kind == "inn" and value[0] is not None:
                inns.add(value[0])
            elif kind == "country" and value[0] is not None:
                countries.add(value[0])
            elif kind == "brand" and value[0] is not None:
                brands.add(value[0])
    clean = {raw: clean_identifier("innCode", raw) for raw in inns}
    return n_rows, {
        INN_TABLE: _table({"raw": list(clean), "clean": list(clean.values())}),
        COUNTRY_TABLE: _table(
            {"raw": sorted(countries), "code": [country_code(c) for c in sorted(countries)]}
        ),
        PARTY_TABLE: _parties(dataset, parties, clean),
        BRAND_TABLE: _table(
            {"brand": sorted(brands), "key": [name_key(b) or b for b in sorted(brands)]}
        ),
    }


def _parties(dataset: str, parties: set[tuple[str, str]], clean: dict[str, str | None]) -> pa.Table:
    """(name, raw INN) -> entity id and schema; the id uses the INN only when it is valid."""
    ordered = sorted(parties)
    return _table(
        {
            "name": [name for name, _ in ordered],
            "inn": [inn for _, inn in ordered],
            "entity_id": [entity_id(dataset, name, clean.get(inn) or "") for name, inn in ordered],
            "schema": [party_schema(name) for name, _ in ordered],
        }
    )


def _table(columns: Mapping[str, Sequence[str | None]]) -> pa.Table:
    return pa.table({name: pa.array(col, pa.string()) for name, col in columns.items()})
