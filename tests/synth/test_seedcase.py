"""The seed case's raw files: deterministic, true to the reported figures, labelled, parseable.

The files are generated (no public sample of a whole investigation exists); the formats follow
the real samples in ../shared/data (OFAC legacy CSV, the FSA registry's detail JSON, Telegram
Desktop's older export schema) and the documented layouts of the customs, Comtrade, invoice and
flight sources.
"""

from __future__ import annotations

import csv
import json
from collections import defaultdict
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from dualtrace.normalize.identifiers import clean_identifier
from dualtrace.synth.labels import SYNTHETIC, SYNTHETIC_RU, SYNTHETIC_TAG
from dualtrace.synth.seedcase import COMTRADE_FILE, CUSTOMS_FILE, SeedCase, write_seed_case

HUB_CODES = {"398", "417", "112", "792", "051", "784", "860"}


@pytest.fixture(scope="module")
def case(tmp_path_factory: pytest.TempPathFactory) -> SeedCase:
    return write_seed_case(tmp_path_factory.mktemp("seed") / "case")


def _files(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()
    }


def _csv(path: Path, delimiter: str = ",") -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle, delimiter=delimiter))


def test_same_seed_same_bytes_other_seed_other_bytes(case: SeedCase, tmp_path: Path) -> None:
    again = write_seed_case(tmp_path / "again")
    assert _files(again.root) == _files(case.root)
    other = write_seed_case(tmp_path / "other", seed=7)
    assert _files(other.root)[CUSTOMS_FILE] != _files(case.root)[CUSTOMS_FILE]


def test_manifest_lists_every_input_in_ingest_order(case: SeedCase) -> None:
    names = [str(p.relative_to(case.root)) for p in case.inputs]
    assert names == [
        "sanctions",
        "certificates",
        CUSTOMS_FILE,
        COMTRADE_FILE,
        "telegram/pustelga/result.json",
        "telegram/shubba/result.json",
        "invoices.csv",
        "flights.csv",
    ]
    assert json.loads((case.root / "truth" / "findings.json").read_text()) == json.loads(
        json.dumps(case.findings)
    )


def _drone_totals(path: Path) -> tuple[dict[tuple[str, str], int], dict[tuple[str, str], int]]:
    value: dict[tuple[str, str], int] = defaultdict(int)
    qty: dict[tuple[str, str], int] = defaultdict(int)
    for row in _csv(path):
        assert row["reporterCode"] == "156" and row["flowCode"] == "X"
        if row["cmdCode"].startswith("8806"):
            value[(row["partnerCode"], row["period"])] += int(row["primaryValue"])
            qty[(row["partnerCode"], row["period"])] += int(row["qty"])
    return value, qty


def _sum(table: dict[tuple[str, str], int], partners: set[str], first: str, last: str) -> int:
    return sum(v for (p, m), v in table.items() if p in partners and first <= m <= last)


def test_reported_half_year_totals_hold_in_comtrade(case: SeedCase) -> None:
    value, _ = _drone_totals(case.root / COMTRADE_FILE)
    russia = _sum(value, {"643"}, "202301", "202306")
    ukraine = _sum(value, {"804"}, "202301", "202306")
    assert 14_500_000 <= russia == 14_600_000  # "at least 14.5 million" (report A)
    assert 200_000 < ukraine == 210_000  # "over 200,000" (report A)
    assert case.findings["trade"]["cn_ru_2023h1_usd"] == russia


