"""The HTTP API through FastAPI's TestClient: yente's /match shape, /search, /entities,
/reconcile (W3C, protocol 0.2 as OpenRefine sends it, and the newer draft), and refusals."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from dualtrace.api import create_app
from dualtrace.api.service import ScreenSettings
from dualtrace.settings import Settings


@pytest.fixture(scope="module")
def client(ofac_workspace: Path) -> TestClient:
    return TestClient(
        create_app(Settings(workspace=ofac_workspace), ScreenSettings(max_body_bytes=50_000))
    )


def _match(
    client: TestClient, queries: dict[str, object], path: str = "/match/default", **params: object
):  # type: ignore[no-untyped-def]
    return client.post(path, json={"queries": queries}, params=params)


def test_match_has_yentes_shape(client: TestClient) -> None:
    response = _match(
        client,
        {
            "dji": {"schema": "Company", "properties": {"name": ["深圳市大疆创新科技有限公司"]}},
            "p1": {
                "schema": "Person",
                "properties": {"name": "Аркадий Ротенберг", "nationality": ["ru"]},
            },
        },
        limit=3,
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert set(body) == {"responses", "matcher", "limit"} and body["limit"] == 3
    dji = body["responses"]["dji"]
    assert dji["status"] == 200 and dji["total"]["value"] == len(dji["results"])
    assert dji["query"]["schema"] == "Company"
    best = dji["results"][0]
    for key in ("id", "caption", "schema", "properties", "datasets", "score", "match", "features"):
        assert key in best
    assert best["id"] == "us_ofac_cons-33111" and best["match"] is True
    assert best["datasets"] == ["us_ofac_cons"] and best["properties"]["topics"] == ["sanction"]
    assert "name_match" in body["matcher"] and body["matcher"]["name_match"]["description"]
    assert body["responses"]["p1"]["results"][0]["id"] == "us_ofac_sdn-16669"


def test_match_filters_by_dataset_and_threshold(client: TestClient) -> None:
    q = {"q": {"schema": "Company", "properties": {"name": ["Gazprombank"]}}}
    assert _match(client, q, "/match/us_ofac_sdn").json()["responses"]["q"]["results"] == [] or all(
        r["datasets"] == ["us_ofac_sdn"]
        for r in _match(client, q, "/match/us_ofac_sdn").json()["responses"]["q"]["results"]
    )
    cons = _match(client, q, "/match/us_ofac_cons").json()["responses"]["q"]["results"]
    assert cons[0]["id"] == "us_ofac_cons-17016"
    strict = _match(client, q, "/match/default", threshold=1.0, cutoff=0.9).json()
    assert all(r["score"] >= 0.9 for r in strict["responses"]["q"]["results"])
    assert _match(client, q, "/match/no_such_list").status_code == 404


@pytest.mark.parametrize(
    ("queries", "status", "message"),
    [
        ({}, 400, "no queries"),
        ({"a": {"schema": "Company", "properties": {}}}, 400, "no name and no identifier"),
        ({"a": {"schema": "Dragon", "properties": {"name": ["x"]}}}, 400, "unknown schema"),
        ({"a": {"schema": "Company", "properties": {"name": ["x" * 600]}}}, 413, "limit of 500"),
        ({"a": {"properties": {"name": ["x"]}}}, 422, "schema"),
    ],
)
def test_bad_match_requests_get_a_clear_4xx(
    client: TestClient, queries: dict[str, object], status: int, message: str
) -> None:
    response = _match(client, queries)
    assert response.status_code == status
    assert message in json.dumps(response.json()["detail"])


def test_too_many_queries_and_huge_bodies_are_refused(client: TestClient) -> None:
    many = {f"q{i}": {"schema": "Company", "properties": {"name": ["x"]}} for i in range(501)}
    assert _match(client, many).status_code == 413
    huge = client.post(
        "/match/default",
        content=b"{" + b" " * 60_000 + b"}",
        headers={"content-type": "application/json"},
    )
    assert huge.status_code == 413 and "over the limit" in huge.json()["detail"]
    broken = client.post(
        "/match/default", content=b"{not json", headers={"content-type": "application/json"}
    )
    assert broken.status_code == 422


def test_search_and_entity_with_relations(client: TestClient) -> None:
    found = client.get("/search", params={"q": "national bank of cuba"}).json()
    assert found["results"][0]["id"] == "us_ofac_sdn-306"
    assert client.get("/search", params={"q": " "}).status_code == 400
    entity = client.get("/entities/us_ofac_sdn-306").json()
    assert entity["caption"] == "BANCO NACIONAL DE CUBA" and entity["schema"] == "Organization"
    assert "NATIONAL BANK OF CUBA" in entity["properties"]["alias"]
    sanction = [r for r in entity["relations"] if r["type"] == "sanctioned"]
    assert sanction and sanction[0]["direction"] == "outgoing"
    assert (
        sanction[0]["other_id"] == "authority-us-ofac" and sanction[0]["props"]["program"] == "CUBA"
    )
    assert client.get("/entities/nobody-here").status_code == 404


def test_reconcile_as_openrefine_uses_it(client: TestClient) -> None:
    manifest = client.get("/reconcile").json()
    assert manifest["versions"] == ["0.2"] and manifest["defaultTypes"]
    assert "{{id}}" in manifest["view"]["url"]
    queries = {
        "q0": {"query": "Banko Nacional de Kuba", "type": "Organization", "limit": 2},
        "q1": {
            "query": "Rotenberg Arkady",
            "type": "Person",
            "properties": [{"pid": "nationality", "v": "Russia"}],
        },
    }
    form = client.post("/reconcile", data={"queries": json.dumps(queries)}).json()
    assert form["q0"]["result"][0]["id"] == "us_ofac_sdn-306"
    assert form["q0"]["result"][0]["match"] is True
    assert form["q1"]["result"][0]["type"][0]["id"] == "Person"
    got = client.get("/reconcile", params={"queries": json.dumps(queries)}).json()
    assert got["q0"]["result"][0]["id"] == "us_ofac_sdn-306"
    draft = client.post(
        "/reconcile",
        json={
            "queries": [
                {
                    "query": "Gazprombank",
                    "conditions": [{"propertyId": "country", "propertyValue": "ru"}],
                }
            ]
        },
    ).json()
    assert draft["results"][0]["candidates"][0]["id"] == "us_ofac_cons-17016"
    assert client.post("/reconcile", data={"queries": "{oops"}).status_code == 400
    assert (
        client.post("/reconcile", data={"queries": json.dumps({"a": {"query": ""}})}).status_code
        == 400
    )


def test_openapi_is_served(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    assert {"/match/{dataset}", "/search", "/entities/{entity_id}", "/reconcile"} <= set(
        spec["paths"]
    )
