"""OpenSanctions exports: `targets.simple.csv` and FollowTheMoney entities as JSON lines.

The simple CSV joins many values into one cell with ';', and its `identifiers` column mixes
every kind (INN, OGRN, IMO, ...) without a label: each is classified by its shape and check
digits. The JSON lines are FollowTheMoney entities, validated with the followthemoney library;
interval entities (Sanction, Ownership, Directorship, Representation) become relations.
A bad row or line is a Reject and the rest is read: these are aggregated exports, where one
broken entity says nothing about the others.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from followthemoney import model as ftm_model
from followthemoney.exc import InvalidData

from dualtrace.errors import ModelError, SourceError
from dualtrace.model import Batch, Record, Reject, Relation, entity_schema
from dualtrace.normalize.identifiers import clean_identifier
from dualtrace.sources.base import SourceFormat, SourceInput, read_head
from dualtrace.sources.sanctions.common import (
    AUTHORITIES,
    Authority,
    authority_statements,
    other_authority,
    sanctioned,
)
from dualtrace.sources.sanctions.values import (
    EntityValues,
    classify_bare_identifier,
    script_language,
)

BATCH_SIZE = 2000
SIMPLE_COLUMNS = (
    "id", "schema", "name", "aliases", "birth_date", "countries", "addresses", "identifiers",
    "sanctions", "phones", "emails", "program_ids", "dataset", "first_seen", "last_seen",
    "last_change",
)  # fmt: skip
_LISTS = (
    ("aliases", "alias"),
    ("birth_date", "birthDate"),
    ("addresses", "address"),
    ("phones", "phone"),
    ("emails", "email"),
)
_UA_WAR = re.compile(r"ukraine war|ua_war|war.*sanctions", re.I)
_CHECKED = {"innCode", "ogrnCode", "leiCode", "imoNumber", "uscCode"}
# FtM interval schema -> (relation type, source property, target property, {relation prop: FtM})
_EDGES: dict[str, tuple[str, str, str, dict[str, str]]] = {
    "Ownership": ("owns", "owner", "asset", {"share_pct": "percentage"}),
    "Directorship": ("directs", "director", "organization", {"role": "role"}),
    "Representation": ("represents", "agent", "client", {"role": "role"}),
}


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", text.lower()).strip("_") or "unknown"


def _authority(dataset_title: str) -> Authority:
    if _UA_WAR.search(dataset_title):
        return AUTHORITIES["ua_nsdc"]
    return other_authority(dataset_title)


def _schema_or_thing(name: str) -> str:
    try:
        return entity_schema(name).name
    except ModelError:
        return "Thing"


class OpenSanctionsSimpleCsv(SourceFormat):
    name = "opensanctions-csv"
    description = "OpenSanctions targets.simple.csv (one row per target, ';'-joined values)"
    mode = "replace"

    @classmethod
    def sniff(cls, path: Path) -> SourceInput | None:
        if not path.is_file():
            return None
        head = read_head(path).decode("utf-8", errors="replace").lstrip("\ufeff")
        first = next(csv.reader(io.StringIO(head.split("\n", 1)[0])), [])
        if {"id", "schema", "name", "aliases", "identifiers", "program_ids"} <= set(first):
            return SourceInput(path, (path,))
        return None

    def dataset(self, source: SourceInput) -> str:
        name = source.files[0].name
        if name.endswith(".targets.simple.csv"):
            return "os_" + _slug(name.removesuffix(".targets.simple.csv"))
        for _line, row in _csv_rows(source.files[0]):
            if isinstance(row, dict):
                return "os_" + _slug(row.get("dataset", "").split(";")[0])
        return "os_" + _slug(source.files[0].stem)

    def parse(self, source: SourceInput) -> Iterator[Batch]:
        file = source.files[0]
        dataset = self.dataset(source)
        batch = Batch()
        authorities: set[str] = set()
        seen: Counter[str] = Counter()
        for line, row in _csv_rows(file):
            locator = f"{file.name} line {line}"
            if isinstance(row, str):
                batch.rejects.append(Reject(locator, row, json.dumps(row), None))
                continue
            key = (row.get("id") or "").strip()
            if not key:
                batch.rejects.append(Reject(locator, "row has no id", json.dumps(row), "id"))
                continue
            seen[key] += 1
            record_id = f"{dataset}:{key}" + (f"#{seen[key]}" if seen[key] > 1 else "")
            batch.records.append(Record(record_id, dataset, locator, row))
            entity_id = f"{dataset}-{key}"
            ent = EntityValues.of(batch, entity_id, _schema_or_thing(row["schema"]), record_id)
            ent.add("name", row.get("name"))
            for column, prop in _LISTS:
                for value in _split(row.get(column)):
                    lang = script_language(value) if prop == "alias" else None
                    ent.add(prop, value, lang=lang)
            for code in _split(row.get("countries")):
                ent.country("country", None, code)
            for value in _split(row.get("identifiers")):
                _bare_identifier(ent, value)
            sanctions = (row.get("sanctions") or "").strip().strip('"')
            ent.add("notes", sanctions or None)
            authority = _authority(row.get("dataset") or dataset)
            if authority.entity_id not in authorities:
                authorities.add(authority.entity_id)
                batch.statements.extend(authority_statements(authority, record_id))
            programs: list[str | None] = [*_split(row.get("program_ids"))]
            for program in programs or [None]:
                batch.relations.append(sanctioned(entity_id, authority, record_id, program=program))
            if len(batch) >= BATCH_SIZE:
                yield batch
                batch = Batch()
        yield batch


def _split(value: str | None) -> list[str]:
    return [v.strip() for v in (value or "").split(";") if v.strip()]


def _bare_identifier(ent: EntityValues, value: str) -> None:
    prop = classify_bare_identifier(value)
    if not ent.has(prop):
        prop = "registrationNumber" if ent.has("registrationNumber") else "notes"
    if prop in _CHECKED:
        number = value[3:].strip() if prop == "imoNumber" else value
        ent.add(prop, clean_identifier(prop, number), original=value)
    else:
        ent.add(prop, value, label="identifier")


def _csv_rows(path: Path) -> Iterator[tuple[int, dict[str, str] | str]]:
    """Rows as dicts, or a reason string for a row that cannot be one; unreadable file raises."""
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.reader(handle)
            header: list[str] | None = None
            while True:
                line = reader.line_num + 1
                try:
                    cells = next(reader)
                except StopIteration:
                    return
                except csv.Error as exc:
                    raise SourceError(str(path), f"line {line}", f"broken CSV: {exc}") from None
                if header is None:
                    header = cells
                    continue
                if not cells:
                    continue
                if len(cells) != len(header):
                    yield line, f"expected {len(header)} columns, found {len(cells)}"
                    continue
                yield line, dict(zip(header, cells, strict=True))
    except UnicodeDecodeError as exc:
        raise SourceError(str(path), f"byte {exc.start}", "not UTF-8 text") from None


class FtmJsonLines(SourceFormat):
    name = "ftm-json"
    description = "FollowTheMoney entities, JSON lines (OpenSanctions entities.ftm.json)"
    mode = "replace"

    @classmethod
    def sniff(cls, path: Path) -> SourceInput | None:
        if not path.is_file():
            return None
        first = _first_entity(path)
        if first is not None and "schema" in first and "properties" in first:
            return SourceInput(path, (path,))
        return None

    def dataset(self, source: SourceInput) -> str:
        first = _first_entity(source.files[0]) or {}
        datasets = first.get("datasets") or []
        if datasets and isinstance(datasets, list):
            return "os_" + _slug(str(datasets[0]))
        return "os_" + _slug(source.files[0].name.split(".")[0])

    def parse(self, source: SourceInput) -> Iterator[Batch]:
        file = source.files[0]
        dataset = self.dataset(source)
        batch = Batch()
        seen: Counter[str] = Counter()
        authorities: set[str] = set()
        for line, text in _lines(file):
            locator = f"{file.name} line {line}"
            try:
                data = json.loads(text)
                proxy = ftm_model.get_proxy(data, cleaned=False)
            except (ValueError, InvalidData, TypeError, AttributeError) as exc:
                batch.rejects.append(Reject(locator, f"not a FollowTheMoney entity: {exc}", text))
                continue
            unknown = set(data.get("properties", {})) - set(proxy.schema.properties)
            if not proxy.id or unknown:
                reason = (
                    "entity has no id" if not proxy.id else f"{proxy.schema.name} has no property"
                )
                field = "id" if not proxy.id else ", ".join(sorted(unknown))
                batch.rejects.append(Reject(locator, reason, text, field))
                continue
            seen[proxy.id] += 1
            record_id = f"{dataset}:{proxy.id}" + (
                f"#{seen[proxy.id]}" if seen[proxy.id] > 1 else ""
            )
            batch.records.append(Record(record_id, dataset, locator, data))
            self._entity(batch, dataset, record_id, data, authorities)
            if len(batch) >= BATCH_SIZE:
                yield batch
                batch = Batch()
        yield batch

    def _entity(
        self,
        batch: Batch,
        dataset: str,
        record_id: str,
        data: dict[str, Any],
        authorities: set[str],
    ) -> None:
        schema = ftm_model.get(data["schema"])
        assert schema is not None
        props: dict[str, list[str]] = {
            k: [str(v) for v in vs]
            for k, vs in data.get("properties", {}).items()
            if isinstance(vs, list)
        }

        def first(prop: str) -> str | None:
            values = props.get(prop) or []
            return values[0] if values else None

        def ref(prop: str) -> str | None:
            values = props.get(prop) or []
            return f"{dataset}-{values[0]}" if values else None

        entity_id = f"{dataset}-{data['id']}"
        if schema.name == "Sanction":
            target = ref("entity")
            if target is None:
                return
            name = (props.get("authority") or ["unknown authority"])[0]
            authority = other_authority(name)
            if authority.entity_id not in authorities:
                authorities.add(authority.entity_id)
                batch.statements.extend(authority_statements(authority, record_id))
            programs: list[str | None] = [*(props.get("program") or props.get("programId") or [])]
            for program in programs or [None]:
                batch.relations.append(
                    sanctioned(
                        target,
                        authority,
                        record_id,
                        program=program,
                        list_id=first("authorityId"),
                        start=first("startDate") or first("listingDate"),
                        end=first("endDate"),
                        reason=first("reason"),
                    )
                )
            return
        if schema.name in _EDGES:
            rel_type, source_prop, target_prop, extra = _EDGES[schema.name]
            source, target = ref(source_prop), ref(target_prop)
            if source and target:
                values = {k: props[v][0] for k, v in extra.items() if props.get(v)}
                start, end = first("startDate"), first("endDate")
                batch.relations.append(
                    Relation(
                        f"{record_id}#{rel_type}",
                        rel_type,
                        source,
                        target,
                        record_id,
                        start,
                        end,
                        values,
                    )
                )
            return
        if schema.name in ("Identification", "Passport"):
            holder = ref("holder")
            if holder:
                kind = "Person" if schema.name == "Passport" else "LegalEntity"
                ent = EntityValues.of(batch, holder, kind, record_id)
                for number in props.get("number", []):
                    label = (
                        "passport"
                        if schema.name == "Passport"
                        else " ".join(props.get("type", ["id"]))
                    )
                    ent.identifier(label, number)
            return
        kind = _schema_or_thing(schema.name)
        ent = EntityValues.of(batch, entity_id, kind, record_id)
        for prop, prop_values in props.items():
            ftm_prop = schema.properties[prop]
            if ftm_prop.type.name == "entity" or ftm_prop.stub:
                continue
            for value in prop_values:
                if prop in _CHECKED:
                    cleaned = clean_identifier(prop, value)
                    if cleaned is None:
                        ent.identifier(prop, value)
                        continue
                    ent.add(prop, cleaned, original=value)
                elif prop == "country" or ftm_prop.type.name == "country":
                    ent.country(prop, None, value)
                else:
                    ent.add(prop, value)


def _first_entity(path: Path) -> dict[str, Any] | None:
    head = read_head(path, 1 << 16).decode("utf-8", errors="replace").lstrip("\ufeff")
    for text in head.splitlines():
        if not text.strip():
            continue
        try:
            data = json.loads(text)
        except ValueError:
            return None
        return data if isinstance(data, dict) else None
    return None


def _lines(path: Path) -> Iterator[tuple[int, str]]:
    try:
        with path.open(encoding="utf-8-sig") as handle:
            for number, text in enumerate(handle, start=1):
                if text.strip():
                    yield number, text
    except UnicodeDecodeError as exc:
        raise SourceError(str(path), f"byte {exc.start}", "not UTF-8 text") from None
