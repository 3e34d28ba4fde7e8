"""The EU, UK, Swiss and OFAC XML parsers on extracts cut verbatim from the official exports."""

from __future__ import annotations

from pathlib import Path

from dualtrace.store import Workspace, ingest_path
from tests.sources.sanctions.helpers import langs, props, sanctions

SAMPLES = "sanctions/official-samples-2026-08"


def test_eu_fsd_names_languages_and_programmes(workspace: Workspace, shared_data: Path) -> None:
    result = ingest_path(workspace, shared_data / SAMPLES / "eu_sample.xml")
    assert (result.format, result.dataset, result.n_records) == ("eu-fsd-xml", "eu_fsd", 5)
    saddam = props(workspace, "eu_fsd-13")
    assert saddam["name"] == {"Saddam Hussein Al-Tikriti"}
    assert saddam["birthDate"] == {"1937-04-28"} and saddam["nationality"] == {"iq"}
    assert langs(workspace, "eu_fsd-13", "alias") == {"Abu Ali": None, "Abou Ali": "fra"}
    trust = langs(workspace, "eu_fsd-330", "alias")
    assert trust["Организация за подпомагане на Ulema, Пакистан"] == "bul"
    assert "262 38 18-19" in props(workspace, "eu_fsd-330")["phone"]
    assert props(workspace, "eu_fsd-191")["passportNumber"] == {"488555"}
    assert sanctions(workspace, "eu_fsd-330") == [("TAQA", "2001-10-06", None)]
    assert sanctions(workspace, "eu_fsd-13") == [("IRQ", "2003-07-07", None)]
    # The original country words stay beside the code.
    original = workspace.db.execute(
        "SELECT DISTINCT original FROM current_statements WHERE entity_id = 'eu_fsd-13' "
        "AND prop = 'nationality'"
    ).fetchall()
    assert original == [("IRAQ",)]


def test_uk_names_strength_dates_and_ship(workspace: Workspace, shared_data: Path) -> None:
    result = ingest_path(workspace, shared_data / SAMPLES / "uk_sample.xml")
    assert (result.n_records, result.n_rejected) == (4, 1)  # the fifth has no UniqueID
    mansur = props(workspace, "gb_fcdo_sanctions-AFG0011")
    assert mansur["name"] == {"ABDUL LATIF MANSUR"}
    assert mansur["birthDate"] == {"1967-11-12", "1968"}
    assert mansur["passportNumber"] == {"D0009720", "D0010442"}
    assert "عبد اللطيف منصور" in mansur["alias"]
    akram = props(workspace, "gb_fcdo_sanctions-AQD0128")
    assert akram["weakAlias"] == {"Abu Akram", "Abu Jarrah"}
    assert "1958-09" in akram["birthDate"]
    assert akram["idNumber"] == {"0075258"}
    ktj = props(workspace, "gb_fcdo_sanctions-AQD0377")
    assert "Катиба ат-Таухид валь-Джихад" in ktj["alias"]
    ship = props(workspace, "gb_fcdo_sanctions-DPR0075")
    assert ship["imoNumber"] == {"IMO9562233"} and ship["flag"] == {"km"}
    assert sanctions(workspace, "gb_fcdo_sanctions-AQD0377")[0][1] == "2022-03-07"


def test_seco_spelling_variants_keep_their_language(
    workspace: Workspace, shared_data: Path
) -> None:
    result = ingest_path(workspace, shared_data / SAMPLES / "ch_sample.xml")
    assert (result.format, result.n_records) == ("seco-xml", 7)
    aliases = langs(workspace, "ch_seco_sanctions-5142", "alias")
    assert aliases["ЛУКАШЭНКА Дзмітрый Аляксандравіч"] == "bel"
    assert aliases["ЛУКАШЕНКО Дмитрий Александрович"] == "rus"
    assert aliases["Lukashenko Dmitri Aleksandrovich"] == "rus"
    # The old spellings inside <modification> are history, not current names.
    assert "Лукашэнка Дзмітрый Аляксандравіч" not in aliases
    assert sanctions(workspace, "ch_seco_sanctions-5142")[0][2] == "2016-03-01"  # de-listed
    mzkt = props(workspace, "ch_seco_sanctions-44348")
    assert mzkt["registrationNumber"] == {"100534485"} and mzkt["website"] == {"www.mzkt.by"}
    putina = props(workspace, "ch_seco_sanctions-52941")
    assert putina["previousName"] == {"Putina"} and putina["nationality"] == {"ru"}
    assert props(workspace, "ch_seco_sanctions-85396")["passportNumber"] == {"BM2229283"}
    assert props(workspace, "ch_seco_sanctions-34461")["imoNumber"] == {"IMO8405270"}


def test_ofac_sdn_xml(workspace: Workspace, shared_data: Path) -> None:
    result = ingest_path(workspace, shared_data / SAMPLES / "us_sample.xml")
    assert (result.format, result.dataset, result.n_records) == ("ofac-xml", "us_ofac_sdn", 5)
    ibrahim = props(workspace, "us_ofac_sdn-9758")
    assert ibrahim["citizenship"] == {"in", "pk", "ae"} and ibrahim["nationality"] == {"in"}
    assert ibrahim["passportNumber"] == {"M-110522"}
    assert ibrahim["birthDate"] == {"1955-12-26"}
    assert [s[0] for s in sanctions(workspace, "us_ofac_sdn-9758")] == ["SDGT", "SDNTK"]
    assert props(workspace, "us_ofac_sdn-4238")["callSign"] == {"CL2192"}


def test_ofac_advanced_xml(workspace: Workspace, shared_data: Path) -> None:
    path = shared_data / "sanctions/ofac-advanced-xml/sdn_advanced_sample.xml"
    result = ingest_path(workspace, path)
    assert (result.format, result.dataset, result.n_records) == (
        "ofac-advanced-xml",
        "us_ofac_sdn",
        4,
    )
    zomor = props(workspace, "us_ofac_sdn-2677")
    assert zomor["name"] == {"Abboud Abdul Latif Hassan Al-Zomor"}
    assert "عبود عبداللطيف حسن الزمر" in zomor["alias"]
    assert zomor["birthDate"] == {"1947-04-19"} and zomor["nationality"] == {"eg"}
    assert zomor["gender"] == {"male"}
    assert sanctions(workspace, "us_ofac_sdn-2677") == [("SDGT", "1995-01-23", None)]
    plane = workspace.db.execute(
        "SELECT DISTINCT schema FROM current_statements WHERE entity_id = 'us_ofac_sdn-15432'"
    ).fetchall()
    assert plane == [("Airplane",)]
    assert props(workspace, "us_ofac_sdn-15432")["model"] == {"IL-76TD"}
    assert props(workspace, "us_ofac_sdn-4238")["flag"] == {"cu"}