def test_flows_shift_after_the_control_dates(case: SeedCase) -> None:
    value, qty = _drone_totals(case.root / COMTRADE_FILE)
    ru, hubs = {"643"}, HUB_CODES
    before = _sum(value, ru, "202301", "202306") / 6
    stockpile = _sum(value, ru, "202307", "202308") / 2
    after = _sum(value, ru, "202309", "202408") / 12
    after_second = _sum(value, ru, "202409", "202412") / 4
    assert stockpile > 1.5 * before  # stockpiling before 2023-09-01
    assert after < 0.5 * before  # direct flows shrink
    assert after_second < after  # a smaller second shift after 2024-09-01
    hubs_before = _sum(value, hubs, "202301", "202306") / 6
    hubs_after = _sum(value, hubs, "202309", "202408") / 12
    assert hubs_after > 3 * hubs_before  # routed flows grow
    unit_before = before * 6 / _sum(qty, ru, "202301", "202306")
    unit_after = after * 12 / _sum(qty, ru, "202309", "202408")
    assert 1.7 < unit_after / unit_before < 2.5  # prices roughly double


def test_direct_shipments_stop_in_june_2023_then_go_through_hubs(case: SeedCase) -> None:
    rows = _csv(case.root / CUSTOMS_FILE, ";")
    drones = [r for r in rows if r["Товарный знак"] == "DJI"]
    direct = [r for r in drones if r["Страна отправления"] == "Китай"]
    routed = [r for r in drones if r["Страна отправления"] != "Китай"]
    day = lambda r: date(*reversed([int(x) for x in r["Дата декларации"].split(".")]))  # noqa: E731
    assert direct and routed
    assert max(day(r) for r in direct) <= date(2023, 6, 30) < min(day(r) for r in routed)
    assert {r["Страна отправления"] for r in routed} == {
        "Казахстан",
        "Киргизия",
        "Беларусь",
        "Турция",
    }
    early = {r["Код ТН ВЭД"][:4] for r in direct if day(r).year == 2022}
    assert early == {"8806", "8525"}  # some early lots declared as cameras
    vektor = [r for r in rows if r["Товарный знак"] == "AEE"]
    assert len(vektor) == 1 and vektor[0]["Валюта"] == "CNY"
    assert "A200" in vektor[0]["Описание товара"]


def test_names_vary_across_rows_and_inn_is_sometimes_missing(case: SeedCase) -> None:
    same = json.loads((case.root / "truth" / "same_entity.json").read_text())
    pustelga = {m["written"] for m in same["pustelga"]}
    assert len(pustelga) >= 4
    assert any("Пустельга" in n for n in pustelga) and any("PUSTEL" in n for n in pustelga)
    rows = _csv(case.root / CUSTOMS_FILE, ";")
    assert any(not r["ИНН получателя"] for r in rows)
    assert any(any("\u4e00" <= ch <= "\u9fff" for ch in r["Отправитель"]) for r in rows)


def test_generated_identifiers_have_valid_check_digits(case: SeedCase) -> None:
    entities = json.loads((case.root / "truth" / "entities.json").read_text())
    checked = 0
    for e in entities:
        for prop, value in e["identifiers"].items():
            assert clean_identifier(prop, value) == value, (e["entity"], prop, value)
            checked += 1
    assert checked > 40
    for r in _csv(case.root / CUSTOMS_FILE, ";"):
        if r["ИНН получателя"]:
            assert clean_identifier("innCode", r["ИНН получателя"])


def _certificates(case: SeedCase) -> Iterator[dict[str, object]]:
    for path in sorted((case.root / "certificates").glob("*.json")):
        yield json.loads(path.read_text(encoding="utf-8"))


def test_certificates_have_the_registry_shape_and_end_in_june_2023(
    case: SeedCase, shared_data: Path
) -> None:
    real = json.loads(
        (shared_data / "evidence/certificates-fsa/rds_declaration_detail_b.json").read_text()
    )
    certs = list(_certificates(case))
    assert len(certs) == 10
    for cert in certs:
        assert list(cert) == list(real)
        assert set(cert["applicant"]) == set(real["applicant"])  # type: ignore[arg-type]
        assert str(cert["declRegDate"]) <= "2023-06-30"
        assert cert["product"]["identifications"][0]["tradeMark"] == "DJI"  # type: ignore[index]
    shared = [c for c in certs if ".РА07." in str(c["number"])]
    assert len(shared) == 3
    assert all("72.19" in c["applicant"]["addlRegInfo"] for c in shared)  # type: ignore[index]


