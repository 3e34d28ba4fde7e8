"""A user's own mapping for a new layout, through the command line, with rejects listed.

The layout is invented for the test (a forwarder's semicolon export with its own column names):
the point is that a YAML file, not code, makes it readable.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

MAPPING = """
name: forwarder-export
dataset: forwarder_shipments
delimiter: ";"
decimal: ","
date_formats: ["%d/%m/%Y"]
required: [sender, recipient, date]
fields:
  declaration: Ref
  date: Shipped on
  sender: From company
  recipient: To company
  hs_code: Tariff
  value: Amount
  currency: Cur
constants:
  destination_country: KZ
"""
DATA = """Ref;Shipped on;From company;To company;Tariff;Amount;Cur
F-1;02/03/2024;Ningbo Motors Ltd;TOO Step Trade;8501.31;1 250,00;USD
F-2;31/02/2024;Ningbo Motors Ltd;TOO Step Trade;8501.31;90,00;USD
F-3;04/03/2024;Ningbo Motors Ltd;;8501.31;90,00;USD
"""


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "dualtrace.cli", *args],
        capture_output=True,
        text=True,
        env={**os.environ, "COLUMNS": "200"},
        timeout=120,
        check=False,
    )


def test_user_mapping_ingests_and_rejects_are_listed(tmp_path: Path) -> None:
    ws = str(tmp_path / "ws")
    (tmp_path / "forwarder.yaml").write_text(MAPPING, encoding="utf-8")
    data = tmp_path / "export.csv"
    data.write_text(DATA, encoding="utf-8")
    assert run("init", ws).returncode == 0
    unknown = run("ingest", str(data), "-w", ws)
    assert unknown.returncode == 1 and "format not recognised" in unknown.stderr
    done = run("ingest", str(data), "-w", ws, "--mapping", str(tmp_path / "forwarder.yaml"))
    assert done.returncode == 0, done.stderr
    assert "forwarder_shipments" in done.stdout
    assert "read 3 = 1 stored + 2 rejected" in done.stdout
    listed = run("rejects", "-w", ws, "--json")
    rows = json.loads(listed.stdout)
    assert [(r["locator"], r["field"], r["reason"]) for r in rows] == [
        ("export.csv line 3", "Shipped on", "date not in the form %d/%m/%Y: 31/02/2024"),
        ("export.csv line 4", "To company", "missing required recipient"),
    ]


def test_a_mapping_with_an_unknown_field_is_refused(tmp_path: Path) -> None:
    ws = str(tmp_path / "ws")
    bad = tmp_path / "bad.yaml"
    bad.write_text(MAPPING.replace("  currency: Cur", "  colour: Cur"), encoding="utf-8")
    data = tmp_path / "export.csv"
    data.write_text(DATA, encoding="utf-8")
    run("init", ws)
    result = run("ingest", str(data), "-w", ws, "--mapping", str(bad))
    assert result.returncode == 1
    assert "unknown field(s) colour" in result.stderr
    assert result.stderr.count("\n") == 1
