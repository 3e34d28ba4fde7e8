"""The evaluation classes made from the OpenSanctions export of the Ukrainian War & Sanctions
portal (companies and people of Russia's military industry, with Cyrillic aliases). The data is
CC BY-NC, so its cases are made here, at test time, and never written into the repository."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from dualtrace.screen import Query, Screener, ScreenIndex, WatchEntity, load_watchlist
from dualtrace.screen.eval.generate import (
    CROSSINGS,
    NEGATIVE_CLASS,
    evaluate,
    generate_cases,
    script_crossings,
)
from dualtrace.store import ingest_path, init_workspace

TARGETS = "sanctions/opensanctions/ua_war_sanctions.targets.simple.csv"


@pytest.fixture(scope="module")
def os_entities(
    shared_data: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[list[WatchEntity]]:
    ws = init_workspace(tmp_path_factory.mktemp("os") / "ws")
    try:
        ingest_path(ws, shared_data / TARGETS)
        yield load_watchlist(ws)
    finally:
        ws.close()


def test_variation_classes_on_the_opensanctions_list(os_entities: list[WatchEntity]) -> None:
    assert len(os_entities) == 5600
    cases = generate_cases(os_entities, prefix="os")
    scores = evaluate(Screener(ScreenIndex(os_entities)), cases)
    classes = {c.cls for c in cases}
    assert {"exact", "typo", "cyrillic", "chinese", "pinyin", NEGATIVE_CLASS} <= classes
    for cls in classes - {NEGATIVE_CLASS}:
        assert scores[cls].recall >= 0.97 and scores[cls].precision >= 0.97, (cls, scores[cls])
    assert scores[NEGATIVE_CLASS].fp <= 0.03 * scores[NEGATIVE_CLASS].cases


def test_names_cross_between_cyrillic_and_latin(os_entities: list[WatchEntity]) -> None:
    crossings = script_crossings(os_entities, prefix="os")
    assert set(crossings) == set(CROSSINGS)
    for cls, (listed, cases) in crossings.items():
        assert len(cases) == 150
        # the listed copy has the party only in the other script
        by_id = {e.id: e for e in listed}
        case = cases[0]
        assert case.query not in by_id[case.expected_id].names
        score = evaluate(Screener(ScreenIndex(listed)), cases)[cls]
        assert score.recall >= 0.97 and score.precision >= 0.97, (cls, score)


def test_a_cyrillic_alias_finds_its_latin_listing(os_entities: list[WatchEntity]) -> None:
    listed, _cases = script_crossings(os_entities, prefix="os")["cyrillic_to_latin"]
    screener = Screener(ScreenIndex(listed))
    best = screener.screen(Query.from_name("ИВАХА Денис Владимирович", "Person"))[0]
    assert best.entity.caption == "IVAKHA Denis Vladimirovich" and best.match
