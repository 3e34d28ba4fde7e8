"""EGRUL open-data XML: the tax service's real windows-1251 files, format versions 4.06 and 4.07."""

from __future__ import annotations

from pathlib import Path

import pytest

from dualtrace.errors import SourceError
from dualtrace.store import Workspace, ingest_path
from tests.sources.registries.helpers import props, rejects, relations


@pytest.fixture
def egrul(shared_data: Path) -> Path:
    return shared_data / "evidence" / "registry-egrul"


def _documents(folder: Path) -> int:
    return sum(
        f.read_bytes().count(b"<\xc4\xee\xea\xf3\xec\xe5\xed\xf2 ") for f in folder.iterdir()
    )


def test_both_versions_one_record_per_legal_entity(workspace: Workspace, egrul: Path) -> None:
    result = ingest_path(workspace, egrul)
    assert result.format == "egrul-xml" and result.dataset == "ru_egrul"
    # Each file holds two <Документ> (the bytes of "Документ" in windows-1251).
    assert result.n_read == result.n_records + result.n_rejected == _documents(egrul) == 4
    assert result.n_rejected == 0
    versions = {
        v for (v,) in workspace.db.execute("SELECT raw->>'ВерсФорм' FROM records").fetchall()
    }
    assert versions == {"4.06", "4.07"}


def test_company_identifiers_names_and_okved(workspace: Workspace, egrul: Path) -> None:
    ingest_path(workspace, egrul)
    remkas = props(workspace, "ru_egrul-1079901000299")
    assert remkas["name"] == {'ОБЩЕСТВО С ОГРАНИЧЕННОЙ ОТВЕТСТВЕННОСТЬЮ "РЕМКАС-СЕРВИС"'}
    assert remkas["alias"] == {'ООО "РЕМКАС-СЕРВИС"'}
    assert remkas["innCode"] == {"9901033696"} and remkas["kppCode"] == {"990101001"}
    assert remkas["ogrnCode"] == {"1079901000299"}
    assert remkas["classification"] == {"33.12"}
    assert {"33.12", "45.20", "47.41.4", "95.22.1"} <= remkas["okvedCode"]
    assert "Ремонт машин и оборудования" in remkas["sector"]
    assert remkas["address"] == {"468325, Г.БАЙКОНУР, МКР 5-Й, Д. 25, КВ. 30А"}
    assert remkas["incorporationDate"] == {"2007-12-20"}
    # Registered before 2002: the registration date, not the date the OGRN was assigned.
    assert props(workspace, "ru_egrul-1039923000732")["incorporationDate"] == {"1999-05-13"}
    svetoch = props(workspace, "ru_egrul-1187800004006")
    assert any("исключении" in s for s in svetoch["status"])
    assert svetoch["address"] == {
        "192007, Г.САНКТ-ПЕТЕРБУРГ, УЛ. ТАМБОВСКАЯ, Д. 16, ЛИТЕР А, ОФИС 8"
    }


def test_founders_own_and_directors_direct(workspace: Workspace, egrul: Path) -> None:
    ingest_path(workspace, egrul)
    (owner,) = relations(workspace, "owns")
    assert owner["source"] == "ru_egrul-person-990101290851"
    assert owner["target"] == "ru_egrul-1079901000299"
    assert owner["props"] == {"share_pct": 100.0} and owner["start"] == "2007-12-20"
    roles = {(d["source"], d["props"]["role"]) for d in relations(workspace, "directs")}
    assert ("ru_egrul-person-990103723934", "ПРЕДСЕДАТЕЛЬ") in roles
    assert ("ru_egrul-person-500804497210", "ГЕНЕРАЛЬНЫЙ ДИРЕКТОР") in roles
    chairman = props(workspace, "ru_egrul-person-990103723934")
    assert chairman["name"] == {"АДИЛБЕКОВ ТЕМИРХАН НАРТАЕВИЧ"}
    assert chairman["citizenship"] == {"kz"}


def test_a_bad_ogrn_is_rejected_and_the_rest_goes_on(
    workspace: Workspace, egrul: Path, tmp_path: Path
) -> None:
    source = next(f for f in sorted(egrul.iterdir()) if "20251116" in f.name)
    broken = tmp_path / source.name
    # The first document's OGRN with its last (check) digit changed.
    broken.write_bytes(
        source.read_bytes().replace(b'1039923000732" \xc4', b'1039923000733" \xc4', 1)
    )
    result = ingest_path(workspace, broken)
    assert (result.n_read, result.n_records, result.n_rejected) == (2, 1, 1)
    ((locator, field, reason),) = rejects(workspace)
    assert locator == f"{broken.name} Документ[1]" and field == "ОГРН"
    assert "1039923000733" in reason


def test_truncated_file_fails_with_its_line(
    workspace: Workspace, egrul: Path, tmp_path: Path
) -> None:
    source = next(iter(sorted(egrul.iterdir())))
    cut = tmp_path / source.name
    cut.write_bytes(source.read_bytes()[:9000])
    with pytest.raises(SourceError, match=r":line \d+: broken XML"):
        ingest_path(workspace, cut)
