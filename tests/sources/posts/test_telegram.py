"""Telegram Desktop exports: the two real public exports, and a channel export written here in
the older schema (as an importer's channel would be exported) with Russian posts."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from dualtrace.store import Workspace, ingest_path
from tests.sources.registries.helpers import props, rejects, relations


@pytest.fixture
def telegram(shared_data: Path) -> Path:
    return shared_data / "evidence" / "telegram"


def test_older_schema_text_and_spans(workspace: Workspace, telegram: Path) -> None:
    path = telegram / "channel_export_result.json"
    export = json.loads(path.read_text("utf-8"))
    result = ingest_path(workspace, path)
    assert result.format == "telegram-json" and result.dataset == "telegram"
    assert result.n_read == result.n_records + result.n_rejected == len(export["messages"]) == 19
    assert result.n_rejected == 0
    locators = [r for (r,) in workspace.db.execute("SELECT locator FROM records").fetchall()]
    assert "message 14" in locators
    # Message 10 mixes plain strings and bold entities; the text is their concatenation.
    message = next(m for m in export["messages"] if m["id"] == 10)
    expected = "".join(p if isinstance(p, str) else p["text"] for p in message["text"])
    assert props(workspace, "telegram-1292077344-10")["bodyText"] == {expected}
    raw = json.loads(
        workspace.db.execute("SELECT raw FROM records WHERE locator = 'message 14'").fetchone()[0]
    )
    link = next(s for s in raw["text_spans"] if s["type"] == "text_link")
    assert raw["text_plain"][link["start"] : link["end"]] == "text link\n\n"
    assert link["href"] == "http://example.com/"
    # The service message (channel created) is a record without a Message entity.
    messages = workspace.db.execute(
        "SELECT count(DISTINCT entity_id) FROM statements WHERE schema = 'Message'"
    ).fetchone()
    assert messages == (sum(1 for m in export["messages"] if m["type"] == "message"),)
    assert props(workspace, "telegram-1292077344")["name"] == {"test"}
    # Ordinary test posts name no brand and no military end user.
    assert relations(workspace, "mentions") == []


def test_newer_schema_dates_and_senders(workspace: Workspace, telegram: Path) -> None:
    path = telegram / "chat_export_newer_schema.json"
    export = json.loads(path.read_text("utf-8"))
    result = ingest_path(workspace, path)
    assert (result.n_records, result.n_rejected) == (len(export["messages"]), 0)
    stamp = next(m for m in export["messages"] if m["id"] == 3662)["date_unixtime"]
    expected = datetime.fromtimestamp(int(stamp), UTC).strftime("%Y-%m-%dT%H:%M:%S")
    message = props(workspace, "telegram-700000000-3662")
    assert message["date"] == {expected} and message["bodyText"] == {"world?"}
    assert message["sender"] == {"telegram-user700000000"}
    assert props(workspace, "telegram-user300000000")["name"] == {"Alice"}
    assert props(workspace, "telegram-700000000-3644")["bodyText"] == {"https://google.com 👀"}


def _channel(messages: list[Any]) -> dict[str, Any]:
    return {"name": "Пустельга", "type": "public_channel", "id": 1500000001, "messages": messages}


POSTS: list[Any] = [
    {
        "id": 1,
        "type": "service",
        "date": "2023-01-10T10:00:00",
        "actor": "Пустельга",
        "action": "create_channel",
        "title": "Пустельга",
        "text": "",
    },
    {
        "id": 2,
        "type": "message",
        "date": "2023-05-05T12:00:00",
        "from": "Пустельга",
        "from_id": "channel1500000001",
        "text": [
            "Выпускники курса получили дипломы. Обучение ",
            {"type": "bold", "text": "мобилизованных"},
            " и военнослужащих Росгвардии управлению ",
            {"type": "text_link", "text": "DJI Mavic 3", "href": "https://example.org/m3"},
            " завершено.",
        ],
    },
    {
        "id": 3,
        "type": "message",
        "date": "2023-05-06T09:30:00",
        "from": "Пустельга",
        "from_id": "channel1500000001",
        "text": "Скидки на DJI Mini 4 Pro до конца недели!",
    },
    {"id": 4, "type": "message", "date": "2023-05-07T09:30:00", "text": ["ok", 42]},
    {"id": 5, "type": "message", "date": "вчера", "text": "DJI"},
    {"type": "message", "date": "2023-05-07T09:30:00", "text": "no id"},
]


def test_russian_channel_posts_mentions_and_rejects(workspace: Workspace, tmp_path: Path) -> None:
    path = tmp_path / "result.json"
    path.write_text(json.dumps(_channel(POSTS), ensure_ascii=False), "utf-8")
    result = ingest_path(workspace, tmp_path)  # the export folder, as Telegram writes it
    assert result.format == "telegram-json"
    assert (result.n_read, result.n_records, result.n_rejected) == (6, 3, 3)
    assert [(loc, field) for loc, field, _ in rejects(workspace)] == [
        ("message 4", "text"),
        ("message 5", "date"),
        ("messages[5]", "id"),
    ]
    text = next(iter(props(workspace, "telegram-1500000001-2")["bodyText"]))
    found = {
        (
            m["target"],
            text[m["props"]["offset_start"] : m["props"]["offset_end"]],
            m["props"]["military_use"],
        )
        for m in relations(workspace, "mentions")
        if m["source"] == "telegram-1500000001-2"
    }
    assert found == {
        ("mention-armed-forces-ru", "мобилизованных", True),
        ("mention-armed-forces-ru", "военнослужащих", True),
        ("mention-rosgvardia", "Росгвардии", True),
        ("mention-dji", "DJI", True),
        ("mention-dji-mavic", "Mavic", True),
    }
    quote = next(
        m["props"]["quote"]
        for m in relations(workspace, "mentions")
        if m["target"] == "mention-rosgvardia"
    )
    assert quote.startswith("Обучение мобилизованных") and quote.endswith("завершено.")
    assert props(workspace, "telegram-1500000001-2")["topics"] == {"mil"}
    # A sales post names DJI without any sign of military use.
    sale = {
        (m["target"], m["props"]["military_use"])
        for m in relations(workspace, "mentions")
        if m["source"] == "telegram-1500000001-3"
    }
    assert sale == {("mention-dji", False), ("mention-dji-mini", False)}
    assert "topics" not in props(workspace, "telegram-1500000001-3")
    assert props(workspace, "mention-dji-mavic") == {
        "name": {"DJI Mavic"},
        "brand": {"DJI"},
        "model": {"Mavic"},
    }


def test_a_channel_title_gives_its_brand_as_an_alias() -> None:
    from dualtrace.sources.posts.telegram import channel_brand

    assert channel_brand("Пустельга | учебный центр БПЛА") == "Пустельга"
    assert channel_brand("ШУББА-Октагон") is None
    assert channel_brand("Drone School — courses in Moscow") == "Drone School"
    assert channel_brand(None) is None
