"""The command line as a new user meets it: help, init, ingest, status, and one-line errors."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest


def run(
    *args: str, cwd: Path | None = None, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    full_env = {**os.environ, "COLUMNS": "200", **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "dualtrace.cli", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        env=full_env,
        timeout=120,
        check=False,
    )


def test_help_lists_the_stages() -> None:
    result = run("--help")
    assert result.returncode == 0
    for command in ("init", "ingest", "status", "resolve", "flag", "trace", "report"):
        assert command in result.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["bogus"], "No such command"),
        (["ingest"], "Missing argument"),
        (["status", "--nope"], "No such option"),
    ],
)
def test_bad_arguments_give_one_line(args: list[str], message: str) -> None:
    result = run(*args)
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ") and message in lines[0]
    assert "Traceback" not in result.stderr


def test_user_errors_are_one_line_with_exit_1(tmp_path: Path) -> None:
    result = run("status", "--workspace", str(tmp_path / "none"))
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [
        f"error: {tmp_path / 'none'} is not a dualtrace workspace (no dualtrace.duckdb); "
        f"create one with `dualtrace init {tmp_path / 'none'}`"
    ]


def test_init_ingest_status_round_trip(tmp_path: Path, shared_data: Path) -> None:
    ws = tmp_path / "case"
    assert run("init", str(ws)).returncode == 0
    env = {"DUALTRACE_WORKSPACE": str(ws)}
    folder = shared_data / "sanctions" / "ofac-consolidated-2025"
    first = run("ingest", str(folder), "--json", env=env)
    assert first.returncode == 0, first.stderr
    [result] = json.loads(first.stdout)
    assert result["dataset"] == "us_ofac_cons" and result["n_rejected"] == 0
    assert result["n_read"] == result["n_records"] > 0
    again = run("ingest", str(folder), env=env)
    assert "unchanged" in again.stdout
    status = json.loads(run("status", "--json", env=env).stdout)
    assert [d["dataset"] for d in status["datasets"]] == ["us_ofac_cons"]
    assert status["datasets"][0]["records"] == result["n_records"]


def test_a_broken_file_is_one_line_naming_file_and_line(tmp_path: Path, shared_data: Path) -> None:
    ws = tmp_path / "case"
    run("init", str(ws))
    result = run("ingest", "-w", str(ws), str(shared_data / "sanctions" / "malformed-ofac"))
    assert result.returncode == 1
    [line] = result.stderr.strip().splitlines()
    assert "malformed-ofac/" in line and ":line " in line
