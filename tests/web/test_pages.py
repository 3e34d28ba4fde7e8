"""Every page of the web app through FastAPI's TestClient, on the built-in investigation's
workspace: the content asserted is what the seed case's truth and the workspace say."""

from __future__ import annotations

import html
import re
import shutil
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient

from dualtrace.model import Reject
from dualtrace.pipeline import DEMO_TITLE, DemoRun
from dualtrace.settings import Settings
from dualtrace.sources.base import SourceInput
from dualtrace.store import ingest_source, open_workspace
from dualtrace.store.records import find_records
from dualtrace.store.status import workspace_status
from dualtrace.web import create_app
from tests.helpers import InlineFormat, entity_batch
from tests.web.conftest import resolved_id


def _text(page: str) -> str:
    """The page's words, tags dropped and entities decoded, for asserting on content."""
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page))).strip()


def test_root_sends_a_browser_to_the_overview(client: TestClient) -> None:
    response = client.get("/", follow_redirects=False)
    assert response.status_code == 307 and response.headers["location"] == "/ui/"


def test_overview_shows_what_status_shows(client: TestClient, demo: DemoRun) -> None:
    ws = open_workspace(demo.workspace)
    try:
        status = workspace_status(ws)
    finally:
        ws.close()
    response = client.get("/ui/")
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/html")
    text = _text(response.text)
    assert f"{status.canonical_entities:,} resolved entities" in text
    assert f"{status.flags:,} red flags" in text
    for d in status.datasets:
        assert f"{d.dataset} {d.format} {d.ingests} {d.records:,}" in text
    for link in ("/ui/search", "/ui/trace", "/ui/dossier", "/ui/rejects", "/docs"):
        assert f'href="{link}"' in response.text
    assert "JOINT-STOCK COMPANY IZHEVSK ELECTROMECHANICAL PLANT KUPOL" in text
    assert client.get("/ui/static/web.css").status_code == 200


def test_screening_shows_the_explained_matches_match_gives(
    client: TestClient, truth: dict[str, Any]
) -> None:
    [kupol] = [e for e in truth["entities"] if e["entity"] == "kupol"]
    name = kupol["names"][0]
    page = client.get("/ui/search", params={"name": name, "schema": "Company", "limit": 5})
    assert page.status_code == 200
    api = client.post(
        "/match/default",
        json={"queries": {"q": {"schema": "Company", "properties": {"name": [name]}}}},
        params={"limit": 5},
    ).json()["responses"]["q"]["results"]
    assert api, "the seed case's sanctioned plant is on the OFAC list"
    best = api[0]
    assert best["datasets"] == ["us_ofac_sdn"] and best["match"]
    rows = re.findall(r"<tr>\s*<td>(.*?)</tr>", page.text, flags=re.S)
    assert len(rows) == len(api)
    first = _text(rows[0])
    assert first.startswith("MATCH") and f"{best['score']:.2f}" in first
    assert best["caption"] in first and "us_ofac_sdn" in first
    assert best["properties"]["programId"][0] in first
    assert all(line in first for line in best["explanation"])
    assert f'href="/ui/entity/{best["id"]}"' in rows[0]


def test_screening_form_alone_and_bad_queries(client: TestClient) -> None:
    empty = client.get("/ui/search")
    assert empty.status_code == 200 and 'name="name"' in empty.text and "resemble" not in empty.text
    for params, status, message in (
        ({"name": " "}, 400, "the query has no name and no identifier to screen"),
        ({"name": "x", "schema": "Dragon"}, 400, "unknown schema 'Dragon'"),
        ({"name": "x" * 501}, 413, "longer than the limit of 500"),
        ({"name": "x", "dataset": "no_such_list"}, 404, "no dataset 'no_such_list'"),
        ({"name": "x", "limit": "0"}, 422, "limit: Input should be greater than or equal to 1"),
    ):
        response = client.get("/ui/search", params=params)
        assert response.status_code == status, params
        assert response.headers["content-type"].startswith("text/html")
        assert message in _text(response.text), (params, _text(response.text))


