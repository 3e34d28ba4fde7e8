"""Saved web pages. No public sample of a saved importer page is in the shared data, so pages
are written here the way browsers save them (the `saved from url` comment, a canonical link)."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from dualtrace.cli import app
from dualtrace.store import Workspace, ingest_path
from tests.sources.registries.helpers import props, rejects, relations

PAGE = """<!DOCTYPE html>
<!-- saved from url=(0040)https://skymec.example/news/training.html -->
<html lang="ru"><head><meta charset="utf-8">
<title>Новости: обучение операторов</title>
<link rel="canonical" href="https://skymec.example/news/training">
<meta property="article:published_time" content="2023-06-14T10:00:00+03:00">
<script>var DJI = "не текст страницы";</script>
<style>.Росгвардия { color: red }</style>
</head><body>
<h1>Обучение операторов</h1>
<p>Инструкторы провели занятия для сотрудников <b>Росгвардии</b> на
   квадрокоптерах <a href="/shop/m3">DJI&nbsp;Mavic 3</a>.</p>
<ul><li>В продаже: Autel EVO II Pro</li></ul>
</body></html>
"""


def test_page_text_url_and_passages(workspace: Workspace, tmp_path: Path) -> None:
    path = tmp_path / "training.html"
    path.write_text(PAGE, encoding="utf-8")
    result = ingest_path(workspace, path)
    assert result.format == "html-page" and (result.n_records, result.n_rejected) == (1, 0)
    (page_id,) = {
        e
        for (e,) in workspace.db.execute(
            "SELECT entity_id FROM statements WHERE schema = 'HyperText'"
        ).fetchall()
    }
    page = props(workspace, page_id)
    assert page["sourceUrl"] == {"https://skymec.example/news/training"}
    assert page["title"] == {"Новости: обучение операторов"}
    assert page["publishedAt"] == {"2023-06-14T10:00:00+03:00"}
    (text,) = page["bodyText"]
    assert text.splitlines() == [
        "Обучение операторов",
        "Инструкторы провели занятия для сотрудников Росгвардии на квадрокоптерах DJI Mavic 3.",
        "В продаже: Autel EVO II Pro",
    ]
    found = {
        (
            m["props"]["rule"],
            text[m["props"]["offset_start"] : m["props"]["offset_end"]],
            m["props"]["military_use"],
        )
        for m in relations(workspace, "mentions")
    }
    # The script and style are not page text; Autel sits in another block than Росгвардия.
    assert found == {
        ("rosgvardia", "Росгвардии", True),
        ("dji", "DJI", True),
        ("dji-mavic", "Mavic", True),
        ("autel", "Autel", False),
        ("autel-evo", "Autel EVO II", False),
    }


def test_saved_from_comment_and_empty_pages_in_a_folder(
    workspace: Workspace, tmp_path: Path
) -> None:
    folder = tmp_path / "pages"
    folder.mkdir()
    saved = PAGE.replace('<link rel="canonical" href="https://skymec.example/news/training">', "")
    (folder / "a.html").write_text(saved, encoding="utf-8")
    (folder / "b.html").write_text("<html><body><script>x()</script></body></html>", "utf-8")
    result = ingest_path(workspace, folder)
    assert (result.n_read, result.n_records, result.n_rejected) == (2, 1, 1)
    assert [(loc, field) for loc, field, _ in rejects(workspace)] == [("b.html", "body")]
    urls = workspace.db.execute("SELECT value FROM statements WHERE prop = 'sourceUrl'").fetchall()
    assert urls == [("https://skymec.example/news/training.html",)]


def test_posts_commands_scan_and_ingest_with_user_rules(tmp_path: Path) -> None:
    page = tmp_path / "training.html"
    page.write_text(PAGE, encoding="utf-8")
    rules = tmp_path / "rules.yaml"
    rules.write_text(
        "targets:\n  operators:\n    schema: Organization\n    name: Operator school\n"
        "    patterns: [операторов]\n",
        encoding="utf-8",
    )
    runner = CliRunner()
    scanned = runner.invoke(app, ["posts", "scan", str(page), "--rules", str(rules), "--json"])
    assert scanned.exit_code == 0, scanned.output
    rows = json.loads(scanned.output)
    assert {r["rule"] for r in rows} >= {"operators", "rosgvardia", "dji-mavic"}
    military = runner.invoke(app, ["posts", "scan", str(page), "--military", "--json"])
    assert {r["rule"] for r in json.loads(military.output)} == {"rosgvardia", "dji", "dji-mavic"}
    ws = tmp_path / "ws"
    assert runner.invoke(app, ["init", str(ws)]).exit_code == 0
    args = ["posts", "ingest", str(page), "-w", str(ws), "--json"]
    first = json.loads(runner.invoke(app, [*args, "--rules", str(rules)]).output)
    assert first[0]["format"] == "html-page" and first[0]["n_records"] == 1
    # The same page with other rules is a new ingest, not "unchanged".
    second = json.loads(runner.invoke(app, args).output)
    assert second[0]["unchanged"] is False
    again = json.loads(runner.invoke(app, args).output)
    assert again[0]["unchanged"] is True
