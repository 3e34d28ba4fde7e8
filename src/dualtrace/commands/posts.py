"""`dualtrace posts ...`: try mention rules on a post or page, and ingest with extra rules.

`dualtrace ingest` reads exports and pages with the built-in rules; these commands take
`--rules FILE` (repeatable) to add or override targets. The rules files are stored with the
ingest like the input files, so that the workspace keeps the rules each mention was found by,
and a re-ingest with other rules is a new ingest rather than "unchanged".
"""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Table

from dualtrace.commands.common import JsonOption, WorkspaceOption, out, print_json
from dualtrace.errors import DualtraceError
from dualtrace.settings import DEFAULT_WORKSPACE
from dualtrace.sources.base import SourceFormat, SourceInput
from dualtrace.sources.posts.html_page import SavedPage
from dualtrace.sources.posts.rules import RuleSet, load_rules
from dualtrace.sources.posts.telegram import TelegramExport
from dualtrace.store import IngestResult, ingest_source, open_workspace

posts_app = typer.Typer(
    help="Telegram exports and web pages: mention rules and ingest with them.",
    no_args_is_help=True,
)

RulesOption = Annotated[
    list[Path] | None,
    typer.Option("--rules", help="YAML rules file adding to or overriding the built-in rules."),
]


def post_format(path: Path, rules: RuleSet) -> tuple[SourceFormat, SourceInput]:
    """The post format of `path` (a Telegram export or saved pages), built with `rules`."""
    for fmt in (TelegramExport, SavedPage):
        found = fmt.sniff(path)
        if found is not None:
            return fmt(rules), found
    raise DualtraceError(f"{path}: neither a Telegram Desktop export nor saved HTML pages")


def texts_of(path: Path) -> list[tuple[str, str, str]]:
    """(locator, text, scope) of each post or page in `path`, for trying rules."""
    fmt, source = post_format(path, load_rules())
    found: list[tuple[str, str, str]] = []
    for batch in fmt.parse(source):
        for record in batch.records:
            text = record.raw.get("text_plain")
            if isinstance(text, str) and text:
                scope = "line" if isinstance(fmt, SavedPage) else "text"
                found.append((record.locator, text, scope))
    return found


@posts_app.command("scan")
def scan(
    path: Annotated[Path, typer.Argument(help="A Telegram export, an HTML page or a folder.")],
    rules: RulesOption = None,
    military_only: Annotated[
        bool, typer.Option("--military", help="Only hits of military use.")
    ] = False,
    as_json: JsonOption = False,
) -> None:
    """Show what the rules find in posts or pages, without storing anything."""
    if not path.exists():
        raise DualtraceError(f"{path}: no such file or folder")
    ruleset = load_rules(rules or [])
    rows: list[dict[str, Any]] = []
    for locator, text, scope in texts_of(path):
        for hit in ruleset.find(text, scope=scope):
            if military_only and not hit.military_use:
                continue
            rows.append(
                {
                    "locator": locator,
                    "rule": hit.target.id,
                    "entity": hit.target.entity_id,
                    "words": hit.words,
                    "offset_start": hit.start,
                    "offset_end": hit.end,
                    "military_use": hit.military_use,
                    "quote": hit.quote,
                }
            )
    if as_json:
        print_json(rows)
        return
    table = Table("where", "rule", "words", "military", "quote")
    for row in rows:
        table.add_row(
            str(row["locator"]),
            str(row["rule"]),
            str(row["words"]),
            "yes" if row["military_use"] else "",
            str(row["quote"]),
        )
    out.print(table)
    out.print(f"{len(rows):,} hits; rules from {', '.join(ruleset.sources)}")


@posts_app.command("ingest")
def ingest(
    paths: Annotated[list[Path], typer.Argument(help="Telegram exports, pages or folders.")],
    rules: RulesOption = None,
    workspace: WorkspaceOption = DEFAULT_WORKSPACE,
    as_json: JsonOption = False,
) -> None:
    """Ingest posts or pages with the built-in rules plus `--rules` files."""
    ruleset = load_rules(rules or [])
    results: list[IngestResult] = []
    with open_workspace(workspace) as ws:
        for path in paths:
            if not path.exists():
                raise DualtraceError(f"{path}: no such file or folder")
            fmt, source = post_format(path, ruleset)
            source = SourceInput(source.path, source.files + tuple(rules or []))
            results.append(ingest_source(ws, fmt, source))
    if as_json:
        print_json([asdict(r) for r in results])
        return
    for r in results:
        state = (
            "unchanged" if r.unchanged else f"{r.n_records:,} stored + {r.n_rejected:,} rejected"
        )
        out.print(f"{r.path}: {r.format} -> {r.dataset}: {state}; {r.n_relations:,} relations")
