"""Chinese company records keyed by the Unified Social Credit Code (统一社会信用代码).

There is no public bulk file of China's National Enterprise Credit Information Publicity
System (国家企业信用信息公示系统); investigators copy its registration block into tables. This
format reads such a table as CSV (UTF-8, comma or tab) or JSON (an array of objects, or
`{"records": [...]}`), with the system's own field labels or their English equivalents:

    统一社会信用代码 / uscc              企业名称 / name_zh       英文名称 / name_en
    法定代表人 / legal_representative   注册资本 / registered_capital
    住所 (注册地址) / address            成立日期 / established    经营范围 / business_scope
    登记状态 (经营状态) / status          类型 (企业类型) / company_type
    登记机关 / registration_authority

A folder of such tables is one input. Each row becomes a Company (`uscCode`, names in Chinese
and English, capital, address, incorporation date, legal form, status, business scope as
`description`), and the legal representative a Person who `directs` it. A row whose USCC is
missing or fails its check character is rejected: the code is the record's identity, and a
mistyped one would join the wrong company.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from dualtrace.errors import SourceError
from dualtrace.model import Batch, Record, Reject, Relation
from dualtrace.normalize.dates import parse_date
from dualtrace.normalize.identifiers import clean_identifier
from dualtrace.sources.base import EntityStatements, SourceFormat, SourceInput, read_head
from dualtrace.sources.registries.common import digest, load_json, text

DATASET = "cn_registry"
FIELDS: dict[str, tuple[str, ...]] = {
    "uscc": ("统一社会信用代码", "uscc", "unified_social_credit_code", "credit_code"),
    "name_zh": ("企业名称", "名称", "name_zh", "name"),
    "name_en": ("英文名称", "name_en", "english_name"),
    "legal_representative": ("法定代表人", "负责人", "legal_representative"),
    "registered_capital": ("注册资本", "registered_capital"),
    "address": ("住所", "注册地址", "address"),
    "established": ("成立日期", "established", "establishment_date"),
    "business_scope": ("经营范围", "business_scope"),
    "status": ("登记状态", "经营状态", "status"),
    "company_type": ("类型", "企业类型", "company_type"),
    "registration_authority": ("登记机关", "registration_authority"),
}
_KEYS = {label.casefold(): key for key, labels in FIELDS.items() for label in labels}
_CN_DATE = re.compile(r"^(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日$")
_MARKERS = ("统一社会信用代码", "uscc")
_JSON_MARKER = re.compile(r'"(?:统一社会信用代码|uscc|unified_social_credit_code)"\s*:', re.I)


def _has_marker(path: Path) -> bool:
    if not path.is_file() or path.suffix.lower() not in {".csv", ".tsv", ".txt", ".json"}:
        return False
    head = read_head(path, 4096).decode("utf-8", errors="ignore").lstrip("\ufeff")
    if path.suffix.lower() == ".json":
        return bool(_JSON_MARKER.search(head))
    first = head.splitlines()[0].casefold() if head else ""
    return any(marker in first for marker in _MARKERS)


def _date(value: str | None) -> str | None:
    if value is None:
        return None
    match = _CN_DATE.match(value.strip())
    if match:
        year, month, day = match.groups()
        return f"{year}-{int(month):02d}-{int(day):02d}"
    return parse_date(value.replace("/", "-"))


class ChinaRegistry(SourceFormat):
    name = "cn-registry"
    description = "Chinese company records with the Unified Social Credit Code (CSV or JSON)"
    mode = "append"

    @classmethod
    def sniff(cls, path: Path) -> SourceInput | None:
        if path.is_dir():
            files = tuple(f for f in sorted(path.iterdir()) if _has_marker(f))
            return SourceInput(path, files) if files else None
        return SourceInput(path, (path,)) if _has_marker(path) else None

    @classmethod
    def accept(cls, path: Path) -> SourceInput:
        found = cls.sniff(path)
        return found if found is not None else SourceInput(path, (path,))

    def dataset(self, source: SourceInput) -> str:
        return DATASET

    def parse(self, source: SourceInput) -> Iterator[Batch]:
        batch = Batch()
        seen: dict[str, str] = {}
        for file in source.files:
            for locator, row in _rows(file):
                _row(batch, seen, locator, row)
        yield batch


def _rows(path: Path) -> Iterator[tuple[str, Any]]:
    if path.suffix.lower() == ".json":
        data = load_json(path)
        items = data.get("records", data.get("data")) if isinstance(data, dict) else data
        if not isinstance(items, list):
            raise SourceError(str(path), None, "expected an array of company records")
        for index, item in enumerate(items):
            yield f"{path.name} [{index}]", item
        return
    try:
        content = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise SourceError(str(path), f"byte {exc.start}", "not UTF-8 text") from None
    dialect = "excel-tab" if "\t" in content.split("\n", 1)[0] else "excel"
    reader = csv.DictReader(io.StringIO(content, newline=""), dialect=dialect)
    try:
        for row in reader:
            yield f"{path.name} line {reader.line_num}", row
    except csv.Error as exc:
        raise SourceError(str(path), f"line {reader.line_num}", f"broken CSV: {exc}") from None


def _fields(row: Mapping[str, Any]) -> dict[str, str]:
    out: dict[str, str] = {}
    for label, value in row.items():
        key = _KEYS.get(str(label).strip().casefold()) if label is not None else None
        cleaned = text(value)
        if key and cleaned and key not in out:
            out[key] = cleaned
    return out


def _row(batch: Batch, seen: dict[str, str], locator: str, row: Any) -> None:
    dump = json.dumps(row, ensure_ascii=False, default=str)[:20000]
    if not isinstance(row, Mapping):
        batch.rejects.append(Reject(locator, "not a record object", dump))
        return
    if None in row:
        batch.rejects.append(Reject(locator, "more cells than the header has columns", dump))
        return
    fields = _fields(row)
    raw_code = fields.get("uscc")
    uscc = clean_identifier("uscCode", raw_code) if raw_code else None
    if uscc is None:
        reason = (
            f"USCC {raw_code!r} fails its check character or format"
            if raw_code
            else "no Unified Social Credit Code"
        )
        batch.rejects.append(Reject(locator, reason, dump, "uscc"))
        return
    record_id = f"{DATASET}:{uscc}"
    if record_id in seen:
        batch.rejects.append(Reject(locator, f"the same USCC as {seen[record_id]}", dump, "uscc"))
        return
    seen[record_id] = locator
    batch.records.append(Record(record_id, DATASET, locator, dict(row)))
    company_id = f"{DATASET}-{uscc}"
    add = EntityStatements(batch, company_id, "Company", record_id)
    add.add("name", fields.get("name_zh"), lang="zho")
    add.add("name", fields.get("name_en"), lang="eng")
    add.add("uscCode", uscc, original=raw_code)
    add.add("country", "cn")
    add.add("capital", fields.get("registered_capital"))
    add.add("address", fields.get("address"))
    add.add(
        "incorporationDate", _date(fields.get("established")), original=fields.get("established")
    )
    add.add("legalForm", fields.get("company_type"))
    add.add("status", fields.get("status"))
    add.add("description", fields.get("business_scope"), lang="zho")
    representative = fields.get("legal_representative")
    if representative:
        person_id = f"{DATASET}-person-{digest(representative, uscc)}"
        EntityStatements(batch, person_id, "Person", record_id).add(
            "name", representative, lang="zho"
        )
        batch.relations.append(
            Relation(
                f"{record_id}#directs",
                "directs",
                person_id,
                company_id,
                record_id,
                props={"role": "法定代表人 (legal representative)"},
            )
        )
