"""The dossier model and its HTML rendering (Jinja2, autoescaped).

Every sentence carries the numbers of the citations that prove it; a sentence without
evidence is not written. Synthetic records are marked as such wherever they are cited.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from jinja2 import Environment, PackageLoader, select_autoescape

from dualtrace import __version__
from dualtrace.report.citations import Citation, CitationIndex
from dualtrace.store import Workspace


@dataclass(frozen=True, slots=True)
class Sentence:
    text: str
    cites: tuple[int, ...] = ()


@dataclass
class Finding:
    key: str
    title: str
    sentences: list[Sentence] = field(default_factory=list)
    charts: list[str] = field(default_factory=list)
    """Paths of chart images (relative to the dossier) shown under the finding."""

    def add(self, text: str, cites: list[int]) -> None:
        if cites:
            self.sentences.append(Sentence(text, tuple(cites)))


@dataclass
class SourceFile:
    dataset: str
    format: str
    name: str
    sha256: str
    records: int
    rejected: int


@dataclass
class Dossier:
    title: str
    workspace: str
    generated_at: str
    findings: list[Finding]
    sources: list[SourceFile]
    citations: list[Citation]
    notes: list[str] = field(default_factory=list)


def build_dossier(
    ws: Workspace,
    title: str,
    findings: list[Finding],
    cites: CitationIndex,
    notes: list[str] | None = None,
) -> Dossier:
    sources = [
        SourceFile(*row)
        for row in ws.db.execute(
            """
            SELECT i.dataset, i.format, f.name, f.sha256, i.n_records, i.n_rejected
            FROM current_ingests i JOIN files f USING (ingest_id)
            ORDER BY i.dataset, f.name
            """
        ).fetchall()
    ]
    return Dossier(
        title=title,
        workspace=str(ws.root),
        generated_at=datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        findings=[f for f in findings if f.sentences],
        sources=sources,
        citations=cites.all(),
        notes=notes or [],
    )


def write_dossier(dossier: Dossier, path: Path) -> Path:
    """Write the HTML dossier atomically (a reader never sees half a file)."""
    env = Environment(
        loader=PackageLoader("dualtrace.report", "templates"),
        autoescape=select_autoescape(["html", "j2"]),
    )
    html = env.get_template("dossier.html.j2").render(d=dossier, version=__version__)
    path.parent.mkdir(parents=True, exist_ok=True)
    temp = path.with_suffix(path.suffix + ".partial")
    temp.write_text(html, encoding="utf-8")
    os.replace(temp, path)
    return path
