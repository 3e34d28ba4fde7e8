"""Declarative column mappings: which column of a shipment-level file holds which field.

Customs data reach investigators in every layout: a broker's Russian export, a bill-of-lading
dump in English, a spreadsheet someone retyped. A mapping is a small YAML file a user can write
for a new layout, without code:

    name: ru-import-declaration          # unique; also the mapping's file name
    description: Russian import declarations, one row per goods item
    dataset: ru_customs_import           # what the rows are evidence of
    delimiter: ";"                       # CSV only; "auto" tries ; , tab |
    decimal: ","                         # decimal separator of numbers written as text
    date_formats: ["%d.%m.%Y"]           # tried in order, then ISO dates
    required: [declaration, date, sender, recipient, hs_code]
    fields:                              # field: column, or a list of alternative columns
      declaration: Номер декларации
      sender: [Отправитель, Отправитель/экспортер]
    constants:                           # fields the layout implies rather than states
      destination_country: RU

The fields are the closed list in FIELDS, each with its type; a mapping that names an unknown
field, or a file whose header lacks a required column, is refused with what was found and
what is missing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any, Literal

import yaml

from dualtrace.errors import SourceError

FieldType = Literal["text", "date", "number", "country", "hs_code", "inn"]

FIELDS: dict[str, FieldType] = {
    "declaration": "text",
    "date": "date",
    "sender": "text",
    "sender_country": "country",
    "sender_address": "text",
    "recipient": "text",
    "recipient_inn": "inn",
    "recipient_country": "country",
    "recipient_address": "text",
    "declarant": "text",
    "declarant_inn": "inn",
    "notify_party": "text",
    "manufacturer": "text",
    "trademark": "text",
    "hs_code": "hs_code",
    "description": "text",
    "origin_country": "country",
    "dispatch_country": "country",
    "destination_country": "country",
    "value": "number",
    "currency": "text",
    "net_weight_kg": "number",
    "gross_weight_kg": "number",
    "quantity": "number",
    "unit": "text",
    "port_of_loading": "text",
    "port_of_discharge": "text",
}
DELIMITERS = (";", ",", "\t", "|")
_SPACES = re.compile(r"\s+")


def header_key(column: str) -> str:
    """How a header cell is compared with a mapping's column: case, spacing, BOM ignored."""
    return _SPACES.sub(" ", column.replace("\ufeff", "").strip().strip('"').strip()).casefold()


@dataclass(frozen=True, slots=True)
class Mapping:
    name: str
    description: str
    dataset: str
    delimiter: str
    decimal: str
    date_formats: tuple[str, ...]
    required: frozenset[str]
    fields: dict[str, tuple[str, ...]]
    constants: dict[str, str]
    origin: str

    def resolve(self, header: list[str]) -> dict[str, int]:
        """Field -> column index in `header`; None when a required field has no column."""
        index = {header_key(col): i for i, col in enumerate(header)}
        found: dict[str, int] = {}
        for field, columns in self.fields.items():
            for column in columns:
                if header_key(column) in index:
                    found[field] = index[header_key(column)]
                    break
        return found

    def missing(self, header: list[str]) -> list[str]:
        found = self.resolve(header)
        wanted = sorted(self.required, key=list(FIELDS).index)
        return [f for f in wanted if f not in found and f not in self.constants]

    def matches(self, header: list[str]) -> bool:
        return not self.missing(header) and bool(self.resolve(header))

    def describe_missing(self, header: list[str]) -> str:
        parts = []
        for field in self.missing(header):
            parts.append(f"{field} (column {' or '.join(repr(c) for c in self.fields[field])})")
        return ", ".join(parts)


def _as_columns(value: Any, where: str) -> tuple[str, ...]:
    if isinstance(value, str) and value.strip():
        return (value,)
    if isinstance(value, list) and value and all(isinstance(v, str) for v in value):
        return tuple(value)
    raise SourceError(where, None, "a field maps to a column name or a list of column names")


def parse_mapping(data: Any, origin: str) -> Mapping:
    """Check a mapping's YAML content and build it; errors name the file and the key."""
    if not isinstance(data, dict):
        raise SourceError(origin, None, "a mapping is a YAML mapping with name, dataset, fields")
    for key in ("name", "dataset", "fields"):
        if key not in data:
            raise SourceError(origin, key, f"missing {key!r}")
    fields_data = data["fields"]
    if not isinstance(fields_data, dict) or not fields_data:
        raise SourceError(origin, "fields", "fields must map field names to columns")
    constants = {str(k): str(v) for k, v in (data.get("constants") or {}).items()}
    unknown = sorted((set(fields_data) | set(constants)) - set(FIELDS))
    if unknown:
        raise SourceError(
            origin,
            "fields",
            f"unknown field(s) {', '.join(unknown)}; known: {', '.join(FIELDS)}",
        )
    fields = {str(k): _as_columns(v, f"{origin}:fields.{k}") for k, v in fields_data.items()}
    required = frozenset(str(r) for r in data.get("required", []))
    undefined = sorted(required - set(fields) - set(constants))
    if undefined:
        raise SourceError(origin, "required", f"required but not mapped: {', '.join(undefined)}")
    for essential in ("sender", "recipient"):
        if essential not in fields:
            raise SourceError(origin, "fields", f"a shipment mapping needs {essential!r}")
    delimiter = str(data.get("delimiter", "auto"))
    if delimiter not in (*DELIMITERS, "auto"):
        raise SourceError(origin, "delimiter", "delimiter must be one of ; , tab | or auto")
    decimal = str(data.get("decimal", "."))
    if decimal not in (".", ","):
        raise SourceError(origin, "decimal", "decimal must be '.' or ','")
    formats = data.get("date_formats", ["%Y-%m-%d"])
    if isinstance(formats, str):
        formats = [formats]
    return Mapping(
        name=str(data["name"]),
        description=str(data.get("description", data["name"])),
        dataset=str(data["dataset"]),
        delimiter=delimiter,
        decimal=decimal,
        date_formats=tuple(str(f) for f in formats),
        required=required,
        fields=fields,
        constants=constants,
        origin=origin,
    )


def load_mapping(path: Path) -> Mapping:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise SourceError(str(path), None, f"cannot read mapping: {exc}") from None
    return parse_mapping(data, str(path))


@cache
def shipped_mappings() -> tuple[Mapping, ...]:
    """The mappings shipped with dualtrace, in the order they are tried."""
    folder = resources.files("dualtrace.sources.trade").joinpath("mappings")
    found = []
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".yaml"):
            data = yaml.safe_load(entry.read_text(encoding="utf-8"))
            found.append(parse_mapping(data, f"mappings/{entry.name}"))
    return tuple(found)


def layout_error(path: Path, header: list[str], mappings: tuple[Mapping, ...]) -> SourceError:
    """One message: the columns found, and per mapping the fields that had no column."""
    found = ", ".join(repr(c) for c in header) or "(none)"
    wanted = "; ".join(f"{m.name} misses {m.describe_missing(header)}" for m in mappings)
    return SourceError(str(path), None, f"unknown column layout. Columns found: {found}. {wanted}")
