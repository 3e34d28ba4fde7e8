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
from typer.testing import CliRunner

from dualtrace.cli import app
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


def test_egrul_records_parse_and_match_the_truth(world: World, workspace: Workspace) -> None:
    registry = _truth(world, "registry_ru.json")
    parties = {e["entity"]: e for e in _truth(world, "entities.json")}
    folder = world.root / "egrul"
    assert detect(folder)[0].name == "egrul-xml"
    assert all(f.read_bytes().startswith(b'<?xml version="1.0" encoding="windows-1251"?>')
               for f in folder.glob("*.xml"))  # fmt: skip
    result = ingest_path(workspace, folder)
    assert result.n_rejected == 0 and result.n_records == len(registry["companies"])
    russians = {k for k, e in parties.items() if e["country"] == "ru"}
    assert set(registry["companies"]) == russians
    db = workspace.db

    def values(prop: str) -> dict[str, set[str]]:
        out: dict[str, set[str]] = {}
        rows = db.execute(
            "SELECT s.entity_id, s.value FROM current_statements s WHERE s.prop = ?", [prop]
        ).fetchall()
        for entity_id, value in rows:
            out.setdefault(entity_id, set()).add(value)
        return out

    inn = {e: v.pop() for e, v in values("innCode").items() if e.startswith("ru_egrul-1")}
    codes = values("okvedCode")
    military, civilian_research = 0, 0
    for key, company in registry["companies"].items():
        ogrn = parties[key]["identifiers"]["ogrnCode"]
        entity = f"ru_egrul-{ogrn}"
        assert inn[entity] == parties[key]["identifiers"]["innCode"]
        assert codes[entity] == set(company["okved"])
        military += parties[key]["end_use"] == "military" and bool(company["military_okved"])
        civilian_research += parties[key]["end_use"] == "civilian" and "72.19" in company["okved"]
    assert military > 0
    # Founders' shares and directors, as relations from the registry's own record.
    owns = db.execute(
        "SELECT source_id, target_id, props FROM relations WHERE type = 'owns'"
    ).fetchall()
    shares: dict[str, float] = {}
    for _source, target, props in owns:
        shares[target] = shares.get(target, 0) + json.loads(props)["share_pct"]
    assert shares and all(abs(v - 100) < 1e-6 for v in shares.values())
    by_key = {k: f"ru_egrul-{parties[k]['identifiers']['ogrnCode']}" for k in russians}
    for case in registry["ownership"]:
        owned = by_key[case["owned"]]
        found = {
            (s, json.loads(p)["share_pct"]) for s, t, p in owns if t == owned and "person" not in s
        }
        assert len(found) == len(case["owners"])
        assert case["blocked"] == (case["sanctioned_share_pct"] >= 50)
    assert {c["kind"] for c in registry["ownership"]} >= {"majority", "minority", "chain"}
    directs = db.execute(
        "SELECT source_id, list(target_id) FROM relations WHERE type = 'directs' GROUP BY 1"
    ).fetchall()
    shared = {p: set(t) for p, t in directs if len(t) > 1}
    assert len(shared) == len({d["person"] for d in registry["shared_directors"]}) > 0
    late = [
        k
        for k, c in registry["companies"].items()
        if parties[k]["role"] == "importer" and c["registered"][:4] == "2022"
    ]
    assert all(registry["companies"][k]["registered"] > "2022-02-24" for k in late)


def test_flight_manifests_hold_the_planted_co_travel(world: World, workspace: Workspace) -> None:
    flights = _truth(world, "flights.json")
    path = world.root / flights["file"]
    assert detect(path)[0].name == "flight-manifest"
    result = ingest_path(workspace, path)
    assert result.n_rejected == len(flights["rejects"]) == 1
    assert result.n_records == flights["legs"] - 1
    rejected = workspace.db.execute("SELECT locator, field FROM rejects").fetchall()
    assert [(r[0], r[1]) for r in rejected] == [
        (f"manifests.csv line {r['line']}", r["field"]) for r in flights["rejects"]
    ]
    people = flights["people"]
    pairs = workspace.db.execute(
        """
        SELECT DISTINCT pa.value, pb.value, r.start_date, r.props->>'flight'
        FROM relations r
        JOIN current_statements pa ON pa.entity_id = r.source_id AND pa.prop = 'name'
        JOIN current_statements pb ON pb.entity_id = r.target_id AND pb.prop = 'name'
        WHERE r.type = 'travelled_with'
        """
    ).fetchall()
    together = {(frozenset((a, b)), str(day), flight) for a, b, day, flight in pairs}
    kinds = Counter(c["kind"] for c in flights["co_travel"])
    assert kinds["planted"] > 0 and kinds["business"] > 0
    parties = {e["entity"]: e for e in _truth(world, "entities.json")}
    for c in flights["co_travel"]:
        names = frozenset(people[p]["passport"] for p in c["people"])
        assert (names, c["date"], c["flight"].replace(" ", "")) in together, c
        maker, buyer = (parties[k] for k in c["parties"])
        assert maker["country"] in {"cn", "hk"} and buyer["country"] == "ru"
        if c["kind"] == "planted":
            assert buyer["end_use"] != "civilian"
    directors = _truth(world, "registry_ru.json")["people"]
    for c in flights["co_travel"]:
        assert directors[c["people"][1]]["passport"] == people[c["people"][1]]["passport"]


def test_dualtrace_ingest_reads_the_new_sources(world: World, tmp_path: Path) -> None:
    runner = CliRunner()
    ws = tmp_path / "ws"
    assert runner.invoke(app, ["init", str(ws)]).exit_code == 0
    channel = world.root / Path(_truth(world, "channels.json")[0]["file"]).parent
    paths = [world.root / "egrul", world.root / "flights" / "manifests.csv", channel]
    result = runner.invoke(app, ["ingest", "-w", str(ws), "--json", *map(str, paths)])
    assert result.exit_code == 0, result.output
    got = {
        r["format"]: (r["n_read"], r["n_records"], r["n_rejected"])
        for r in json.loads(result.output)
    }
    flights = _truth(world, "flights.json")
    assert got["egrul-xml"][2] == 0
    assert got["egrul-xml"][1] == len(_truth(world, "registry_ru.json")["companies"])
    assert got["flight-manifest"] == (flights["legs"], flights["legs"] - 1, 1)
    assert got["telegram-json"][2] == 0
