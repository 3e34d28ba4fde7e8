"""UN Comtrade trade statistics: an API `get` response (JSON) or a bulk CSV with its field names.

Comtrade rows are aggregates (a reporter's imports from a partner of one commodity in one
period), not shipments between entities: each row is kept as a record and copied, typed, into
`trade_stats`, where the `trade_flows` view puts it beside shipment-level data. No entity or
relation comes out of it.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pyarrow as pa

from dualtrace.errors import SourceError
from dualtrace.model import Batch, content_hash
from dualtrace.model.tables import TableBatch
from dualtrace.normalize.countries import country_code
from dualtrace.sources.base import SourceFormat, SourceInput, read_head

DATASET = "un_comtrade"
CSV_FIELDS = {"period", "reporterCode", "partnerCode", "flowCode", "cmdCode", "primaryValue"}
REQUIRED = ("period", "reporterCode", "flowCode", "cmdCode")
_NO_COUNTRY = {"W00", "_X", "X1", "XX", "ZZ"}  # World, areas not elsewhere specified, ...

TRADE_STATS = pa.schema(
    [
        ("record_id", pa.string()),
        ("dataset", pa.string()),
        ("freq", pa.string()),
        ("period", pa.string()),
        ("period_start", pa.date32()),
        ("reporter_code", pa.int32()),
        ("reporter_country", pa.string()),
        ("partner_code", pa.int32()),
        ("partner_country", pa.string()),
        ("flow_code", pa.string()),
        ("cmd_code", pa.string()),
        ("classification", pa.string()),
        ("value_usd", pa.float64()),
        ("cif_value_usd", pa.float64()),
        ("fob_value_usd", pa.float64()),
        ("net_weight_kg", pa.float64()),
        ("quantity", pa.float64()),
        ("quantity_unit", pa.string()),
    ]
)


class BadRow(ValueError):
    def __init__(self, field: str, reason: str) -> None:
        super().__init__(reason)
        self.field = field


def _text(value: Any) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    return text or None


def _number(row: dict[str, Any], field: str) -> float | None:
    text = _text(row.get(field))
    if text is None:
        return None
    try:
        return float(text)
    except ValueError:
        raise BadRow(field, f"{field} is not a number: {text}") from None


def _code(row: dict[str, Any], field: str) -> int | None:
    number = _number(row, field)
    return None if number is None else int(number)


def _country(iso: str | None, code: int | None) -> str | None:
    if iso and iso.upper() not in _NO_COUNTRY:
        found = country_code(iso)
        if found:
            return found
    return country_code(str(code)) if code else None


def _period(row: dict[str, Any]) -> tuple[str, str, str]:
    """(freq, period, first day) from `period` as YYYY or YYYYMM."""
    text = _text(row.get("period")) or ""
    if len(text) == 4 and text.isdigit():
        return "A", text, f"{text}-01-01"
    if len(text) == 6 and text.isdigit() and 1 <= int(text[4:]) <= 12:
        return "M", f"{text[:4]}-{text[4:]}", f"{text[:4]}-{text[4:]}-01"
    raise BadRow("period", f"period is not YYYY or YYYYMM: {text}")


def typed_row(record_id: str, row: dict[str, Any]) -> dict[str, Any]:
    for field in REQUIRED:
        if _text(row.get(field)) is None:
            raise BadRow(field, f"missing required {field}")
    freq, period, start = _period(row)
    reporter, partner = _code(row, "reporterCode"), _code(row, "partnerCode")
    return {
        "record_id": record_id,
        "dataset": DATASET,
        "freq": _text(row.get("freqCode")) or freq,
        "period": period,
        "period_start": date.fromisoformat(start),
        "reporter_code": reporter,
        "reporter_country": _country(_text(row.get("reporterISO")), reporter),
        "partner_code": partner,
        "partner_country": _country(_text(row.get("partnerISO")), partner),
        "flow_code": _text(row.get("flowCode")),
        "cmd_code": _text(row.get("cmdCode")),
        "classification": _text(row.get("classificationCode")),
        "value_usd": _number(row, "primaryValue"),
        "cif_value_usd": _number(row, "cifvalue"),
        "fob_value_usd": _number(row, "fobvalue"),
        "net_weight_kg": _number(row, "netWgt"),
        "quantity": _number(row, "qty"),
        "quantity_unit": _text(row.get("qtyUnitAbbr")),
    }


class Comtrade(SourceFormat):
    name = "comtrade"
    description = "UN Comtrade trade statistics: API v1 response (JSON) or bulk CSV"
    mode = "append"

    @classmethod
    def sniff(cls, path: Path) -> SourceInput | None:
        if not path.is_file():
            return None
        raw = read_head(path)
        if b"\x00" in raw:
            return None
        head = raw.decode("utf-8", errors="replace").lstrip("\ufeff").lstrip()
        if head.startswith("{"):
            found = all(f'"{key}"' in head for key in ("data", "reporterCode", "cmdCode"))
            return SourceInput(path, (path,)) if found else None
        first = head.splitlines()[0] if head else ""
        delimiter = "\t" if "\t" in first else ","
        try:
            fields = {c.strip() for c in next(csv.reader([first], delimiter=delimiter), [])}
        except csv.Error:
            return None
        return SourceInput(path, (path,)) if fields >= CSV_FIELDS else None

    def dataset(self, source: SourceInput) -> str:
        return DATASET

    def parse(self, source: SourceInput) -> Iterator[Batch]:
        for batch in self.parse_tables(source):
            yield batch.to_batch()

    def parse_tables(self, source: SourceInput) -> Iterator[TableBatch]:
        records: dict[str, list[Any]] = {k: [] for k in ("record_id", "source", "locator")}
        records |= {"content_hash": [], "raw": []}
        rejects: dict[str, list[Any]] = {k: [] for k in ("locator", "field", "reason", "raw")}
        stats: list[dict[str, Any]] = []
        name = source.path.name
        for locator, position, row in _rows(source.path):
            record_id = f"{DATASET}:{name}:{position}"
            raw = json.dumps(row, ensure_ascii=False, default=str)
            try:
                stats.append(typed_row(record_id, row))
            except BadRow as bad:
                for key, value in zip(rejects, (locator, bad.field, str(bad), raw), strict=True):
                    rejects[key].append(value)
                continue
            for key, value in zip(
                records, (record_id, DATASET, locator, content_hash(row), raw), strict=True
            ):
                records[key].append(value)
        yield TableBatch(
            records=pa.table(records, schema=_string_schema(records)),
            rejects=pa.table(rejects, schema=_string_schema(rejects)),
            typed={"trade_stats": pa.Table.from_pylist(stats, schema=TRADE_STATS)},
        )


def _string_schema(columns: dict[str, list[Any]]) -> pa.Schema:
    return pa.schema([(name, pa.string()) for name in columns])


def _rows(path: Path) -> Iterator[tuple[str, int, dict[str, Any]]]:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise SourceError(str(path), f"byte {exc.start}", "not UTF-8 text") from None
    if text.lstrip().startswith("{"):
        try:
            data = json.loads(text).get("data")
        except (json.JSONDecodeError, AttributeError) as exc:
            raise SourceError(str(path), None, f"not a Comtrade API response: {exc}") from None
        if not isinstance(data, list):
            raise SourceError(str(path), "data", "a Comtrade API response holds a data list")
        for index, item in enumerate(data):
            yield f"{path.name} data[{index}]", index, item if isinstance(item, dict) else {}
        return
    first = text.split("\n", 1)[0]
    reader = csv.DictReader(text.splitlines(), delimiter="\t" if "\t" in first else ",")
    try:
        for row in reader:
            yield f"{path.name} line {reader.line_num}", reader.line_num, dict(row)
    except csv.Error as exc:
        raise SourceError(str(path), f"line {reader.line_num}", f"broken CSV: {exc}") from None
