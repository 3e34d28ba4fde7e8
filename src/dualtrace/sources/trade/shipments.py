"""Shipment rows to the model, in SQL that the store runs over the whole file.

The mapping says which column holds which field; this module writes the SQL that types the
fields (dates, numbers with either decimal mark, HS codes, INNs, countries), sends each row that
fails a check to the rejects with its column and reason, and stores each other row twice: its
cells as the file gives them (`table_rows`, of which the store's `records` view makes the
record with its raw JSON) and its typed values (`shipments`, of which the `relations` view
makes the `shipped` relation sender -> recipient). The parties' statements and the
`manufactured` relation maker -> product repeat in almost every row of a file, so each is kept
once per file, citing the first record that states it.

The store reads the file itself and numbers its rows in one ordered pass. The values that need
Python (name keys, INN check digits, country names) are then looked up once per distinct value
(see lookups), and the SQL joins them: each row's fields are trimmed once, typed and joined on
every thread into a staging table (compressed, as the store's tables are), from which
each store table is filled.
"""

from __future__ import annotations

from collections.abc import Callable

import duckdb
import pyarrow as pa

from dualtrace.model.tables import SqlBatch
from dualtrace.normalize.countries import country_code
from dualtrace.sources.trade.lookups import (
    BRAND_TABLE,
    COUNTRY_TABLE,
    INN_TABLE,
    PARTY_TABLE,
    Survey,
)
from dualtrace.sources.trade.mapping import FIELDS, Mapping
from dualtrace.sources.trade.tabular import LINE_COLUMN as LINE
from dualtrace.sources.trade.tabular import TableFile

# Party roles: (name field, INN field, country field, address field).
ROLES: dict[str, tuple[str, str | None, str | None, str | None]] = {
    "sender": ("sender", None, "sender_country", "sender_address"),
    "recipient": ("recipient", "recipient_inn", "recipient_country", "recipient_address"),
    "declarant": ("declarant", "declarant_inn", None, None),
    "manufacturer": ("manufacturer", None, None, None),
    "notify_party": ("notify_party", None, None, None),
}
COUNTRY_FIELDS = [f for f, kind in FIELDS.items() if kind == "country"]
NUMBER_FIELDS = [f for f, kind in FIELDS.items() if kind == "number"]
INN_FIELDS = [f for f, kind in FIELDS.items() if kind == "inn"]
# The properties of the `shipped` relation that the store's `relations` view reads from each
# shipments row (migration 0005), checked against the model like those of stored relations.
SHIPPED_PROPS = frozenset(
    {
        "declaration",
        "hs_code",
        "description",
        "value",
        "currency",
        "quantity",
        "unit",
        "net_weight_kg",
        "gross_weight_kg",
        "origin_country",
        "dispatch_country",
        "destination_country",
        "manufacturer",
        "trademark",
        "notify_party",
        "port_of_loading",
        "port_of_discharge",
    }
)


# Stages the store makes for a file: its rows, typed; then what it states about each party and
# product, once per distinct value, for the statements.
NUMBERED = "_dt_numbered_rows"
ROWS = "_dt_shipment_rows"
PARTY_FACTS = "_dt_party_facts"
PRODUCT_FACTS = "_dt_product_facts"


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


