"""Per-value lookups for columnar parsing: entity ids, valid INNs, country codes, brand keys.

Cleaning a name, checking an INN or reading a country is Python work (normalize/), too slow to
run once per row of a ten-million-row file, but a file repeats the same few thousand companies
and countries over and over. So one scan of its rows collects every distinct value at once
(one DISTINCT list per kind of value), each is cleaned once in Python, and the
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
) -> dict[str, pa.Table]:
    """Read `source` once: the lookup tables of its distinct values.

    One scan with one DISTINCT list per kind of value: each list is its own hash table filled
    on every thread. (GROUPING SETS gives the same answer at ten times the cost: it groups
    each set through a separate pipeline over a materialised copy of the rows.)
    """
    kinds: list[tuple[str, tuple[str, ...]]] = []
    for name, inn in wanted.parties:
        kinds.append(("party", (name, inn) if inn else (name,)))
    kinds += [("inn", (e,)) for e in wanted.inns]
    kinds += [("country", (e,)) for e in wanted.countries]
    kinds += [("brand", (e,)) for e in wanted.brands]
    kinds = list(dict.fromkeys(kinds))
    lists = [
        f"list(DISTINCT [{', '.join(exprs)}]) FILTER (WHERE {exprs[0]} IS NOT NULL)"
        for _kind, exprs in kinds
    ]
    # count(*) keeps it one row when no value is wanted.
    (row,) = con.execute(f"SELECT count(*), {', '.join(lists) or 'NULL'} FROM {source}").fetchall()

    inns: set[str] = set()
    countries: set[str] = set()
    brands: set[str] = set()
    parties: set[tuple[str, str]] = set()
    for i, (kind, _exprs) in enumerate(kinds):
        for value in row[1 + i] or []:
            if kind == "party" and value[0] is not None:
                raw_inn = value[1] if len(value) > 1 else None
                parties.add((value[0], raw_inn or ""))
                if raw_inn:
                    inns.add(raw_inn)
            elif kind == "inn":
                inns.add(value[0])
            elif kind == "country":
                countries.add(value[0])
            elif kind == "brand":
                brands.add(value[0])
    clean = {raw: clean_identifier("innCode", raw) for raw in inns}
    return {
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
