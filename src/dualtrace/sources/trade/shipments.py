"""Shipment rows to the model, in SQL that the store runs over the whole file in one pass each.

The mapping says which column holds which field; this module writes the SQL that types the
fields (dates, numbers with either decimal mark, HS codes, INNs, countries), sends each row that
fails a check to the rejects with its column and reason, and builds from the rest: the record
(raw cells as JSON), the `shipped` relation sender -> recipient, the parties' statements, the
`manufactured` relation manufacturer -> product, and the typed `shipments` row. Statements and
`manufactured` relations repeat in almost every row of a file, so each is kept once per file,
citing the first record that states it.

The values that need Python (entity ids from name keys, INN check digits, country names) are
looked up once per distinct value on a private connection (see lookups), and the SQL joins them.
"""

from __future__ import annotations

import duckdb
import pyarrow as pa

from dualtrace.model.tables import SqlBatch
from dualtrace.sources.trade.lookups import Lookups
from dualtrace.sources.trade.mapping import FIELDS, Mapping
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
# Typed values of the `shipped` relation, by property: the SQL of each (over _checked).
SHIPPED_PROPS = {
    "declaration": "declaration",
    "hs_code": "hs_code_v",
    "description": "description",
    "value": "value_v",
    "currency": "currency",
    "quantity": "quantity_v",
    "unit": "unit",
    "net_weight_kg": "net_weight_kg_v",
    "gross_weight_kg": "gross_weight_kg_v",
    "origin_country": "origin_country_v",
    "dispatch_country": "dispatch_country_v",
    "destination_country": "destination_country_v",
    "manufacturer": "manufacturer",
    "trademark": "trademark",
    "notify_party": "notify_party",
    "port_of_loading": "port_of_loading",
    "port_of_discharge": "port_of_discharge",
}


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

    # -- expressions ------------------------------------------------------------------------

    def _cell(self, field: str) -> str:
        if field in self.columns:
            return f"NULLIF(trim(c{self.columns[field]}), '')"
        if field in self.mapping.constants:
            return _literal(self.mapping.constants[field])
        return "NULL::VARCHAR"

    def _raw_json(self) -> str:
        seen: set[str] = set()
        parts = []
        for i, name in enumerate(self.table.header):
            key = name or f"column {i + 1}"
            while key in seen:
                key += "'"
            seen.add(key)
            parts.append(f"{_literal(key)}, c{i}")
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
    def _hs(expr: str) -> str:
        digits = f"regexp_replace({expr}, '[^0-9]', '', 'g')"
        # An odd number of digits means a spreadsheet dropped the leading zero (0102 -> 102).
        padded = f"CASE WHEN length({digits}) % 2 = 1 THEN '0' || {digits} ELSE {digits} END"
        return f"CASE WHEN length({digits}) BETWEEN 3 AND 12 THEN {padded} END"

    def _column_name(self, field: str) -> str:
        if field in self.columns:
            return self.table.header[self.columns[field]]
        return field

    def _checks(self) -> list[tuple[str, str, str]]:
        """(condition, field, reason SQL) in the order a row is checked."""
        checks = []
        for field in sorted(self.mapping.required, key=list(FIELDS).index):
            if field in self.columns:
                reason = _literal(f"missing required {field}")
                checks.append((f"{field} IS NULL", self._column_name(field), reason))
        if "date" in self.columns:
            wanted = " or ".join(self.mapping.date_formats)
            reason = f"{_literal(f'date not in the form {wanted}: ')} || date"
            checks.append(
                ("date IS NOT NULL AND date_v IS NULL", self._column_name("date"), reason)
            )
        for field in NUMBER_FIELDS:
            if field in self.columns:
                reason = f"{_literal(f'{field} is not a number: ')} || {field}"
                cond = f"{field} IS NOT NULL AND {field}_v IS NULL"
                checks.append((cond, self._column_name(field), reason))
        if "hs_code" in self.columns:
            reason = f"{_literal('not an HS code: ')} || hs_code"
            cond = "hs_code IS NOT NULL AND hs_code_v IS NULL"
            checks.append((cond, self._column_name("hs_code"), reason))
        return checks

    # -- the file ---------------------------------------------------------------------------

    def base_sql(self) -> str:
        cells = ", ".join(f"{self._cell(f)} AS {f}" for f in FIELDS)
        return f"SELECT _line, {self._raw_json()} AS raw, {cells} FROM {self.source}"

    def lookups(self, con: duckdb.DuckDBPyConnection) -> dict[str, pa.Table]:
        """Look up each distinct party, INN, country and product once, on `con` (private)."""
        con.execute(f"CREATE OR REPLACE TEMP VIEW _base AS {self.base_sql()}")
        lookups = Lookups(con, self.dataset)
        inns = " UNION ALL ".join(f"SELECT {f} FROM _base" for f in INN_FIELDS)
        lookups.learn_inns(inns)
        countries = " UNION ALL ".join(f"SELECT {f} FROM _base" for f in COUNTRY_FIELDS)
        lookups.learn_countries(countries)
        parties = []
        for name, inn, _country, _address in ROLES.values():
            if name not in self.present:
                continue
            if inn is None:
                parties.append(f"SELECT {name}, '' FROM _base")
            else:
                parties.append(
                    f"SELECT b.{name}, coalesce(i.clean, '') FROM _base b "
                    f"LEFT JOIN _inn i ON i.raw = b.{inn}"
                )
        lookups.learn_parties(" UNION ALL ".join(parties))
        lookups.learn_products(
            f"SELECT trademark, {self._hs('hs_code')} FROM _base WHERE manufacturer IS NOT NULL"
        )
        return lookups.export()

    def batch(self, tables: dict[str, pa.Table]) -> SqlBatch:
        rows = "_dt_shipment_rows"
        valid = f"FROM {rows} WHERE _bad_field IS NULL"
        return SqlBatch(
            tables=tables,
            stages=[(rows, self._checked_sql())],
            inserts=[
                (
                    "records",
                    f"SELECT record_id, {_literal(self.dataset)} AS source, locator, "
                    f"md5(raw::VARCHAR) AS content_hash, raw {valid}",
                ),
                (
                    "rejects",
                    "SELECT locator, _bad_field AS field, _bad_reason AS reason, "
                    f"raw::VARCHAR AS raw FROM {rows} WHERE _bad_field IS NOT NULL",
                ),
                ("relations", self._shipped_sql(rows)),
                ("relations", self._made_sql(rows)),
                ("statements", self._statements_sql(rows)),
                ("shipments", self._shipments_sql(rows)),
            ],
            relation_props={
                "shipped": frozenset(p for p in SHIPPED_PROPS if p in self.present),
                "manufactured": frozenset({"trademark", "hs_code"}),
            },
        )

    def _checked_sql(self) -> str:
        joins = []
        typed = [f"{self._date('b.date')} AS date_v", f"{self._hs('b.hs_code')} AS hs_code_v"]
        typed += [f"{self._number(f'b.{f}')} AS {f}_v" for f in NUMBER_FIELDS]
        for f in INN_FIELDS:
            joins.append(f"LEFT JOIN _inn {f}_j ON {f}_j.raw = b.{f}")
            typed.append(f"{f}_j.clean AS {f}_v")
        for f in COUNTRY_FIELDS:
            joins.append(f"LEFT JOIN _country {f}_j ON {f}_j.raw = b.{f}")
            typed.append(f"{f}_j.code AS {f}_v")
        for role, (name, inn, _country, _address) in ROLES.items():
            inn_sql = "''" if inn is None else f"coalesce({inn}_j.clean, '')"
            joins.append(
                f"LEFT JOIN _party {role}_p ON {role}_p.name = b.{name} "
                f"AND {role}_p.inn = {inn_sql}"
            )
            typed += [f"{role}_p.entity_id AS {role}_id", f"{role}_p.schema AS {role}_schema"]
        joins.append(
            "LEFT JOIN _product pr ON b.manufacturer IS NOT NULL AND pr.brand = b.trademark "
            f"AND pr.hs_code = {self._hs('b.hs_code')}"
        )
        typed.append("pr.product_id AS product_id")
        checks = self._checks()
        bad_field = " ".join(f"WHEN {c} THEN {_literal(f)}" for c, f, _r in checks)
        bad_reason = " ".join(f"WHEN {c} THEN {r}" for c, _f, r in checks)
        file = self.table.path.name
        prefix = _literal(f"{self.dataset}:{file}:")
        where = _literal(f"{file} {self.table.unit} ")
        return (
            f"SELECT *, {prefix} || _line AS record_id, {where} || _line AS locator, "
            f"CASE {bad_field or 'WHEN false THEN NULL'} END AS _bad_field, "
            f"CASE {bad_reason or 'WHEN false THEN NULL'} END AS _bad_reason "
            f"FROM (SELECT b.*, {', '.join(typed)} FROM ({self.base_sql()}) b "
            f"{' '.join(joins)})"
        )

    def _shipped_sql(self, rows: str) -> str:
        props = ", ".join(
            f"{_literal(p)}, {sql}" for p, sql in SHIPPED_PROPS.items() if p in self.present
        )
        return (
            "SELECT record_id || '#shipped' AS relation_id, 'shipped' AS type, "
            "sender_id AS source_id, recipient_id AS target_id, "
            "strftime(date_v, '%Y-%m-%d') AS start_date, NULL::VARCHAR AS end_date, "
            f"json_object({props}) AS props, record_id FROM {rows} "
            "WHERE _bad_field IS NULL AND sender_id IS NOT NULL AND recipient_id IS NOT NULL"
        )

    @staticmethod
    def _made_sql(rows: str) -> str:
        """One `manufactured` relation per maker and product, citing its first record."""
        return (
            "SELECT first_record || '#manufactured' AS relation_id, 'manufactured' AS type, "
            "source_id, target_id, strftime(first_date, '%Y-%m-%d') AS start_date, "
            "NULL::VARCHAR AS end_date, "
            "json_object('trademark', trademark, 'hs_code', hs_code) AS props, "
            "first_record AS record_id FROM ("
            "SELECT manufacturer_id AS source_id, product_id AS target_id, "
            "arg_min(record_id, _line) AS first_record, arg_min(date_v, _line) AS first_date, "
            "any_value(trademark) AS trademark, any_value(hs_code_v) AS hs_code "
            f"FROM {rows} WHERE _bad_field IS NULL AND manufacturer_id IS NOT NULL "
            "AND product_id IS NOT NULL GROUP BY manufacturer_id, product_id)"
        )

    def _statements_sql(self, rows: str) -> str:
        """Each (entity, property, value) once per file, citing the first record stating it."""
        parts = []
        tail = f"record_id, _line FROM {rows} WHERE _bad_field IS NULL"
        for role, (name, inn, country, address) in ROLES.items():
            if name not in self.present:
                continue
            head = f"SELECT {role}_id AS entity_id, {role}_schema AS schema"
            parts.append(f"{head}, 'name' AS prop, {name} AS value, NULL AS original, {tail}")
            if inn is not None and inn in self.present:
                parts.append(
                    f"{head}, 'innCode', {inn}_v, CASE WHEN {inn} <> {inn}_v THEN {inn} END, {tail}"
                )
            if country is not None and country in self.present:
                parts.append(
                    f"{head}, 'country', {country}_v, "
                    f"CASE WHEN {country} <> {country}_v THEN {country} END, {tail}"
                )
            if address is not None and address in self.present:
                parts.append(f"{head}, 'address', {address}, NULL, {tail}")
        product = "SELECT product_id, 'Product'"
        parts += [
            f"{product}, 'name', trademark, NULL, {tail}",
            f"{product}, 'brand', trademark, NULL, {tail}",
            f"{product}, 'hsCode', hs_code_v, NULL, {tail}",
        ]
        return (
            "SELECT entity_id, schema, prop, value, arg_min(original, _line) AS original, "
            "NULL::VARCHAR AS lang, arg_min(record_id, _line) AS record_id "
            f"FROM ({' UNION ALL '.join(parts)}) "
            "WHERE entity_id IS NOT NULL AND value IS NOT NULL "
            "GROUP BY entity_id, schema, prop, value"
        )

    def _shipments_sql(self, rows: str) -> str:
        flags = [
            f"CASE WHEN {f} IS NOT NULL AND {f}_v IS NULL THEN 'invalid_{f}' END"
            for f in INN_FIELDS
        ] + [
            f"CASE WHEN {f} IS NOT NULL AND {f}_v IS NULL THEN 'unknown_{f}' END"
            for f in COUNTRY_FIELDS
        ]
        return (
            f"SELECT record_id, {_literal(self.dataset)} AS dataset, declaration, "
            "date_v AS date, hs_code_v AS hs_code, description, value_v AS value, "
            "upper(currency) AS currency, "
            "CASE WHEN upper(currency) IN ('USD', '840') THEN value_v END AS value_usd, "
            "net_weight_kg_v AS net_weight_kg, gross_weight_kg_v AS gross_weight_kg, "
            "quantity_v AS quantity, unit, sender_id, sender AS sender_name, "
            "sender_country_v AS sender_country, recipient_id, recipient AS recipient_name, "
            "recipient_inn, recipient_country_v AS recipient_country, declarant_id, "
            "manufacturer_id, manufacturer AS manufacturer_name, notify_party_id, trademark, "
            "origin_country_v AS origin_country, dispatch_country_v AS dispatch_country, "
            "destination_country_v AS destination_country, port_of_loading, port_of_discharge, "
            f"[x FOR x IN [{', '.join(flags)}] IF x IS NOT NULL] AS flags "
            f"FROM {rows} WHERE _bad_field IS NULL"
        )
