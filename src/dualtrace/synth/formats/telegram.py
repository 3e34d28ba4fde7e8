"""A Telegram Desktop channel export (`result.json`), in the older or the newer schema.

In the older schema a message's `text` is a plain string, or a list mixing plain strings and
entity objects (`{"type": "bold", "text": ...}`, `{"type": "hashtag", ...}`); the text a reader
sees is their concatenation. The newer schema keeps that `text` and adds `text_entities` (every
piece an object, plain text as `{"type": "plain"}`) and `date_unixtime`; exports of both kinds
circulate, so a world has both. Generated posts end with a `#synthetic` hashtag entity.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

TextPart = str | dict[str, str]
MOSCOW = timedelta(hours=3)
"""Exports write `date` in the exporting machine's local time; these are exported in Moscow."""


@dataclass(frozen=True, slots=True)
class Post:
    id: int
    when: datetime
    text: Sequence[TextPart]
    photo: str | None = None


def plain_text(parts: Sequence[TextPart]) -> str:
    return "".join(p if isinstance(p, str) else p["text"] for p in parts)


def _unixtime(when: datetime) -> str:
    return str(int((when - MOSCOW).replace(tzinfo=UTC).timestamp()))


def channel_json(
    name: str, channel_id: int, created: datetime, posts: Sequence[Post], newer: bool = False
) -> Any:
    service: dict[str, Any] = {"id": 1, "type": "service", "date": created.isoformat()}
    if newer:
        service["date_unixtime"] = _unixtime(created)
    service |= {
        "actor": name,
        "actor_id": f"channel{channel_id}",
        "action": "create_channel",
        "title": name,
        "text": "",
    }
    if newer:
        service["text_entities"] = []
    messages: list[dict[str, Any]] = [service]
    for p in posts:
        message: dict[str, Any] = {
            "id": p.id,
            "type": "message",
            "date": p.when.isoformat(),
            **({"date_unixtime": _unixtime(p.when)} if newer else {}),
            "from": name,
            "from_id": f"channel{channel_id}",
        }
        if p.photo:
            message |= {"photo": p.photo, "width": 1280, "height": 960}
        text: str | list[TextPart]
        text = p.text[0] if len(p.text) == 1 and isinstance(p.text[0], str) else list(p.text)
        message["text"] = text
        if newer:
            message["text_entities"] = [
                {"type": "plain", "text": t} if isinstance(t, str) else dict(t) for t in p.text
            ]
        messages.append(message)
    return {"name": name, "type": "public_channel", "id": channel_id, "messages": messages}


def write_channel(
    folder: Path,
    name: str,
    channel_id: int,
    created: datetime,
    posts: Sequence[Post],
    newer: bool = False,
) -> Path:
    """Write `folder/result.json` as Telegram Desktop does (one folder per export)."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "result.json"
    data = channel_json(name, channel_id, created, posts, newer)
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return path