def test_screening_by_identifier_alone(client: TestClient, truth: dict[str, Any]) -> None:
    [kupol] = [e for e in truth["entities"] if e["entity"] == "kupol"]
    page = client.get("/ui/search", params={"identifier": kupol["identifiers"]["innCode"]})
    assert page.status_code == 200
    assert "IZHEVSK ELECTROMECHANICAL PLANT KUPOL" in page.text


def test_entity_page_cites_its_records(
    client: TestClient, demo: DemoRun, truth: dict[str, Any]
) -> None:
    kupol = resolved_id(demo.workspace, truth, "kupol")
    vektor = resolved_id(demo.workspace, truth, "vektor")
    page = client.get(f"/ui/entity/{kupol}")
    assert page.status_code == 200
    text = _text(page.text)
    [facts] = [e for e in truth["entities"] if e["entity"] == "kupol"]
    assert all(n in text for n in facts["names"])
    assert facts["identifiers"]["innCode"] in text and facts["identifiers"]["ogrnCode"] in text
    assert "sanctioned +100 Sanctioned: Office of Foreign Assets Control" in text
    # each relation cites its record: id, file, locator and excerpt, as stored
    record_ids = set(re.findall(r"<code>([^<]+:[^<]+)</code>", page.text))
    ws = open_workspace(demo.workspace)
    try:
        records = find_records(ws.db, sorted(record_ids))
    finally:
        ws.close()
    assert records, record_ids
    for record in records.values():
        assert record.locator in text
    assert any(r.locator.startswith("invoices.csv line") for r in records.values())
    # a neighbour is one link away, and its page resolves to its resolved entity
    [link] = {m for m in re.findall(r'href="/ui/entity/([^"]+)">TSK Vektor', page.text)}
    neighbour = client.get(f"/ui/entity/{link}")
    assert neighbour.status_code == 200 and f"<code>{vektor}</code>" in neighbour.text


def test_unknown_entity_is_a_404_page(client: TestClient) -> None:
    response = client.get("/ui/entity/nobody-here")
    assert response.status_code == 404
    assert "no entity 'nobody-here' in the workspace" in _text(response.text)


def test_a_mistyped_page_address_is_a_404_page_and_the_api_keeps_json(client: TestClient) -> None:
    response = client.get("/ui/screen?name=Kupol")
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("text/html")
    assert "no page /ui/screen" in _text(response.text)
    api = client.get("/no-such-endpoint")
    assert api.status_code == 404 and api.json() == {"detail": "Not Found"}


def test_trace_reaches_the_known_end_users(
    client: TestClient, demo: DemoRun, truth: dict[str, Any]
) -> None:
    aee = resolved_id(demo.workspace, truth, "aee")
    page = client.get("/ui/trace", params={"entity": aee, "to_end_users": "true", "hs": ""})
    assert page.status_code == 200
    paths = [_text(p) for p in page.text.split('<div class="path">')[1:]]
    [to_kupol] = [p for p in paths if "ELECTROMECHANICAL PLANT KUPOL (ru) (2 hops)" in p]
    assert "TSK Vektor LLC paid Sichuan AEE Technology Co., Ltd. (5,120,000 CNY" in to_kupol
    assert "invoices.csv line 32" in to_kupol and "invoices.csv line 35" in to_kupol
    site = resolved_id(demo.workspace, truth, "site-05")
    pustelga = resolved_id(demo.workspace, truth, "pustelga")
    down = client.get("/ui/trace", params={"entity": site, "to_end_users": "true"})
    assert f'href="/ui/entity/{pustelga}">PUSTELGA' in down.text
    up = client.get("/ui/trace", params={"entity": pustelga, "direction": "upstream"})
    assert f'href="/ui/entity/{site}"' in up.text
    near = _text(client.get("/ui/trace", params={"entity": aee, "direction": "sanctioned"}).text)
    assert "1 path sanctioned" in near and "TSK Vektor LLC (ru) (1 hop)" in near


