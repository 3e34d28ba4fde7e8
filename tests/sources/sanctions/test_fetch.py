"""`dualtrace sources fetch` against a loopback HTTP server serving the real shared files."""

from __future__ import annotations

import hashlib
import json
import threading
from collections.abc import Iterator
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from typer.testing import CliRunner

from dualtrace.cli import app
from dualtrace.sources.fetch import FetchError, fetch_list

UN_FILE = "sanctions/un/UN_consolidated-2026-02-27.xml"


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        return


@pytest.fixture
def server(shared_data: Path) -> Iterator[str]:
    handler = partial(_Quiet, directory=str(shared_data))
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


def _config(tmp_path: Path, base: str) -> Path:
    path = tmp_path / "lists.yaml"
    path.write_text(
        f"un_sc_sanctions:\n  url: {base}/{UN_FILE}\n  filename: consolidated.xml\n"
        "us_ofac_cons:\n  files:\n"
        + "".join(
            f"    {n}: {base}/sanctions/ofac-consolidated-2025/{n}\n"
            for n in ("cons_prim.csv", "cons_alt.csv", "cons_add.csv", "cons_comments.csv")
        ),
        encoding="utf-8",
    )
    return path


def test_fetch_records_time_and_checksum_then_ingests(
    server: str, shared_data: Path, tmp_path: Path
) -> None:
    runner = CliRunner()
    ws = tmp_path / "ws"
    assert runner.invoke(app, ["init", str(ws)]).exit_code == 0
    config = _config(tmp_path, server)
    result = runner.invoke(
        app,
        ["sources", "fetch", "un_sc_sanctions", "-w", str(ws), "--config", str(config), "--json"],
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    expected = hashlib.sha256((shared_data / UN_FILE).read_bytes()).hexdigest()
    assert data["files"][0]["sha256"] == expected
    assert data["ingest"]["n_records"] == 1003 and data["ingest"]["dataset"] == "un_sc_sanctions"
    retrieval = json.loads((Path(data["path"]).parent / "retrieval.json").read_text())
    assert retrieval["retrieved_at"] == data["retrieved_at"]
    assert retrieval["files"][0]["url"].endswith(UN_FILE)
    # Fetching the same content again stores nothing new.
    again = runner.invoke(
        app, ["sources", "fetch", "un_sc_sanctions", "-w", str(ws), "--config", str(config)]
    )
    assert again.exit_code == 0 and "unchanged" in again.output


def test_fetch_a_list_of_several_files(server: str, tmp_path: Path) -> None:
    fetched = fetch_list("us_ofac_cons", tmp_path / "dl", overrides=[_config(tmp_path, server)])
    assert fetched.path.is_dir()
    assert sorted(f.name for f in fetched.files) == [
        "cons_add.csv", "cons_alt.csv", "cons_comments.csv", "cons_prim.csv",
    ]  # fmt: skip


def test_url_option_and_http_errors(server: str, tmp_path: Path) -> None:
    with pytest.raises(FetchError, match=r"answered HTTP 404"):
        fetch_list("un_sc_sanctions", tmp_path / "dl", url=f"{server}/no/such/file.xml")
    assert not any((tmp_path / "dl" / "un_sc_sanctions").iterdir())  # nothing half-written


def test_offline_fails_with_one_line(tmp_path: Path) -> None:
    import socket

    with socket.socket() as sock:  # a port nobody listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    with pytest.raises(FetchError, match=r"cannot reach 127\.0\.0\.1:\d+ .*offline") as caught:
        fetch_list("un_sc_sanctions", tmp_path / "dl", url=f"http://127.0.0.1:{port}/x.xml")
    assert "\n" not in str(caught.value)


def test_unknown_list_names_the_known_ones(tmp_path: Path) -> None:
    with pytest.raises(FetchError, match=r"unknown list 'nope'; known lists: .*un_sc_sanctions"):
        fetch_list("nope", tmp_path)
