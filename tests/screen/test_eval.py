"""The labelled evaluation set: regenerated from the real lists it is the same file, and the
screener's precision and recall on it, per class, at the one default threshold."""

from __future__ import annotations

from pathlib import Path

from dualtrace.screen import Screener, load_watchlist
from dualtrace.screen.eval.generate import (
    NEGATIVE_CLASS,
    OFAC_CASES,
    evaluate,
    generate_cases,
    read_cases,
)
from dualtrace.store import open_workspace


def test_the_committed_cases_are_what_the_generator_makes(ofac_workspace: Path) -> None:
    ws = open_workspace(ofac_workspace)
    try:
        entities = load_watchlist(ws)
    finally:
        ws.close()
    assert generate_cases(entities, prefix="ofac") == read_cases(OFAC_CASES)


def test_precision_and_recall_per_class(ofac_screener: Screener) -> None:
    cases = read_cases(OFAC_CASES)
    scores = evaluate(ofac_screener, cases)
    classes = {c.cls for c in cases}
    assert {"exact", "typo", "cyrillic", "chinese", "pinyin", "initials", NEGATIVE_CLASS} <= classes
    overall = scores["all"]
    assert overall.precision >= 0.97 and overall.recall >= 0.97
    for cls in classes - {NEGATIVE_CLASS}:
        assert scores[cls].recall >= 0.97 and scores[cls].precision >= 0.97, (cls, scores[cls])
    for cls in ("exact", "homoglyph", "legal_form", "typo"):
        assert scores[cls].recall >= 0.99, (cls, scores[cls])
    near = scores[NEGATIVE_CLASS]
    assert near.fp <= 0.03 * near.cases
