"""Rosaccreditation (FSA) certificates and declarations: the real list and detail responses."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from dualtrace.errors import SourceError
from dualtrace.store import Workspace, ingest_path
from tests.sources.registries.helpers import props, rejects, relations


@pytest.fixture
def fsa(shared_data: Path) -> Path:
    return shared_data / "evidence" / "certificates-fsa"


def test_list_response_items_become_certified_links(workspace: Workspace, fsa: Path) -> None:
    path = fsa / "rds_declarations_get_list.json"
    items = json.loads(path.read_text(encoding="utf-8"))["items"]
    result = ingest_path(workspace, path)
    assert result.format == "fsa-json" and result.dataset == "ru_fsa"
    assert result.n_read == result.n_records + result.n_rejected == len(items) == 10
    certified = relations(workspace, "certified")
    abb = next(r for r in certified if r["props"]["document"] == "ЕАЭС N RU Д-FI.РА05.В.12345/23")
    assert (abb["start"], abb["end"]) == ("2023-07-03", "2028-07-02")
    assert abb["props"]["status"] == "действует"
    assert props(workspace, abb["target"])["name"] == {"ABB OY"}
    applicant = props(workspace, abb["source"])
    assert applicant["name"] == {
        'ОБЩЕСТВО С ОГРАНИЧЕННОЙ ОТВЕТСТВЕННОСТЬЮ "ТИМ ИНДАСТРИАЛ СЕРВИСЕЗ"'
    }
    # The manufacturer's name wrapped in guillemets by the registry is kept without them.
    names = {v for r in certified for v in props(workspace, r["target"])["name"]}
    assert "MARA BUSINESS GROUP S.A.S" in names
    # Country of origin is a Russian name in list responses.
    pump = props(workspace, "ru_fsa-doc-17722663-product-1")
    assert pump["name"] == {"Мотопомпа"} and pump["country"] == {"cn"}
    # Two items are self-declared by their own manufacturer: no certified self-loop for them.
    own = [i for i in items if i["applicantName"] == i["manufacterName"]]
    assert len(certified) == len(items) - len(own) == 8


def test_detail_record_links_applicant_manufacturer_and_product(
    workspace: Workspace, fsa: Path
) -> None:
    path = fsa / "rds_declaration_detail_b.json"
    detail = json.loads(path.read_text(encoding="utf-8"))
    result = ingest_path(workspace, path)
    assert (result.n_records, result.n_rejected) == (1, 0)
    doc = props(workspace, "ru_fsa-doc-17708280")
    assert doc["name"] == {"ЕАЭС N RU Д-ID.РА04.В.00364/23"}
    assert doc["date"] == {"2023-05-19"}
    assert any("UHG 81123" in note for note in doc["notes"])
    applicant = props(workspace, "ru_fsa-inn-7730256833")
    assert applicant["innCode"] == {"7730256833"} and applicant["ogrnCode"] == {"1207700124720"}
    assert applicant["kppCode"] == {"773001001"} and applicant["country"] == {"ru"}
    (certified,) = relations(workspace, "certified")
    assert certified["source"] == "ru_fsa-inn-7730256833"
    assert (certified["start"], certified["end"]) == ("2023-05-19", "2028-05-18")
    manufacturer = props(workspace, certified["target"])
    assert manufacturer["name"] == {"PT. Perfetti van Melle Indonesia"}
    assert manufacturer["country"] == {"id"}  # OKSM 360, as the API gives it
    # The manufacturer and each named production site (the "filials" that are not a bare
    # address label, and not the manufacturer itself) make the product.
    sites = {
        f["fullName"].strip("«»")
        for f in detail["manufacturerFilials"]
        if not f["fullName"].startswith("Адрес")
    } - {"PT. Perfetti van Melle Indonesia"}
    makers = {r["source"] for r in relations(workspace, "manufactured")}
    assert len(makers) == len(sites) + 1 == 12
    # idTnveds holds ids into the registry's own table (61573), not TN VED codes.
    assert "hsCode" not in props(workspace, "ru_fsa-doc-17708280-product-1")
    directs = relations(workspace, "directs")
    assert [d["props"]["role"] for d in directs] == ["Генеральный директор"]


def test_folder_of_detail_files(workspace: Workspace, fsa: Path, tmp_path: Path) -> None:
    """Detail files in the exact shape of the real one, as collectors write one per certificate."""
    detail = json.loads((fsa / "rds_declaration_detail_b.json").read_text(encoding="utf-8"))
    folder = tmp_path / "certificates"
    folder.mkdir()
    for index, model in enumerate(["Mavic 3", "Matrice 300 RTK"], 1):
        doc = json.loads(json.dumps(detail))
        doc["idDeclaration"] = 900 + index
        doc["number"] = f"ЕАЭС N RU Д-CN.РА01.В.0000{index}/23"
        ident = doc["product"]["identifications"][0]
        ident.update({"name": "Квадрокоптер", "model": model, "tradeMark": "DJI"})
        ident["idTnveds"] = ["8806221000", 61573]
        doc["product"]["idProductOrigin"] = "156"
        (folder / f"{index}.json").write_text(json.dumps(doc, ensure_ascii=False), "utf-8")
    (folder / "README.txt").write_text("not a certificate", "utf-8")
    result = ingest_path(workspace, folder)
    assert result.format == "fsa-json" and (result.n_records, result.n_rejected) == (2, 0)
    product = props(workspace, "ru_fsa-doc-902-product-1")
    assert product["model"] == {"Matrice 300 RTK"} and product["brand"] == {"DJI"}
    assert product["hsCode"] == {"8806221000"} and product["country"] == {"cn"}
    made = [
        r for r in relations(workspace, "manufactured") if r["target"].endswith("902-product-1")
    ]
    assert {r["props"]["hs_code"] for r in made} == {"8806221000"}
    assert {r["props"]["trademark"] for r in made} == {"DJI"}


def test_bad_items_are_rejected_and_counts_reconcile(
    workspace: Workspace, fsa: Path, tmp_path: Path
) -> None:
    data = json.loads((fsa / "rds_declarations_get_list.json").read_text(encoding="utf-8"))
    data["items"][3]["number"] = None
    data["items"].append("not an item")
    data["items"].append(data["items"][0])
    path = tmp_path / "list.json"
    path.write_text(json.dumps(data, ensure_ascii=False), "utf-8")
    result = ingest_path(workspace, path)
    assert (result.n_read, result.n_records, result.n_rejected) == (12, 9, 3)
    found = rejects(workspace)
    assert ("list.json items[3]", "number", "no certificate or declaration number") in found
    assert any(loc == "list.json items[10]" and "not a JSON object" in r for loc, _, r in found)
    assert any(loc == "list.json items[11]" and "items[0]" in r for loc, _, r in found)


def test_broken_json_names_the_line(workspace: Workspace, tmp_path: Path) -> None:
    path = tmp_path / "broken.json"
    path.write_text('{"idDeclaration": 1, "number": "X",\n "applicant": {', "utf-8")
    with pytest.raises(SourceError, match=r"broken\.json:line 2: broken JSON"):
        ingest_path(workspace, path)


def test_okved_codes_in_additional_registration_details(
    workspace: Workspace, fsa: Path, tmp_path: Path
) -> None:
    """The real detail record's `addlRegInfo` is empty; the registry fills it with free text
    such as 'ОКВЭД 72.19', so the file is the real one with that field set."""
    doc = json.loads((fsa / "rds_declaration_detail_b.json").read_text(encoding="utf-8"))
    doc["applicant"]["addlRegInfo"] = "Основной ОКВЭД: 72.19; дополнительный 26.30.1 от 12.03.2020"
    path = tmp_path / "detail.json"
    path.write_text(json.dumps(doc, ensure_ascii=False), "utf-8")
    ingest_path(workspace, path)
    applicant = props(workspace, "ru_fsa-inn-7730256833")
    assert applicant["okvedCode"] == {"72.19", "26.30.1"}
    # The manufacturer's details are empty: it gets no code.
    (certified,) = relations(workspace, "certified")
    assert "okvedCode" not in props(workspace, certified["target"])
