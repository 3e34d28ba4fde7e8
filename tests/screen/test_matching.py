"""Screening the real OFAC lists: tables of names that must and must not match, the features
that move a score, and queries that are refused."""

from __future__ import annotations

from pathlib import Path

import pytest

from dualtrace.screen import Query, QueryError, Screener, load_watchlist
from dualtrace.screen.features import feature_docs
from dualtrace.store import open_workspace

MUST_MATCH = [
    # (query, schema, listed entity): the variation each row exercises in the comment
    (
        "深圳市大疆创新科技有限公司",
        "Company",
        "us_ofac_cons-33111",
    ),  # Chinese -> 'SZ DJI TECHNOLOGY'
    ("Shenzhen Dajiang Innovation Technology", "Company", "us_ofac_cons-33111"),  # pinyin/English
    (
        "Shen Zhen Da Jiang Chuang Xin Ke Ji Youxian Gongsi",
        "Company",
        "us_ofac_cons-33111",
    ),  # the Chinese name in spaced pinyin, syllable by syllable
    ("Аркадий Ротенберг", "Person", "us_ofac_sdn-16669"),  # Cyrillic -> 'ROTENBERG, Arkady'
    ("A. Rotenberg", "Person", "us_ofac_sdn-16669"),  # initials
    ("Banko Nacional de Kuba", "Company", "us_ofac_sdn-306"),  # typos
    ("Cuba Banco Nacional", "Company", "us_ofac_sdn-306"),  # word order
    ("BANCO NACIO\u200bNAL DE\u00ad CUBA", "Company", "us_ofac_sdn-306"),  # invisible chars
    ("\u0412\u0410NCO NACIONAL DE CUBA", "Company", "us_ofac_sdn-306"),  # Cyrillic homoglyphs
    ("АО Газпромбанк", "Company", "us_ofac_cons-17016"),  # legal form and script
    ("Gazprombank Joint Stock Company", "Company", "us_ofac_cons-17016"),
]

MUST_NOT_MATCH = [
    # (query, schema, listed entity that must not be a match)
    ("Bank Mellat", "Company", "us_ofac_sdn-25578"),  # BANK MELLI IRAN: one letter-group apart
    ("Boris Rotenberg", "Person", "us_ofac_sdn-16669"),  # same surname, another person
    ("Banco Central de Cuba", "Company", "us_ofac_sdn-306"),
]


@pytest.mark.parametrize(("name", "schema", "expected"), MUST_MATCH)
def test_variations_find_the_listed_entity(
    ofac_screener: Screener, name: str, schema: str, expected: str
) -> None:
    results = ofac_screener.screen(Query.from_name(name, schema))
    assert results, name
    assert results[0].entity.id == expected
    assert results[0].match, (name, results[0].score, results[0].explanation)


@pytest.mark.parametrize(("name", "schema", "forbidden"), MUST_NOT_MATCH)
def test_near_misses_are_not_matches(
    ofac_screener: Screener, name: str, schema: str, forbidden: str
) -> None:
    results = ofac_screener.screen(Query.from_name(name, schema), limit=20)
    assert all(not r.match for r in results if r.entity.id == forbidden)


def test_watchlist_holds_every_sanctioned_entity(ofac_workspace: Path) -> None:
    ws = open_workspace(ofac_workspace)
    try:
        listed = ws.db.execute(
            "SELECT count(DISTINCT source_id) FROM current_relations WHERE type = 'sanctioned'"
        ).fetchone()
        entities = load_watchlist(ws)
    finally:
        ws.close()
    assert listed is not None and len(entities) == listed[0]
    # 8,976 SDN entries (2021) and the 442 entries of the consolidated list (2025)
    assert len(entities) == 8976 + 442
    cuba = next(e for e in entities if e.id == "us_ofac_sdn-306")
    assert "NATIONAL BANK OF CUBA" in cuba.names and cuba.programs == ("CUBA",)


def test_an_equal_valid_identifier_decides(ofac_screener: Screener) -> None:
    query = Query.from_example("Company", {"name": ["Unrelated Name"], "innCode": ["7744001497"]})
    best = ofac_screener.screen(query)[0]
    assert best.entity.id == "us_ofac_cons-17016"
    assert best.score == 1.0 and best.match
    assert best.features["identifier_match"] == 1.0


def test_birth_date_and_country_conflicts_lower_the_score(ofac_screener: Screener) -> None:
    plain = Query.from_example("Person", {"name": ["Arkady Rotenberg"]})
    born = Query.from_example("Person", {"name": ["Arkady Rotenberg"], "birthDate": ["1951-12-15"]})
    other = Query.from_example("Person", {"name": ["Arkady Rotenberg"], "birthDate": ["1990"]})
    by_id = {}
    for label, q in (("plain", plain), ("born", born), ("other", other)):
        by_id[label] = next(
            r for r in ofac_screener.screen(q) if r.entity.id == "us_ofac_sdn-16669"
        )
    assert by_id["born"].features.get("birth_date_match") == 1.0
    assert by_id["other"].features.get("birth_date_mismatch") == 1.0
    assert by_id["other"].score < by_id["plain"].score <= by_id["born"].score
    cuba = Query.from_example("Company", {"name": ["Banco Nacional de Cuba"], "country": ["ru"]})
    result = next(r for r in ofac_screener.screen(cuba) if r.entity.id == "us_ofac_sdn-306")
    assert result.features.get("country_mismatch") == 1.0 and result.score < 1.0


def test_a_person_query_never_returns_a_company(ofac_screener: Screener) -> None:
    results = ofac_screener.screen(Query.from_name("Banco Nacional de Cuba", "Person"))
    assert all(r.entity.schema not in {"Organization", "Company"} for r in results)


def test_every_result_is_explained(ofac_screener: Screener) -> None:
    best = ofac_screener.screen(Query.from_name("Banco Nacionl de Cuba", "Company"))[0]
    assert best.explanation[0].startswith("name_match = ")
    assert "nacionl~nacional" in best.explanation[0]
    docs = feature_docs()
    assert set(best.features) <= set(docs)
    assert all(doc["description"] for doc in docs.values())


@pytest.mark.parametrize(
    ("schema", "props", "status", "message"),
    [
        ("Company", {}, 400, "no name and no identifier"),
        ("Company", {"name": ["  "]}, 400, "no name"),
        ("Spaceship", {"name": ["x"]}, 400, "unknown schema"),
        ("Company", {"name": ["x" * 501]}, 413, "longer than the limit"),
        ("Company", {"name": ["a"] * 21}, 413, "at most 20"),
        ("Company", {"name": [{"nested": 1}]}, 400, "must be strings"),
    ],
)
def test_bad_queries_are_refused_with_a_reason(
    schema: str, props: dict[str, object], status: int, message: str
) -> None:
    with pytest.raises(QueryError, match=message) as caught:
        Query.from_example(schema, props)
    assert caught.value.status == status
