"""What the flows commands write: CSV beside JSON, added control dates, charts for the dossier,
and one-line errors for bad options."""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

from typer.testing import CliRunner

from dualtrace.cli import app
from dualtrace.flows import control_dates
from dualtrace.flows.charts import draw_charts
from dualtrace.flows.totals import DimensionError
from dualtrace.store import Workspace, open_workspace
from tests.flows.conftest import SeedFlows

runner = CliRunner()


def test_csv_holds_the_json_rows(seed_flows: SeedFlows, tmp_path: Path) -> None:
    target = tmp_path / "quarters.csv"
    args = ["flows", "totals", "-w", str(seed_flows.root), "--by", "quarter,hs6", "--hs", "8806"]
    result = runner.invoke(app, [*args, "--json", "--out", str(target)])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    with target.open(encoding="utf-8", newline="") as handle:
        written = list(csv.DictReader(handle))
    assert len(written) == len(rows) > 0
    assert [r["quarter"] for r in written] == [r["quarter"] for r in rows]
    assert {r["hs6"] for r in rows} >= {"880621", "880622", "880624"}
    assert float(written[0]["value_usd"]) == rows[0]["value_usd"]


def test_an_added_date_is_studied(seed_flows: SeedFlows, tmp_path: Path) -> None:
    root = tmp_path / "ws"  # a copy: the date is kept in the workspace
    shutil.copytree(seed_flows.root, root)
    args = ["flows", "dates", "-w", str(root), "--json"]
    result = runner.invoke(app, [*args, "--add", "2024-02-23", "--label", "a sanctions package"])
    assert result.exit_code == 0, result.output
    listed = json.loads(result.stdout)
    assert [d["date"] for d in listed] == ["2023-09-01", "2024-02-23", "2024-09-01"]
    with open_workspace(root) as ws:
        added = [d.label for d in control_dates(ws) if not d.builtin]
    assert added == ["a sanctions package"]
    result = runner.invoke(app, ["flows", "event", "-w", str(root), "--json"])
    studies = json.loads(result.stdout)
    assert [s["date"] for s in studies] == ["2023-09-01", "2024-02-23", "2024-09-01"]
    bad = runner.invoke(app, [*args, "--add", "2024-02-30"])
    assert bad.exit_code != 0 and "not a date" in str(bad.exception)


def test_charts_are_png_and_svg_and_repeatable(seed_ws: Workspace, tmp_path: Path) -> None:
    first = draw_charts(seed_ws, folder=tmp_path / "a")
    again = draw_charts(seed_ws, folder=tmp_path / "b")
    names = [c.name for c in first]
    assert names[:2] == ["routes", "unit-value"] and "event-2023-09-01" in names
    for one, two in zip(first, again, strict=True):
        assert one.png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
        svg = one.svg.read_text(encoding="utf-8")
        assert svg.lstrip().startswith("<?xml") and "<svg" in svg
        assert svg == two.svg.read_text(encoding="utf-8")


def test_bad_options_are_user_errors(seed_flows: SeedFlows) -> None:
    base = ["flows", "totals", "-w", str(seed_flows.root)]
    result = runner.invoke(app, [*base, "--by", "colour"])
    assert isinstance(result.exception, Exception) and "cannot group by colour" in str(
        result.exception
    )
    assert not isinstance(result.exception, DimensionError)
    result = runner.invoke(app, [*base, "--from", "2023/01"])
    assert "write it as YYYY-MM" in str(result.exception)
    result = runner.invoke(app, [*base, "--level", "both"])
    assert "use shipment, statistics or all" in str(result.exception)
