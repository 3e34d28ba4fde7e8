"""Reading untrusted XML lists safely, one listing at a time, with the line each one starts on.

Official lists run to hundreds of megabytes, so a whole tree in memory is not an option; and a
list is untrusted input, so entity declarations (the "billion laughs") and external entities are
refused by defusedxml before they expand. Only the elements a parser selects are built; each is
handed over with its line and the exact text it had in the file, which the record keeps as its
raw value. Every failure, whatever its cause, becomes one SourceError naming the file and line.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from xml.etree.ElementTree import Element, ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import DefusedXMLParser

from dualtrace.errors import SourceError

ElementPath = tuple[str, ...]
Selector = Callable[[ElementPath], bool]
CHUNK = 1 << 20
_DECLARED = re.compile(rb"""^\s*<\?xml[^>]*encoding=["']([A-Za-z0-9._-]+)["']""")
_ROOT = re.compile(r"<([A-Za-z_][\w.:-]*)([^>]*)>")
_SKIP = re.compile(r"<\?.*?\?>|<!--.*?-->|<!DOCTYPE[^>]*>", re.S)


@dataclass(frozen=True, slots=True)
class Listing:
    """One selected element: its tree (namespaces stripped), where it starts, its exact text."""

    element: Element
    line: int
    text: str


def local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def root_of(path: Path, size: int = 1 << 16) -> tuple[str, str] | None:
    """The root element's local name and its attribute text, read from the head of the file."""
    try:
        with path.open("rb") as handle:
            head = handle.read(size)
    except OSError:
        return None
    text = head.decode(_encoding(head), errors="replace")
    text = _SKIP.sub("", text)
    match = _ROOT.search(text)
    if match is None:
        return None
    return local(match.group(1).split(":")[-1]), match.group(2)


def _encoding(head: bytes) -> str:
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16"
    match = _DECLARED.match(head)
    return match.group(1).decode("ascii") if match else "utf-8"


class _Target:
    """Builds only the selected elements; everything else is walked past, not kept."""

    def __init__(self, select: Selector) -> None:
        self.select = select
        self.position: Callable[[], tuple[int, int]] = lambda: (0, 0)
        self.path: list[str] = []
        self.stack: list[Element] = []
        self.depth_of_selected = -1
        self.start_at = (0, 0)
        self.text: list[str] = []
        self.done: list[tuple[Element, int, int, int]] = []
        self.root_attrib: dict[str, str] = {}

    def start(self, tag: str, attrib: dict[str, str]) -> None:
        self._flush()
        name = local(tag)
        self.path.append(name)
        if len(self.path) == 1:
            self.root_attrib = {local(k): v for k, v in attrib.items()}
        if self.stack:
            elem = Element(name, {local(k): v for k, v in attrib.items()})
            self.stack[-1].append(elem)
            self.stack.append(elem)
        elif self.select(tuple(self.path)):
            self.stack.append(Element(name, {local(k): v for k, v in attrib.items()}))
            self.depth_of_selected = len(self.path)
            self.start_at = self.position()

    def end(self, tag: str) -> None:
        self._flush()
        if self.stack:
            elem = self.stack.pop()
            if len(self.path) == self.depth_of_selected:
                line, offset = self.start_at
                self.done.append((elem, line, offset, self.position()[1]))
        self.path.pop()

    def data(self, text: str) -> None:
        if self.stack:
            self.text.append(text)

    def _flush(self) -> None:
        if not self.text:
            return
        value = "".join(self.text)
        self.text = []
        current = self.stack[-1]
        if len(current):
            last = current[-1]
            last.tail = (last.tail or "") + value
        else:
            current.text = (current.text or "") + value

    def close(self) -> None:
        return None


class XmlReader:
    """Streams the selected elements of one XML file; see the module docstring."""

    def __init__(self, path: Path, select: Selector) -> None:
        self.path = path
        self.select = select
        self.root_attrib: dict[str, str] = {}

    def __iter__(self) -> Iterator[Listing]:
        try:
            data = self.path.read_bytes()
        except OSError as exc:
            raise SourceError(str(self.path), None, f"cannot read: {exc.strerror}") from None
        encoding = _encoding(data[:200])
        target = _Target(self.select)
        parser = DefusedXMLParser(
            target=target, forbid_dtd=False, forbid_entities=True, forbid_external=True
        )
        expat: Any = parser.parser

        def position() -> tuple[int, int]:
            return int(expat.CurrentLineNumber), int(expat.CurrentByteIndex)

        target.position = position
        for offset in range(0, max(len(data), 1), CHUNK):
            self._feed(parser, expat, data[offset : offset + CHUNK])
            yield from self._drain(target, data, encoding)
        self._feed(parser, expat, None)
        self.root_attrib = target.root_attrib
        yield from self._drain(target, data, encoding)

    def _drain(self, target: _Target, data: bytes, encoding: str) -> Iterator[Listing]:
        done, target.done = target.done, []
        if target.root_attrib:
            self.root_attrib = target.root_attrib
        for elem, line, start, end_tag in done:
            close = data.find(b">", end_tag)
            text = data[start : close + 1].decode(encoding, errors="replace")
            yield Listing(elem, line, text)

    def _feed(self, parser: DefusedXMLParser, expat: Any, chunk: bytes | None) -> None:
        try:
            if chunk is None:
                parser.close()
            else:
                parser.feed(chunk)
        except ParseError as exc:
            line, column = exc.position
            reason = str(exc).split(":")[0]
            if "invalid token" in reason or "encoding" in reason:
                reason += " (truncated, or not in its declared encoding?)"
            if "no element found" in reason or "unclosed token" in reason:
                reason += " (the file ends early: truncated?)"
            raise SourceError(
                str(self.path), f"line {line}, column {column + 1}", f"broken XML: {reason}"
            ) from None
        except DefusedXmlException as exc:
            raise SourceError(
                str(self.path),
                f"line {expat.CurrentLineNumber}",
                f"refused unsafe XML ({type(exc).__name__}): {exc}",
            ) from None
        except (UnicodeError, LookupError) as exc:
            raise SourceError(
                str(self.path), f"line {expat.CurrentLineNumber}", f"wrong encoding: {exc}"
            ) from None


def text(elem: Element | None, *path: str) -> str | None:
    """The stripped text at a child path, or None when absent or blank."""
    node = elem
    for name in path:
        if node is None:
            return None
        node = node.find(name)
    if node is None or node.text is None:
        return None
    value = node.text.strip()
    return value or None


def texts(elem: Element, path: str) -> list[str]:
    out = []
    for node in elem.iterfind(path):
        if node.text and node.text.strip():
            out.append(node.text.strip())
    return out