def test_every_generated_value_is_labelled(case: SeedCase) -> None:
    root = case.root
    assert all(SYNTHETIC_RU in r["Примечание"] for r in _csv(root / CUSTOMS_FILE, ";"))
    assert all(SYNTHETIC in r["remarks"] for r in _csv(root / COMTRADE_FILE))
    assert all(SYNTHETIC in r["notes"] for r in _csv(root / "invoices.csv"))
    assert all(SYNTHETIC in r["notes"] for r in _csv(root / "flights.csv"))
    sdn = (root / "sanctions" / "sdn.csv").read_text(encoding="utf-8").splitlines()
    assert all(SYNTHETIC in line for line in sdn if line.strip("\x1a"))
    for cert in _certificates(case):
        identification = cert["product"]["identifications"][0]  # type: ignore[index]
        assert SYNTHETIC_RU in identification["description"]
        assert SYNTHETIC_RU in cert["statusChanges"][0]["comment"]  # type: ignore[index]
    for channel in ("pustelga", "shubba"):
        export = json.loads((root / "telegram" / channel / "result.json").read_text())
        posts = [m for m in export["messages"] if m["type"] == "message"]
        assert len(posts) >= 16
        for m in posts:
            assert {"type": "hashtag", "text": SYNTHETIC_TAG} in m["text"]


def test_reported_facts_name_their_report(case: SeedCase) -> None:
    sdn = (case.root / "sanctions" / "sdn.csv").read_text(encoding="utf-8")
    assert "Tax ID No. 1831083343 (Russia); Registration Number 1021801143374 (Russia)" in sdn
    assert "reported fact (report B)" in sdn
    invoices = {r["invoice_number"]: r for r in _csv(case.root / "invoices.csv")}
    aee = invoices[case.findings["aee_vektor_kupol"]["invoice"]]
    assert float(aee["amount"]) > 5_000_000 and aee["currency"] == "CNY"
    assert "report B" in aee["notes"] and "A200" in aee["items"]
    posts = case.findings["reported_posts"]["pustelga"]["messages"]
    assert "pustelga_zaporizhzhya_0525" in posts.values()
    export = json.loads((case.root / "telegram/pustelga/result.json").read_text())
    by_id = {str(m["id"]): m for m in export["messages"]}
    zap = next(k for k, v in posts.items() if v == "pustelga_zaporizhzhya_0525")
    assert by_id[zap]["date"].startswith("2023-05-25")
    text = "".join(p if isinstance(p, str) else p["text"] for p in by_id[zap]["text"])
    assert "Запорожском фронте" in text and "DJI" in text and "отчёт A" in text


def test_co_travel_and_visits_are_in_the_manifests(case: SeedCase) -> None:
    legs = _csv(case.root / "flights.csv")
    co = case.findings["co_travel"]
    together = {
        r["passenger"] for r in legs if r["flight"] == co["flight"] and r["date"] == co["date"]
    }
    assert together == set(co["passengers"]) and co["from"] == "OVB"
    trips = {(r["flight"], r["date"]) for r in legs if r["to"] == "IJK"}
    assert len(trips) > 6 and min(d for _, d in trips) >= "2023-06-01"


def test_shell_intermediaries_share_address_and_director(case: SeedCase) -> None:
    entities = json.loads((case.root / "truth" / "entities.json").read_text())
    shells = [e for e in entities if e["shell_group"]]
    assert len(shells) == 2
    assert len({e["address"] for e in shells}) == len({e["director"] for e in shells}) == 1
    sanctioned = json.loads((case.root / "truth" / "sanctioned.json").read_text())
    assert sanctioned == ["kupol", "vektor"]
    end_users = json.loads((case.root / "truth" / "end_users.json").read_text())
    assert end_users["kupol"] == "military" and end_users["pustelga"] == "military_linked"
