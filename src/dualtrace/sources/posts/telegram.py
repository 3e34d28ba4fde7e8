"""Telegram Desktop JSON exports (`result.json`): one chat or channel, or a whole account.

Two schemas exist. The older writes `text` as a string, or as a list mixing strings and
entity objects (`{"type": "bold", "text": ...}`); the newer adds `text_entities` (every piece
an object, plain text as `{"type": "plain"}`) and `date_unixtime`. Telegram shows the
concatenation of the pieces, so that is the text kept (`bodyText`), and every offset, of
formatting spans and of mentions, is a character offset into it. The record keeps the message
exactly as exported plus that text (`text_plain`) and the spans (`text_spans`).

Each message is one Record (locator "message <id>") and a `Message` entity from its chat or
channel; service messages (channel created, user joined, a call) are kept as records only. A
message that cannot be read (no id, a broken text piece, a bad date) is rejected with the
field and the rest goes on.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from dualtrace.errors import SourceError
from dualtrace.model import Batch, Record, Reject
from dualtrace.sources.base import EntityStatements, SourceFormat, SourceInput, read_head
from dualtrace.sources.posts.mentions import MentionWriter, input_files
from dualtrace.sources.posts.rules import RuleSet, load_rules

DATASET = "telegram"
_BATCH_SIZE = 5000
_MESSAGES = re.compile(rb'"messages"\s*:\s*\[')
_MESSAGE_TYPE = re.compile(rb'"type"\s*:\s*"(?:message|service)"')
_CHATS = re.compile(rb'"chats"\s*:\s*\{\s*"about"|"chats"\s*:\s*\{\s*"list"')


class TextError(ValueError):
    """A message whose text pieces are not strings or objects with a text."""


def _is_export(path: Path) -> bool:
    if not path.is_file() or path.suffix.lower() != ".json":
        return False
    head = read_head(path, 16384)
    if _CHATS.search(head):
        return True
    return bool(_MESSAGES.search(head)) and (
        bool(_MESSAGE_TYPE.search(head))
        or re.search(rb'"messages"\s*:\s*\[\s*\]', head) is not None
    )


def plain_text(message: Mapping[str, Any]) -> tuple[str, list[dict[str, Any]]]:
    """The text as Telegram shows it, and its formatting spans with offsets into it."""
    pieces = message.get("text_entities")
    if not isinstance(pieces, list):
        pieces = message.get("text", "")
        if isinstance(pieces, str):
            return pieces, []
        if not isinstance(pieces, list):
            raise TextError("`text` is neither a string nor a list")
    parts: list[str] = []
    spans: list[dict[str, Any]] = []
    offset = 0
    for piece in pieces:
        if isinstance(piece, str):
            chunk, kind = piece, "plain"
        elif isinstance(piece, Mapping) and isinstance(piece.get("text"), str):
            chunk, kind = piece["text"], str(piece.get("type", "plain"))
        else:
            raise TextError(f"a text piece without text: {piece!r}"[:200])
        if kind != "plain" and chunk:
            span: dict[str, Any] = {"type": kind, "start": offset, "end": offset + len(chunk)}
            if isinstance(piece, Mapping) and piece.get("href"):
                span["href"] = piece["href"]
            spans.append(span)
        parts.append(chunk)
        offset += len(chunk)
    return "".join(parts), spans


def message_date(message: Mapping[str, Any]) -> str | None:
    """The date as exported (local time of the exporting machine), or from the Unix time."""
    given = message.get("date")
    if isinstance(given, str) and given:
        datetime.fromisoformat(given)  # raises ValueError when it is not a date
        return given
    stamp = message.get("date_unixtime")
    if stamp is None:
        return None
    return datetime.fromtimestamp(int(stamp), UTC).strftime("%Y-%m-%dT%H:%M:%S")


class TelegramExport(SourceFormat):
    name = "telegram-json"
    description = "Telegram Desktop export (result.json), older and newer schema"
    mode = "append"

    def __init__(self, rules: RuleSet | None = None) -> None:
        self.rules = rules

    @classmethod
    def sniff(cls, path: Path) -> SourceInput | None:
        if path.is_dir():
            found = path / "result.json"
            return SourceInput(path, (found,)) if _is_export(found) else None
        return SourceInput(path, (path,)) if _is_export(path) else None

    @classmethod
    def accept(cls, path: Path) -> SourceInput:
        return SourceInput(path, (path / "result.json",) if path.is_dir() else (path,))

    def dataset(self, source: SourceInput) -> str:
        return DATASET

    def parse(self, source: SourceInput) -> Iterator[Batch]:
        mentions = MentionWriter(self.rules or load_rules())
        batch = Batch()
        for file in input_files(source):
            data = _load(file)
            chats = _chats(data, file)
            for chat in chats:
                reader = _Chat(chat, mentions, multi=len(chats) > 1)
                for index, message in enumerate(reader.messages()):
                    reader.read(batch, index, message)
                    if len(batch) >= _BATCH_SIZE:
                        yield batch
                        batch = Batch()
        yield batch


def _load(path: Path) -> Any:
    try:
        return json.loads(path.read_bytes())
    except UnicodeDecodeError as exc:
        raise SourceError(str(path), f"byte {exc.start}", "not UTF-8 text") from None
    except json.JSONDecodeError as exc:
        raise SourceError(str(path), f"line {exc.lineno}", f"broken JSON: {exc.msg}") from None


def _chats(data: Any, path: Path) -> list[Mapping[str, Any]]:
    if isinstance(data, Mapping) and isinstance(data.get("chats"), Mapping):
        listed = data["chats"].get("list")
        if isinstance(listed, list):
            return [c for c in listed if isinstance(c, Mapping)]
    if isinstance(data, Mapping) and isinstance(data.get("messages"), list):
        return [data]
    raise SourceError(str(path), None, "no `messages` list: not a Telegram Desktop export")


class _Chat:
    """Reads the messages of one chat or channel, declaring the chat with its first record."""

    def __init__(self, chat: Mapping[str, Any], mentions: MentionWriter, *, multi: bool) -> None:
        self.chat = chat
        self.chat_id = str(chat.get("id", "unknown"))
        self.entity_id = f"{DATASET}-{self.chat_id}"
        self.prefix = f"chat {self.chat_id} " if multi else ""
        self.mentions = mentions
        self.declared = False
        self.seen: set[str] = set()
        self.authors: set[str] = set()

    def messages(self) -> list[Any]:
        listed = self.chat.get("messages")
        return listed if isinstance(listed, list) else []

    def read(self, batch: Batch, index: int, message: Any) -> None:
        msg_id = message.get("id") if isinstance(message, Mapping) else None
        where = f"message {msg_id}" if msg_id is not None else f"messages[{index}]"
        locator = self.prefix + where
        dump = json.dumps(message, ensure_ascii=False, default=str)[:20000]
        if not isinstance(message, Mapping) or not isinstance(msg_id, int):
            batch.rejects.append(Reject(locator, "a message without a numeric id", dump, "id"))
            return
        record_id = f"{DATASET}:{self.chat_id}:{msg_id}"
        if record_id in self.seen:
            batch.rejects.append(Reject(locator, "the same message id twice", dump, "id"))
            return
        try:
            text, spans = plain_text(message)
        except TextError as exc:
            batch.rejects.append(Reject(locator, str(exc), dump, "text"))
            return
        try:
            date = message_date(message)
        except (ValueError, TypeError, OverflowError):
            batch.rejects.append(Reject(locator, "a date that is not a date", dump, "date"))
            return
        self.seen.add(record_id)
        raw = {**message, "text_plain": text, "text_spans": spans}
        batch.records.append(Record(record_id, DATASET, locator, raw))
        if not self.declared:
            add_chat = EntityStatements(batch, self.entity_id, "LegalEntity", record_id)
            add_chat.add("name", _str(self.chat.get("name")))
            add_chat.add("alias", channel_brand(_str(self.chat.get("name"))))
            add_chat.add("description", _str(self.chat.get("type")))
            self.declared = True
        if message.get("type") != "message":
            return
        doc_id = f"{DATASET}-{self.chat_id}-{msg_id}"
        doc = EntityStatements(batch, doc_id, "Message", record_id)
        doc.add("bodyText", text)
        doc.add("date", date)
        doc.add("messageId", str(msg_id))
        doc.add("publisher", _str(self.chat.get("name")))
        doc.add("modifiedAt", _str(message.get("edited")))
        doc.add("sender", self._author(batch, record_id, message))
        for key in ("photo", "file"):
            doc.add("fileName", _str(message.get(key)))
        doc.add("mimeType", _str(message.get("mime_type")))
        if text:
            self.mentions.add(batch, record_id, doc, text)

    def _author(self, batch: Batch, record_id: str, message: Mapping[str, Any]) -> str:
        from_id = _str(message.get("from_id"))
        if from_id is None or from_id == f"channel{self.chat_id}":
            return self.entity_id
        entity_id = f"{DATASET}-{from_id}"
        if entity_id not in self.authors:
            self.authors.add(entity_id)
            author = EntityStatements(batch, entity_id, "LegalEntity", record_id)
            author.add("name", _str(message.get("from")))
        return entity_id


def channel_brand(title: str | None) -> str | None:
    """The name a channel goes by, from titles like 'Пустельга | учебный центр БПЛА'.

    Channels put their brand before a separator and a tagline after it; the brand alone is
    what registries and certificates call the company, so it is kept as an alias.
    """
    if not title:
        return None
    for separator in (" | ", " — ", " – ", " - ", " :: "):
        if separator in title:
            brand = title.split(separator, 1)[0].strip()
            return brand if brand and brand != title else None
    return None


def _str(value: object) -> str | None:
    return value if isinstance(value, str) and value.strip() else None
