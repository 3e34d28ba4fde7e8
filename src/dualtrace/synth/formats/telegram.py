"""A Telegram Desktop channel export (`result.json`) in the older schema.

In that schema a message's `text` is a plain string, or a list mixing plain strings and
entity objects (`{"type": "bold", "text": ...}`, `{"type": "hashtag", ...}`); the text a reader
sees is their concatenation. Generated posts end with a `#synthetic` hashtag entity.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

TextPart = str | dict[str, str]


@dataclass(frozen=True, slots=True)
class Post:
    id: int
    when: datetime
    text: Sequence[TextPart]
    photo: str | None = None


def plain_text(parts: Sequence[TextPart]) -> str:
    return "".join(p if isinstance(p, str) else p["text"] for p in parts)


def channel_json(name: str, channel_id: int, created: datetime, posts: Sequence[Post]) -> Any:
    messages: list[dict[str, Any]] = [
        {
            "id": 1,
            "type": "service",
            "date": created.isoformat(),
            "actor": name,
            "actor_id": f"channel{channel_id}",
            "action": "create_channel",
            "title": name,
            "text": "",
        }
    ]
    for p in posts:
        message: dict[str, Any] = {
            "id": p.id,
            "type": "message",
            "date": p.when.isoformat(),
            "from": name,
            "from_id": f"channel{channel_id}",
        }
        if p.photo:
            message |= {"photo": p.photo, "width": 1280, "height": 960}
        text: str | list[TextPart]
        text = p.text[0] if len(p.text) == 1 and isinstance(p.text[0], str) else list(p.text)
        message["text"] = text
        messages.append(message)
    return {"name": name, "type": "public_channel", "id": channel_id, "messages": messages}


def write_channel(
    folder: Path, name: str, channel_id: int, created: datetime, posts: Sequence[Post]
) -> Path:
    """Write `folder/result.json` as Telegram Desktop does (one folder per export)."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "result.json"
    data = channel_json(name, channel_id, created, posts)
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return path
