"""Broken and hostile list files: one clear error naming the file and line, nothing changed.

Apart from the real broken OFAC files, the hostile files are built here from the XML
specification (truncation, a declared encoding the bytes do not follow, entity expansion, an
external entity) around the UN list's own layout.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from dualtrace.errors import SourceError
from dualtrace.store import Workspace, ingest_path
from tests.sources.sanctions.helpers import snapshot

UN_HEAD = '<?xml version="1.0" encoding="UTF-8"?>\n'
UN_BODY = (
    "<CONSOLIDATED_LIST>\n<INDIVIDUALS>\n<INDIVIDUAL>\n<DATAID>1</DATAID>\n"
    "<FIRST_NAME>{name}</FIRST_NAME>\n</INDIVIDUAL>\n</INDIVIDUALS>\n</CONSOLIDATED_LIST>\n"
)


@pytest.fixture
def loaded(workspace: Workspace, shared_data: Path) -> Workspace:
    """A workspace that already holds one list, which every failure must leave as it was."""
    ingest_path(workspace, shared_data / "sanctions/official-samples-2026-08/eu_sample.xml")
    return workspace


def _fails(ws: Workspace, path: Path, pattern: str) -> SourceError:
    before = snapshot(ws)
    with pytest.raises(SourceError, match=pattern) as caught:
        ingest_path(ws, path)
    assert snapshot(ws) == before
    return caught.value


def test_malformed_ofac_files(loaded: Workspace, shared_data: Path) -> None:
    folder = shared_data / "sanctions/malformed-ofac"
    # Each broken file ends in a truncated row ('||||'); the remarks continued in
    # sdn_comments.csv are read first, so its line 4 is the first broken row met.
    error = _fails(loaded, folder, r"malformed-ofac/sdn_comments\.csv:line 4: expected 2 columns")
    assert error.where == "line 4"
    for name in ("sdn.csv", "alt.csv", "add.csv"):
        _fails(loaded, folder / name, r"malformed-ofac/sdn_comments\.csv:line 4")


def test_malformed_sdn_csv_alone(loaded: Workspace, shared_data: Path, tmp_path: Path) -> None:
    alone = tmp_path / "sdn-only"
    alone.mkdir()
    (alone / "sdn.csv").write_bytes((shared_data / "sanctions/malformed-ofac/sdn.csv").read_bytes())
    _fails(loaded, alone, r"sdn-only/sdn\.csv:line 7380: expected 12 columns, found 1")


def test_truncated_xml(loaded: Workspace, shared_data: Path, tmp_path: Path) -> None:
    real = (shared_data / "sanctions/un/UN_consolidated-2026-02-27.xml").read_bytes()
    path = tmp_path / "un_truncated.xml"
    path.write_bytes(real[: len(real) // 2])
    lines = path.read_bytes().count(b"\n")
    error = _fails(loaded, path, r"un_truncated\.xml:line \d+, column \d+: broken XML")
    assert error.where is not None and error.where.startswith(f"line {lines + 1}")
    assert "truncated" in error.reason


def test_wrong_encoding(loaded: Workspace, tmp_path: Path) -> None:
    path = tmp_path / "un_latin1.xml"
    # Declared UTF-8, written in Latin-1: 'é' is byte 0xE9, not valid UTF-8.
    path.write_bytes((UN_HEAD + UN_BODY.format(name="Ren\u00e9")).encode("latin-1"))
    error = _fails(loaded, path, r"un_latin1\.xml:line 6, column \d+: broken XML")
    assert "encoding" in error.reason


def test_entity_expansion_is_refused(loaded: Workspace, tmp_path: Path) -> None:
    path = tmp_path / "laughs.xml"
    entities = '<!ENTITY lol "lol">' + "".join(
        f'<!ENTITY lol{i} "{("&lol" + str(i - 1) + ";") * 10 if i > 1 else "&lol;" * 10}">'
        for i in range(1, 10)
    )
    doctype = f"<!DOCTYPE CONSOLIDATED_LIST [{entities}]>\n"
    path.write_text(UN_HEAD + doctype + UN_BODY.format(name="&lol9;"), encoding="utf-8")
    _fails(loaded, path, r"laughs\.xml:line 2: refused unsafe XML \(EntitiesForbidden\)")


def test_external_entity_is_refused(loaded: Workspace, tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("do not read")
    path = tmp_path / "xxe.xml"
    doctype = f'<!DOCTYPE CONSOLIDATED_LIST [<!ENTITY xxe SYSTEM "file://{secret}">]>\n'
    path.write_text(UN_HEAD + doctype + UN_BODY.format(name="&xxe;"), encoding="utf-8")
    error = _fails(loaded, path, r"xxe\.xml:line 2: refused unsafe XML")
    assert "do not read" not in str(error)


def test_other_sources_still_ingest_after_a_failure(loaded: Workspace, shared_data: Path) -> None:
    with pytest.raises(SourceError):
        ingest_path(loaded, shared_data / "sanctions/malformed-ofac")
    result = ingest_path(loaded, shared_data / "sanctions/official-samples-2026-08/uk_sample.xml")
    assert result.n_records == 4
    datasets = loaded.db.execute("SELECT dataset FROM current_ingests ORDER BY 1").fetchall()
    assert datasets == [("eu_fsd",), ("gb_fcdo_sanctions",)]