def test_trace_filters_and_refusals(
    client: TestClient, demo: DemoRun, truth: dict[str, Any]
) -> None:
    aee = resolved_id(demo.workspace, truth, "aee")
    form = client.get("/ui/trace")
    assert form.status_code == 200 and 'name="chpl_tier"' in form.text and "paths" not in form.text
    early = client.get("/ui/trace", params={"entity": aee, "until": "2020-01-01"})
    assert "0 paths downstream" in _text(early.text)
    for params, status, message in (
        ({"entity": aee, "chpl_tier": "9"}, 400, "unknown CHPL tier(s) 9"),
        ({"entity": "nobody"}, 404, "unknown entity 'nobody'"),
        ({"entity": aee, "direction": "sideways"}, 400, "direction must be downstream"),
        ({"entity": aee, "max_hops": "99"}, 422, "max_hops: Input should be less than"),
    ):
        response = client.get("/ui/trace", params=params)
        assert response.status_code == status, params
        assert message in _text(response.text)


def test_dossier_of_the_demo_is_served_with_its_charts(client: TestClient) -> None:
    listing = client.get("/ui/dossier")
    assert listing.status_code == 200 and 'href="/ui/reports/dossier.html"' in listing.text
    dossier = client.get("/ui/reports/dossier.html")
    assert dossier.status_code == 200 and DEMO_TITLE in dossier.text
    charts = re.findall(r'<img src="([^"]+)"', dossier.text)
    assert charts
    chart = client.get(f"/ui/reports/{charts[0]}")
    assert chart.status_code == 200 and chart.content.startswith(b"\x89PNG")
    for outside in ("../dualtrace.duckdb", "%2e%2e/dualtrace.duckdb", "nothing.html"):
        assert client.get(f"/ui/reports/{outside}").status_code == 404


def test_writing_the_dossier_shows_its_findings(demo: DemoRun, tmp_path: Path) -> None:
    copy = tmp_path / "ws"
    shutil.copytree(demo.workspace, copy, ignore=shutil.ignore_patterns("inputs"))
    client = TestClient(create_app(Settings(workspace=copy)))
    response = client.post("/ui/dossier", data={"title": "Kupol <suppliers>"})
    assert response.status_code == 200
    text = _text(response.text)
    assert "Findings of dossier.html" in text and "Supplies reaching sanctioned parties" in text
    assert "Path: Sichuan AEE Technology Co., Ltd. → TSK Vektor LLC →" in text
    written = (copy / "reports" / "dossier.html").read_text(encoding="utf-8")
    assert "<title>Kupol &lt;suppliers&gt;</title>" in written


def test_rejects_list_file_place_field_and_reason_escaped(tmp_path: Path) -> None:
    root = tmp_path / "ws"
    from dualtrace.store import init_workspace

    ws = init_workspace(root)
    try:
        batch = entity_batch("inline_list", {"a": ("Company", {"name": "A <b>Co</b>"})})
        batch.rejects.append(
            Reject("rows.csv line 7", "bad date '<script>alert(1)</script>'", "x", "birthDate")
        )
        path = tmp_path / "rows.csv"
        path.write_text("name\nA\n", encoding="utf-8")
        ingest_source(ws, InlineFormat("inline_list", batch), SourceInput(path, (path,)))
    finally:
        ws.close()
    client = TestClient(create_app(Settings(workspace=root)))
    page = client.get("/ui/rejects")
    assert page.status_code == 200
    assert "<script>alert" not in page.text
    assert "bad date '&lt;script&gt;alert(1)&lt;/script&gt;'" in page.text.replace("&#39;", "'")
    assert "rows.csv line 7 birthDate" in _text(page.text) and "inline_list" in page.text
    entity = client.get("/ui/entity/a")
    assert entity.status_code == 200 and "A &lt;b&gt;Co&lt;/b&gt;" in entity.text
    assert "not resolved yet" in entity.text
    search = client.get("/ui/search", params={"name": "<img src=x onerror=alert(1)>"})
    assert "<img src=x" not in search.text and "&lt;img src=x onerror=alert(1)&gt;" in search.text
    assert client.get("/ui/rejects", params={"limit": "-1"}).status_code == 422
