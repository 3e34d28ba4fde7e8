"""The Rosaccreditation (FSA) registry of certificates and declarations of conformity, as JSON.

Accepted inputs, recognised from their content: a list response (`{"items": [...]}`), one
detail record, a JSON array of detail records, or a folder of such files (one detail record
per certificate, as collectors and the seed-case generator write them). Every item is one
Record; an item that is not an object or has no number is rejected and the rest goes on.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from dualtrace.errors import SourceError
from dualtrace.model import Batch, Record, Reject
from dualtrace.sources.base import SourceFormat, SourceInput, forced_files, matching_files
from dualtrace.sources.registries.common import json_head, load_json, text
from dualtrace.sources.registries.fsa_map import DATASET, map_detail, map_list_item

_DETAIL_KEYS = re.compile(r'"id(?:Declaration|Certificate)"\s*:')
_LIST_KEYS = re.compile(r'"(?:applicantName|manufacterName|manufacturerName)"\s*:')
_BATCH_SIZE = 2000


def _looks_like_fsa(path: Path) -> bool:
    head = json_head(path)
    if head is None:
        return False
    if head.startswith("{") and re.search(r'"items"\s*:', head) and _LIST_KEYS.search(head):
        return True
    return bool(_DETAIL_KEYS.search(head)) and ('"applicant' in head or '"number"' in head)


class FsaRegistry(SourceFormat):
    name = "fsa-json"
    description = (
        "Rosaccreditation (FSA) certificates and declarations of conformity: API list or "
        "detail JSON, an array of details, or a folder of detail files"
    )
    mode = "append"

    @classmethod
    def sniff(cls, path: Path) -> SourceInput | None:
        return matching_files(path, "*.json", _looks_like_fsa)

    @classmethod
    def accept(cls, path: Path) -> SourceInput:
        return forced_files(path, "*.json", ".json")

    def dataset(self, source: SourceInput) -> str:
        return DATASET

    def parse(self, source: SourceInput) -> Iterator[Batch]:
        batch = Batch()
        seen: dict[str, str] = {}
        for file in source.files:
            for locator, kind, item in self._items(file):
                self._one(batch, seen, locator, kind, item)
                if len(batch) >= _BATCH_SIZE:
                    yield batch
                    batch = Batch()
        yield batch

    def _items(self, file: Path) -> Iterator[tuple[str, str, Any]]:
        data = load_json(file)
        if isinstance(data, dict) and isinstance(data.get("items"), list):
            for index, item in enumerate(data["items"]):
                yield f"{file.name} items[{index}]", "list", item
        elif isinstance(data, dict):
            yield file.name, "detail", data
        elif isinstance(data, list):
            for index, item in enumerate(data):
                kind = "list" if isinstance(item, dict) and "applicantName" in item else "detail"
                yield f"{file.name} [{index}]", kind, item
        else:
            raise SourceError(str(file), None, "neither a list response nor a detail record")

    def _one(self, batch: Batch, seen: dict[str, str], locator: str, kind: str, item: Any) -> None:
        if not isinstance(item, dict):
            batch.rejects.append(Reject(locator, "not a JSON object", repr(item)[:2000]))
            return
        key = text(item.get("idDeclaration") or item.get("idCertificate") or item.get("id"))
        key = key or text(item.get("number")) or locator
        record_id = f"{DATASET}:{kind}:{key}"
        if record_id in seen:
            batch.rejects.append(
                Reject(locator, f"the same {kind} record as {seen[record_id]}", _dump(item), "id")
            )
            return
        mapped = Batch()
        mapper = map_list_item if kind == "list" else map_detail
        reason = mapper(mapped, record_id, item)
        if reason is not None:
            batch.rejects.append(Reject(locator, reason, _dump(item), "number"))
            return
        seen[record_id] = locator
        batch.records.append(Record(record_id, DATASET, locator, item))
        batch.extend(mapped)


def _dump(item: Any) -> str:
    return json.dumps(item, ensure_ascii=False, default=str)[:20000]
