"""A generated world's evidence: Telegram channels, EGRUL records and flight manifests, read
by dualtrace's own parsers and checked against the world's truth.

All files are generated; their formats follow the real samples in ../shared/data/evidence
(Telegram Desktop exports in both schemas, EGRUL open-data XML 4.07) and, for flight
manifests, the layout sources/ledger/manifests.py documents (no public sample exists).
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from dualtrace.sources.posts.telegram import channel_brand
from dualtrace.sources.registry import detect
from dualtrace.store import Workspace, ingest_path
from dualtrace.synth.world import World, generate_world

MILITARY_TARGETS = ("mention-armed-forces-ru", "mention-rosgvardia", "mention-wagner")


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> World:
    return generate_world(tmp_path_factory.mktemp("evidence") / "w", seed=11, scale="tiny")


def _truth(world: World, name: str) -> Any:
    return json.loads((world.root / "truth" / name).read_text(encoding="utf-8"))


def test_channels_belong_to_end_users_and_name_them(world: World) -> None:
    channels = _truth(world, "channels.json")
    parties = {e["entity"]: e for e in _truth(world, "entities.json")}
    kinds = Counter(c["end_use"] for c in channels)
    assert kinds["military_linked"] and kinds["civilian"]
    assert {c["schema"] for c in channels} == {"older", "newer"}
    owners = {c["entity"] for c in channels}
    military = {k for k, e in parties.items() if e["end_use"] == "military"}
    assert military - owners, "some military users keep no channel"
    same = _truth(world, "same_entity.json")
    for c in channels:
        data = json.loads((world.root / c["file"]).read_text(encoding="utf-8"))
        assert data["name"] == c["title"] and data["id"] == c["channel_id"]
        ids = {m["id"] for m in data["messages"] if m["type"] == "message"}
        assert ids == {int(k) for k in c["posts"]}
        assert set(c["military_use"]) <= ids
        newer = all("text_entities" in m for m in data["messages"])
        assert newer == (c["schema"] == "newer")
        brand = channel_brand(c["title"]) or c["title"]
        assert {m["written"] for m in same[c["entity"]]} >= {c["title"]}
        assert any(brand in name or name in brand for name in parties[c["entity"]]["names"])


def test_channels_parse_and_posts_alone_do_not_settle_end_use(
    world: World, workspace: Workspace
) -> None:
    channels = _truth(world, "channels.json")
    for c in channels:
        folder = world.root / Path(c["file"]).parent
        assert detect(folder)[0].name == "telegram-json"
        result = ingest_path(workspace, folder)
        assert result.n_rejected == 0
        assert result.n_records == len(c["posts"]) + 1  # and the channel's creation
    rows = workspace.db.execute(
        "SELECT DISTINCT source_id FROM relations WHERE type = 'mentions' AND target_id IN "
        "(SELECT unnest($t))",
        {"t": list(MILITARY_TARGETS)},
    ).fetchall()
    flagged = {r[0] for r in rows}
    told = {f"telegram-{c['channel_id']}-{k}" for c in channels for k in c["military_use"]}
    topic = {f"telegram-{c['channel_id']}-{k}": v for c in channels for k, v in c["posts"].items()}
    assert told and told <= flagged
    # Civilian greetings to servicemen match the words of military end use; nothing else does.
    assert {topic[m] for m in flagged - told} <= {"greeting_23feb"}
    brands = workspace.db.execute(
        "SELECT count(DISTINCT source_id) FROM relations WHERE target_id = 'mention-dji'"
    ).fetchone()
    assert brands is not None and brands[0] > len(told)