class ShipmentSql:
    """The SQL for one file under one mapping. `source` is a FROM clause giving `_line` and
    the text cells c0..cN (see tabular.source_sql)."""

    def __init__(self, mapping: Mapping, table: TableFile, source: str) -> None:
        self.mapping = mapping
        self.table = table
        self.source = source
        self.dataset = mapping.dataset
        self.columns = mapping.resolve(list(table.header))
        self.present = set(self.columns) | set(mapping.constants)
        self.keys = _raw_keys(table.header)
        # A CSV file's rows are numbered in a stage of their own (see `batch`); Parquet and
        # sheet rows carry their number and are read from the source each time.
        self.numbered = NUMBERED if table.kind == "csv" else source

    # -- expressions ------------------------------------------------------------------------

    def text(self, field: str) -> str:
        """A field as text in the typed stage: its column there (see `cell_text`), a
        constant, or NULL."""
        if field in self.columns:
            return f"t_{field}"
        if field in self.mapping.constants:
            return _literal(self.mapping.constants[field])
        return "NULL::VARCHAR"

    def cell_text(self, field: str) -> str:
        """A field as text over the raw cells: trimmed, empty as NULL; a constant; or NULL.

        The typed stage computes it once per row as the column `t_<field>`, which everything
        after reads: a row's fields are used by a dozen joins, checks and inserts, and
        trimming Unicode text is the costliest thing done to a cell.
        """
        if field not in self.columns:
            return self.text(field)
        return f"NULLIF(trim(c{self.columns[field]}), '')"

    def _fields_sql(self) -> str:
        """The row's line and the text of each field the file has, over the raw cells."""
        fields = [f"{self.cell_text(field)} AS t_{field}" for field in self.columns]
        return f"SELECT {LINE}, {', '.join(fields)} FROM {self.numbered}"

    def _layout_sql(self) -> str:
        """The file's one `table_layouts` row: how its rows' records are named and read."""
        keys = ", ".join(_literal(key) for key in self.keys)
        return (
            f"SELECT {_literal(self.dataset)} AS source, {self._record_prefix()} AS record_prefix, "
            f"{_literal(self._locator_prefix())} AS locator_prefix, [{keys}]::VARCHAR[] AS keys"
        )

    def _cells_sql(self) -> str:
        """Each valid row's raw cells: every row but the few the checks rejected."""
        cells = ", ".join(f"c{i}" for i in range(len(self.keys)))
        return (
            f"SELECT {LINE} AS line, [{cells}]::VARCHAR[] AS cells FROM {self.numbered} "
            f"ANTI JOIN (SELECT {LINE} FROM {ROWS} WHERE _bad IS NOT NULL) USING ({LINE})"
        )

    def _raw_json(self) -> str:
        """The record's raw cells as a JSON object in the file's column order."""
        parts = [f"{_literal(key)}, c{i}" for i, key in enumerate(self.keys)]
        return f"json_object({', '.join(parts)})"

    def _date(self, expr: str) -> str:
        tries = [f"try_strptime({expr}, {_literal(f)})::DATE" for f in self.mapping.date_formats]
        tries += [f"TRY_CAST({expr} AS DATE)", f"TRY_CAST({expr} AS TIMESTAMP)::DATE"]
        return f"coalesce({', '.join(tries)})"

    def _number(self, expr: str) -> str:
        text = f"replace(replace(replace({expr}, ' ', ''), '\u00a0', ''), '\u202f', '')"
        if self.mapping.decimal == ",":
            text = f"replace({text}, ',', '.')"
        else:
            text = f"replace({text}, ',', '')"
        return f"TRY_CAST({text} AS DOUBLE)"

    @staticmethod
    def _hs(digits: str) -> str:
        """An HS code from its digits (see `_hs_digits`)."""
        # An odd number of digits means a spreadsheet dropped the leading zero (0102 -> 102).
        padded = f"CASE WHEN length({digits}) % 2 = 1 THEN '0' || {digits} ELSE {digits} END"
        return f"CASE WHEN length({digits}) BETWEEN 3 AND 12 THEN {padded} END"

    def _column_name(self, field: str) -> str:
        if field in self.columns:
            return self.table.header[self.columns[field]]
        return field

    def _checks(self) -> list[tuple[str, str, str]]:
        """(condition, field, reason SQL) in the order a row is checked, over the stage."""
        checks = []
        for field in sorted(self.mapping.required, key=list(FIELDS).index):
            if field in self.columns:
                reason = _literal(f"missing required {field}")
                checks.append((f"{self.text(field)} IS NULL", self._column_name(field), reason))
        if "date" in self.columns:
            wanted = " or ".join(self.mapping.date_formats)
            reason = f"{_literal(f'date not in the form {wanted}: ')} || {self.text('date')}"
            cond = f"{self.text('date')} IS NOT NULL AND date_v IS NULL"
            checks.append((cond, self._column_name("date"), reason))
        for field in NUMBER_FIELDS:
            if field in self.columns:
                reason = f"{_literal(f'{field} is not a number: ')} || {self.text(field)}"
                cond = f"{self.text(field)} IS NOT NULL AND {field}_v IS NULL"
                checks.append((cond, self._column_name(field), reason))
        if "hs_code" in self.columns:
            reason = f"{_literal('not an HS code: ')} || {self.text('hs_code')}"
            cond = f"{self.text('hs_code')} IS NOT NULL AND hs_code_v IS NULL"
            checks.append((cond, self._column_name("hs_code"), reason))
        return checks

    # -- the file ---------------------------------------------------------------------------

    def survey(self) -> Survey:
        """The distinct values to look up in Python, as expressions over the cells."""
        parties = []
        for name, inn, _country, _address in ROLES.values():
            if name in self.present:
                has_inn = inn is not None and inn in self.present
                parties.append(
                    (self.cell_text(name), self.cell_text(inn) if has_inn and inn else None)
                )
        return Survey(
            parties=parties,
            inns=[self.cell_text(f) for f in INN_FIELDS if f in self.present],
            countries=[self.cell_text(f) for f in COUNTRY_FIELDS if f in self.columns],
            brands=[self.cell_text("trademark")] if "trademark" in self.present else [],
        )

    def batch(
        self,
        tables: dict[str, pa.Table | pa.RecordBatchReader],
        lookups: Callable[[duckdb.DuckDBPyConnection], dict[str, pa.Table]],
    ) -> SqlBatch:
        """The store's work for the file (`source`, a FROM clause giving `_line` and the cells,
        reading what `tables` holds): its cells, rejects and shipments; its parties' and
        products' statements and `manufactured` relations, each once per file, citing the
        first record that states it.

        A CSV file's rows are numbered in one stage and typed in the next: numbering is one
        ordered pass on one thread, while typing and joining a numbered table runs on every
        thread. Parquet and sheet rows carry their number and are typed straight away. The
        typed stage holds each field's text once, not the raw cells, which `table_rows` and
        the rejects read from the numbered rows.
        """
        stages = [(ROWS, self._checked_sql(f"({self._fields_sql()})"))]
        if self.table.kind == "csv":
            stages.insert(0, (NUMBERED, f"SELECT * FROM {self.source}"))
        return SqlBatch(
            tables=tables,
            lookups=lookups,
            lookups_after=len(stages) - 1,
            stages=[
                *stages,
                (PARTY_FACTS, self._party_facts_sql()),
                (PRODUCT_FACTS, self._product_facts_sql()),
            ],
            inserts=[
                ("table_layouts", self._layout_sql()),
                ("table_rows", self._cells_sql()),
                ("rejects", self._rejects_sql()),
                ("shipments", self._shipments_sql()),
                ("relations", self._made_sql()),
                ("statements", self._statements_sql()),
            ],
            derived=[
                (
                    "relations",
                    f"SELECT 1 FROM {ROWS} WHERE _bad IS NULL "
                    "AND sender_id IS NOT NULL AND recipient_id IS NOT NULL",
                )
            ],
            relation_props=self._relation_props(),
        )

    def _relation_props(self) -> dict[str, frozenset[str]]:
        return {
            "shipped": SHIPPED_PROPS,
            "manufactured": frozenset({"trademark", "hs_code"}),
        }

    def _typed(self) -> tuple[list[str], list[str]]:
        """The typed values and ids of a row (SELECT items over `b`), and the joins they need."""
        typed = [f"{self._date(self.text('date'))} AS date_v"]
        hs_digits = f"regexp_replace({self.text('hs_code')}, '[^0-9]', '', 'g')"
        typed.append(f"{hs_digits} AS _hs_digits")
        typed += [f"{self._number(self.text(f))} AS {f}_v" for f in NUMBER_FIELDS]
        joins = []
        for f in INN_FIELDS:
            if f in self.present:
                joins.append(f"LEFT JOIN {INN_TABLE} {f}_j ON {f}_j.raw = {self.text(f)}")
                typed.append(f"{f}_j.clean AS {f}_v")
            else:
                typed.append(f"NULL::VARCHAR AS {f}_v")
        for f in COUNTRY_FIELDS:
            if f in self.columns:
                joins.append(f"LEFT JOIN {COUNTRY_TABLE} {f}_j ON {f}_j.raw = {self.text(f)}")
                typed.append(f"{f}_j.code AS {f}_v")
            elif f in self.mapping.constants:
                code = country_code(self.mapping.constants[f])
                typed.append(f"{_literal(code) if code else 'NULL::VARCHAR'} AS {f}_v")
            else:
                typed.append(f"NULL::VARCHAR AS {f}_v")
        for role, (name, inn, _country, _address) in ROLES.items():
            if name not in self.present:
                typed += [f"NULL::VARCHAR AS {role}_id", f"NULL::VARCHAR AS {role}_schema"]
                continue
            raw_inn = self.text(inn) if inn is not None else "NULL"
            joins.append(
                f"LEFT JOIN {PARTY_TABLE} {role}_p ON {role}_p.name = {self.text(name)} "
                f"AND {role}_p.inn = coalesce({raw_inn}, '')"
            )
            typed += [f"{role}_p.entity_id AS {role}_id", f"{role}_p.schema AS {role}_schema"]
        if "manufacturer" in self.present and "trademark" in self.present:
            joins.append(
                f"LEFT JOIN {BRAND_TABLE} br ON br.brand = {self.text('trademark')} "
                f"AND {self.text('manufacturer')} IS NOT NULL"
            )
            typed.append("br.key AS _brand_key")
        else:
            typed.append("NULL::VARCHAR AS _brand_key")
        return typed, joins

    def _checked_sql(self, numbered: str) -> str:
        """The stage over `numbered`, a FROM clause of `_line` and the cells: each row's typed
        values, ids, and `_bad`, the number of the first failed check (NULL for a valid row).
        Only a rejected row needs its field and reason, so they are spelt out from the number
        when the rejects are stored, not for every row here."""
        typed, joins = self._typed()
        bad = " ".join(f"WHEN {c} THEN {n}" for n, (c, _f, _r) in enumerate(self._checks()))
        hs_code = self._hs("_hs_digits")
        prefix = _literal(self.dataset + "-product-")
        product = f"{prefix} || left(sha1(_brand_key || '|' || {hs_code}), 16)"
        return (
            f"SELECT *, CASE {bad or 'WHEN false THEN NULL'} END::INTEGER AS _bad "
            f"FROM (SELECT * EXCLUDE (_hs_digits, _brand_key), {hs_code} AS hs_code_v, "
            f"{product} AS product_id "
            f"FROM (SELECT b.*, {', '.join(typed)} FROM {numbered} b {' '.join(joins)}))"
        )

    def _rejects_sql(self) -> str:
        checks = self._checks()
        field = " ".join(f"WHEN {n} THEN {_literal(f)}" for n, (_c, f, _r) in enumerate(checks))
        reason = " ".join(f"WHEN {n} THEN {r}" for n, (_c, _f, r) in enumerate(checks))
        return (
            f"SELECT {self._locator()} AS locator, "
            f"CASE _bad {field or 'WHEN -1 THEN NULL'} END AS field, "
            f"CASE _bad {reason or 'WHEN -1 THEN NULL'} END AS reason, "
            f"{self._raw_json()}::VARCHAR AS raw "
            f"FROM (SELECT * FROM {ROWS} WHERE _bad IS NOT NULL) "
            f"JOIN {self.numbered} USING ({LINE})"
        )

    def _made_sql(self) -> str:
        """One `manufactured` relation per maker and product, citing its first record."""
        first = f"{self._record_prefix()} || min(_line)"
        return (
            f"SELECT {first} || '#manufactured' AS relation_id, 'manufactured' AS type, "
            "manufacturer_id AS source_id, product_id AS target_id, "
            "strftime(arg_min(date_v, _line), '%Y-%m-%d') AS start_date, "
            "NULL::VARCHAR AS end_date, "
            f"json_object('trademark', any_value({self.text('trademark')}), "
            "'hs_code', any_value(hs_code_v)) AS props, "
            f"{first} AS record_id FROM {ROWS} WHERE _bad IS NULL "
            "AND manufacturer_id IS NOT NULL AND product_id IS NOT NULL "
            "GROUP BY manufacturer_id, product_id"
        )

    def _party_facts_sql(self) -> str:
        """Each role's distinct (id, name, INN, country, address) with its first line.

        A file names the same few thousand parties millions of times: only these few rows are
        turned into statements.
        """
        facts = []
        valid = f"FROM {ROWS} WHERE _bad IS NULL"
        for role, (name, inn, country, address) in ROLES.items():
            if name not in self.present:
                continue
            has_inn = inn is not None and inn in self.present
            has_country = country is not None and country in self.present
            has_address = address is not None and address in self.present
            facts.append(
                f"SELECT {role}_id AS entity_id, {role}_schema AS schema, "
                f"{self.text(name)} AS name, "
                f"{self.text(inn) if has_inn and inn else 'NULL::VARCHAR'} AS inn_raw, "
                f"{f'{inn}_v' if has_inn else 'NULL::VARCHAR'} AS inn, "
                f"{self.text(country) if has_country and country else 'NULL::VARCHAR'} "
                "AS country_raw, "
                f"{f'{country}_v' if has_country else 'NULL::VARCHAR'} AS country, "
                f"{self.text(address) if has_address and address else 'NULL::VARCHAR'} "
                f"AS address, min(_line) AS line {valid} AND {role}_id IS NOT NULL GROUP BY ALL"
            )
        return " UNION ALL ".join(facts)

    def _product_facts_sql(self) -> str:
        return (
            f"SELECT product_id AS entity_id, {self.text('trademark')} AS brand, "
            "hs_code_v AS hs_code, min(_line) AS line "
            f"FROM {ROWS} WHERE _bad IS NULL AND product_id IS NOT NULL GROUP BY ALL"
        )

    def _statements_sql(self) -> str:
        """Each (entity, property, value) once per file, citing the first record stating it."""
        parts = [
            "SELECT entity_id, schema, 'name' AS prop, name AS value, NULL AS original, line "
            f"FROM {PARTY_FACTS}",
            "SELECT entity_id, schema, 'innCode', inn, "
            f"CASE WHEN inn_raw <> inn THEN inn_raw END, line FROM {PARTY_FACTS}",
            "SELECT entity_id, schema, 'country', country, "
            f"CASE WHEN country_raw <> country THEN country_raw END, line FROM {PARTY_FACTS}",
            f"SELECT entity_id, schema, 'address', address, NULL, line FROM {PARTY_FACTS}",
            f"SELECT entity_id, 'Product', 'name', brand, NULL, line FROM {PRODUCT_FACTS}",
            f"SELECT entity_id, 'Product', 'brand', brand, NULL, line FROM {PRODUCT_FACTS}",
            f"SELECT entity_id, 'Product', 'hsCode', hs_code, NULL, line FROM {PRODUCT_FACTS}",
        ]
        return (
            "SELECT entity_id, schema, prop, value, arg_min(original, line) AS original, "
            f"NULL::VARCHAR AS lang, {self._record_prefix()} || min(line) AS record_id "
            f"FROM ({' UNION ALL '.join(parts)}) "
            "WHERE entity_id IS NOT NULL AND value IS NOT NULL "
            "GROUP BY entity_id, schema, prop, value"
        )

    def _record_prefix(self) -> str:
        """A record's id is this prefix and its line: stable across re-ingests of a file."""
        return _literal(f"{self.dataset}:{self.table.path.name}:")

    def _record_id(self) -> str:
        return f"{self._record_prefix()} || _line"

    def _locator_prefix(self) -> str:
        return f"{self.table.path.name} {self.table.unit} "

    def _locator(self) -> str:
        return f"{_literal(self._locator_prefix())} || _line"

    def _shipments_sql(self) -> str:
        suspect = [(f, f"{self.text(f)} IS NOT NULL AND {f}_v IS NULL") for f in INN_FIELDS]
        suspect += [(f, f"{self.text(f)} IS NOT NULL AND {f}_v IS NULL") for f in COUNTRY_FIELDS]
        named = [
            f"CASE WHEN {cond} THEN '{'invalid' if f in INN_FIELDS else 'unknown'}_{f}' END"
            for f, cond in suspect
        ]
        # Nearly every row has no flag: the list is only filtered for one that has.
        flags = (
            f"CASE WHEN {' OR '.join(c for _f, c in suspect)} "
            f"THEN [x FOR x IN [{', '.join(named)}] IF x IS NOT NULL] ELSE []::VARCHAR[] END"
        )
        t = self.text
        return (
            f"SELECT {self._record_id()} AS record_id, {_literal(self.dataset)} AS dataset, "
            f"{t('declaration')} AS declaration, date_v AS date, hs_code_v AS hs_code, "
            f"{t('description')} AS description, value_v AS value, "
            f"upper({t('currency')}) AS currency, "
            f"CASE WHEN upper({t('currency')}) IN ('USD', '840') THEN value_v END AS value_usd, "
            "net_weight_kg_v AS net_weight_kg, gross_weight_kg_v AS gross_weight_kg, "
            f"quantity_v AS quantity, {t('unit')} AS unit, sender_id, "
            f"{t('sender')} AS sender_name, sender_country_v AS sender_country, recipient_id, "
            f"{t('recipient')} AS recipient_name, {t('recipient_inn')} AS recipient_inn, "
            "recipient_country_v AS recipient_country, declarant_id, manufacturer_id, "
            f"{t('manufacturer')} AS manufacturer_name, notify_party_id, "
            f"{t('notify_party')} AS notify_party_name, "
            f"{t('trademark')} AS trademark, origin_country_v AS origin_country, "
            "dispatch_country_v AS dispatch_country, "
            "destination_country_v AS destination_country, "
            f"{t('port_of_loading')} AS port_of_loading, "
            f"{t('port_of_discharge')} AS port_of_discharge, "
            f"{flags} AS flags "
            f"FROM {ROWS} WHERE _bad IS NULL"
        )


def _raw_keys(header: tuple[str, ...]) -> list[str]:
    """The raw JSON's keys: the header cells, an empty one named by its place, repeats primed."""
    seen: set[str] = set()
    keys = []
    for i, name in enumerate(header):
        key = name or f"column {i + 1}"
        while key in seen:
            key += "'"
        seen.add(key)
        keys.append(key)
    return keys
