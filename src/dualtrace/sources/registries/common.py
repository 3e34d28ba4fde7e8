"""What the registry and certificate parsers share: entity ids, JSON and XML reading, countries.

Entity ids are scoped to their source ("ru_egrul-1027700167110"); an id built from a name is a
digest of a deliberately plain form of it (case and punctuation folded), so that it stays the
same across versions of the name-matching code, which resolution may change at any time.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any
from xml.etree.ElementTree import Element

from dualtrace.errors import SourceError
from dualtrace.normalize.countries import country_code
from dualtrace.normalize.dates import parse_date
from dualtrace.normalize.identifiers import clean_identifier
from dualtrace.sources.base import EntityStatements

JsonValue = Any


def digest(*parts: str | None, size: int = 16) -> str:
    """A short stable digest of case- and punctuation-folded text, for ids built from names."""
    folded = "|".join("".join(ch for ch in (p or "").casefold() if ch.isalnum()) for p in parts)
    return hashlib.sha1(folded.encode("utf-8")).hexdigest()[:size]


def text(value: object) -> str | None:
    """A value as stripped text, or None when it is empty, null or not a scalar."""
    if value is None or isinstance(value, dict | list):
        return None
    out = str(value).strip()
    return out or None


def iso_date(value: object) -> str | None:
    """The ISO date (or prefix) of a date or timestamp as sources write them."""
    raw = text(value)
    if raw is None:
        return None
    if re.match(r"^\d{4}-\d{2}-\d{2}(?:[T ]|$)", raw):
        return raw[:10]
    return parse_date(raw)


def add_identifier(add: EntityStatements, prop: str, value: object) -> None:
    """Add a check-digit identifier when it is valid; an invalid one stays in the raw record."""
    raw = text(value)
    if raw is None:
        return
    cleaned = clean_identifier(prop, raw)
    if cleaned:
        add.add(prop, cleaned, original=raw)


def add_country(add: EntityStatements, prop: str, value: object) -> None:
    """Add an ISO country code read from a name or code; unreadable ones stay raw only."""
    raw = text(value)
    if raw is None:
        return
    code = country_code(raw)
    if code:
        add.add(prop, code, original=raw)


def load_json(path: Path) -> JsonValue:
    """The parsed content of a JSON file; a file that is not JSON cannot be read at all."""
    try:
        with path.open("rb") as handle:
            return json.load(handle)
    except UnicodeDecodeError as exc:
        raise SourceError(str(path), f"byte {exc.start}", "not UTF-8 text") from None
    except json.JSONDecodeError as exc:
        raise SourceError(str(path), f"line {exc.lineno}", f"broken JSON: {exc.msg}") from None


def json_head(path: Path, size: int = 8192) -> str | None:
    """The first bytes of a file as text if it looks like JSON, for sniffing."""
    if not path.is_file() or path.suffix.lower() not in {".json", ".txt", ""}:
        return None
    with path.open("rb") as handle:
        head = handle.read(size)
    text_head = head.decode("utf-8", errors="ignore").lstrip("\ufeff \t\r\n")
    return text_head if text_head[:1] in {"{", "["} else None


def local_name(tag: str) -> str:
    """An XML tag without its namespace: GLEIF files change namespaces between versions."""
    return tag.rsplit("}", 1)[-1]


def element_to_dict(element: Element) -> dict[str, Any]:
    """An XML element as nested dicts, kept as the record's raw value.

    Attributes keep their names, child elements their local names (a list when repeated), and
    text content sits under "#text"; nothing is dropped, so the record says what the file said.
    """
    out: dict[str, Any] = dict(element.attrib)
    for child in element:
        key = local_name(child.tag)
        value: Any = element_to_dict(child)
        if set(value) == {"#text"}:
            value = value["#text"]
        if key in out:
            if not isinstance(out[key], list):
                out[key] = [out[key]]
            out[key].append(value)
        else:
            out[key] = value
    content = (element.text or "").strip()
    if content:
        out["#text"] = content
    return out


def join_parts(parts: Iterable[object], sep: str = ", ") -> str | None:
    words = [t for t in (text(p) for p in parts) if t]
    return sep.join(words) or None


def person_name(last: str | None, first: str | None, middle: str | None) -> str | None:
    """A Russian full name in the registry's order: surname, given name, patronymic."""
    return join_parts([last, first, middle], " ")
