"""Saved web pages (HTML): an importer's shop, a training centre's news, a press article.

A browser's "save page" keeps the address in `<link rel="canonical">`, `og:url` or the
`<!-- saved from url=(0042)https://... -->` comment; all three are read. The visible text is
extracted with BeautifulSoup, one block element (paragraph, heading, list item, cell) per line,
so that a brand and a military phrase in the same block count as one passage. Each page is one
Record and a `HyperText` entity with title, URL, publication date and text; mentions as for
Telegram posts. A folder of pages is one input; a page without any text is rejected.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from pathlib import Path

from bs4 import BeautifulSoup, Tag
from bs4.element import Comment, NavigableString

from dualtrace.errors import SourceError
from dualtrace.model import Batch, Record, Reject
from dualtrace.sources.base import EntityStatements, SourceFormat, SourceInput, read_head
from dualtrace.sources.posts.mentions import MentionWriter, input_files
from dualtrace.sources.posts.rules import RuleSet, load_rules

DATASET = "web"
_SUFFIXES = {".html", ".htm", ".xhtml"}
_SAVED_FROM = re.compile(r"<!--\s*saved from url=\(\d+\)(\S+?)\s*-->", re.IGNORECASE)
_HTML_START = re.compile(rb"^\s*(?:<!doctype html|<html|<!--\s*saved from url=)", re.IGNORECASE)
_SKIP = {"script", "style", "noscript", "template", "svg", "head", "iframe", "button", "select"}
_BLOCKS = {
    "p",
    "div",
    "section",
    "article",
    "header",
    "footer",
    "main",
    "aside",
    "nav",
    "li",
    "ul",
    "ol",
    "dl",
    "dt",
    "dd",
    "tr",
    "td",
    "th",
    "table",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "blockquote",
    "pre",
    "br",
    "hr",
    "figure",
    "figcaption",
    "form",
    "address",
    "title",
}
_SPACES = re.compile(r"[ \t\r\f\v\u00a0\u200b]+")
_PUBLISHED = ("article:published_time", "og:published_time", "pubdate", "date", "dc.date")


def _is_page(path: Path) -> bool:
    if not path.is_file():
        return False
    head = read_head(path, 1024).lstrip(b"\xef\xbb\xbf")
    return path.suffix.lower() in _SUFFIXES and bool(
        _HTML_START.search(head) or b"<html" in head.lower()
    )


def page_text(soup: BeautifulSoup) -> str:
    """The visible text, one block per line, spaces collapsed."""
    lines: list[str] = []
    current: list[str] = []

    def flush() -> None:
        line = _SPACES.sub(" ", "".join(current)).strip()
        if line:
            lines.append(line)
        current.clear()

    def walk(node: Tag) -> None:
        for child in node.children:
            if isinstance(child, Comment):
                continue
            if isinstance(child, NavigableString):
                current.append(str(child).replace("\n", " "))
            elif isinstance(child, Tag):
                if child.name in _SKIP:
                    continue
                block = child.name in _BLOCKS
                if block:
                    flush()
                walk(child)
                if block:
                    flush()

    walk(soup.body if soup.body is not None else soup)
    flush()
    return "\n".join(lines)


def _meta(soup: BeautifulSoup, *names: str) -> str | None:
    for name in names:
        tag = soup.find("meta", attrs={"property": name}) or soup.find("meta", attrs={"name": name})
        if isinstance(tag, Tag):
            content = tag.get("content")
            if isinstance(content, str) and content.strip():
                return content.strip()
    return None


def page_url(soup: BeautifulSoup, head: str) -> str | None:
    link = soup.find("link", rel="canonical")
    if isinstance(link, Tag) and isinstance(link.get("href"), str) and link["href"]:
        return str(link["href"]).strip()
    found = _meta(soup, "og:url")
    if found:
        return found
    saved = _SAVED_FROM.search(head)
    return saved.group(1) if saved else None


class SavedPage(SourceFormat):
    name = "html-page"
    description = "Saved web pages (.html), one file or a folder of them"
    mode = "append"

    def __init__(self, rules: RuleSet | None = None) -> None:
        self.rules = rules

    @classmethod
    def sniff(cls, path: Path) -> SourceInput | None:
        if path.is_dir():
            files = tuple(f for f in sorted(path.iterdir()) if _is_page(f))
            return SourceInput(path, files) if files else None
        return SourceInput(path, (path,)) if _is_page(path) else None

    @classmethod
    def accept(cls, path: Path) -> SourceInput:
        if path.is_dir():
            files = tuple(f for f in sorted(path.iterdir()) if f.suffix.lower() in _SUFFIXES)
            if not files:
                raise SourceError(str(path), None, "no .html files in this folder")
            return SourceInput(path, files)
        return SourceInput(path, (path,))

    def dataset(self, source: SourceInput) -> str:
        return DATASET

    def parse(self, source: SourceInput) -> Iterator[Batch]:
        mentions = MentionWriter(self.rules or load_rules())
        batch = Batch()
        for file in input_files(source):
            self._page(batch, file, mentions)
            if len(batch) >= 500:
                yield batch
                batch = Batch()
        yield batch

    def _page(self, batch: Batch, file: Path, mentions: MentionWriter) -> None:
        content = file.read_bytes()
        digest = hashlib.sha256(content).hexdigest()
        soup = BeautifulSoup(content, "html.parser")
        head = content[:4096].decode("utf-8", errors="ignore")
        text = page_text(soup)
        url = page_url(soup, head)
        title_tag = soup.find("title")
        title = title_tag.get_text(" ", strip=True) if isinstance(title_tag, Tag) else None
        title = title or _meta(soup, "og:title")
        if not text:
            batch.rejects.append(Reject(file.name, "a page without visible text", head, "body"))
            return
        record_id = f"{DATASET}:{digest[:32]}"
        raw = {
            "file": file.name,
            "sha256": digest,
            "url": url,
            "title": title,
            "encoding": soup.original_encoding,
            "text_plain": text,
        }
        batch.records.append(Record(record_id, DATASET, file.name, raw))
        page = EntityStatements(batch, f"{DATASET}-{digest[:32]}", "HyperText", record_id)
        page.add("name", title or url or file.name)
        page.add("title", title)
        page.add("sourceUrl", url)
        page.add("bodyText", text)
        page.add("fileName", file.name)
        page.add("mimeType", "text/html")
        page.add("contentHash", digest)
        page.add("publishedAt", _meta(soup, *_PUBLISHED))
        page.add("summary", _meta(soup, "description", "og:description"))
        mentions.add(batch, record_id, page, text, scope="line")
