"""The web app in a real browser: Debian's Chromium driven by Playwright, against
`dualtrace serve` started on a loopback port. It walks what an investigator does first:
overview, screen a name, open the listed entity, trace from it, and keep a screenshot.

Skipped only where Chromium is absent and cannot be installed (not root); `make install`
installs it as root, and CI runs as root, so there a missing browser fails the test."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from dualtrace.pipeline import DemoRun

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists() and os.geteuid() != 0,
    reason=f"{CHROMIUM} is missing and only root installs it (apt-get install chromium)",
)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="module")
def server(demo: DemoRun, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """`dualtrace serve` on a copy of the demo workspace (a server holds its own lock)."""
    root = tmp_path_factory.mktemp("browser") / "ws"
    shutil.copytree(demo.workspace, root, ignore=shutil.ignore_patterns("inputs"))
    port = _free_port()
    cli = [sys.executable, "-c", "from dualtrace.cli import main; main()"]
    proc = subprocess.Popen(
        [*cli, "serve", "--workspace", str(root), "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(f"{base}/healthz", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                output = proc.stdout.read().decode() if proc.stdout else ""
                pytest.fail(f"dualtrace serve did not start: {output[-2000:]}")
            time.sleep(0.1)
        yield base
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def test_screen_follow_trace_and_screenshot(
    server: str, truth: dict[str, Any], tmp_path: Path
) -> None:
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: run `make install` as root (installs chromium)")
    from playwright.sync_api import sync_playwright

    [kupol] = [e for e in truth["entities"] if e["entity"] == "kupol"]
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page()
            page.goto(f"{server}/")
            assert page.url == f"{server}/ui/"
            assert "red flags" in page.inner_text("main")

            page.fill("input[name=name]", kupol["names"][0])
            page.click("form.panel button")
            page.wait_for_url("**/ui/search?*")
            first = page.locator("table.results tr").nth(1)
            assert "MATCH" in first.inner_text() and "us_ofac_sdn" in first.inner_text()

            first.locator("a").first.click()
            page.wait_for_url("**/ui/entity/*")
            assert "IZHEVSK ELECTROMECHANICAL PLANT KUPOL" in page.inner_text("h1")
            assert "invoices.csv line" in page.inner_text("table.relations")

            page.click("text=upstream")
            page.wait_for_url("**/ui/trace?*")
            trace = page.inner_text("main")
            assert "Sichuan AEE Technology Co., Ltd." in trace and "TSK Vektor LLC" in trace

            shot = tmp_path / "trace.png"
            page.screenshot(path=str(shot), full_page=True)
        finally:
            browser.close()
    data = shot.read_bytes()
    assert data.startswith(b"\x89PNG\r\n\x1a\n") and len(data) > 10_000
