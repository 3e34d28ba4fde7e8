"""Chinese company records with the USCC.

No public sample file exists: the tables below are built from the field labels of the National
Enterprise Credit Information Publicity System (统一社会信用代码, 企业名称, 法定代表人, 注册资本,
成立日期, 住所, 经营范围, 登记状态, 类型) as documented in the parser. The USCC check
characters are computed by GB 32100-2015's rule (python-stdnum), never written by hand.
"""

from __future__ import annotations

import json
from pathlib import Path

from stdnum.cn import uscc

from dualtrace.store import Workspace, ingest_path
from tests.sources.registries.helpers import props, rejects, relations


def _org_code(body: str) -> str:
    """GB 11714 organisation code: 8 characters and a weighted mod-11 check character."""
    total = sum(int(c, 36) * w for c, w in zip(body, (3, 7, 9, 10, 5, 8, 4, 2), strict=True))
    check = 11 - total % 11
    return body + {10: "X", 11: "0"}.get(check, str(check))


def _uscc(prefix: str, org_body: str) -> str:
    body = prefix + _org_code(org_body)
    return body + uscc.calc_check_digit(body)


DJI = _uscc("91440300", "79542574")
AUTEL = _uscc("91440300", "MA5DDKBU")
WRONG = DJI[:-1] + ("0" if DJI[-1] != "0" else "1")

HEADER = (
    "统一社会信用代码,企业名称,英文名称,法定代表人,注册资本,成立日期,住所,经营范围,登记状态,类型"
)


def test_csv_with_the_system_labels(workspace: Workspace, tmp_path: Path) -> None:
    path = tmp_path / "companies.csv"
    path.write_text(
        "\n".join(
            [
                HEADER,
                f"{DJI},深圳市大疆创新科技有限公司,SZ DJI Technology Co.，Ltd.,汪滔,3000万元人民币,"
                "2006年12月26日,深圳市南山区粤海街道高新区社区高新南四道18号创维半导体设计大厦西座14层,"
                "无人驾驶航空器的研发与销售,存续,有限责任公司",
                f"{WRONG},错误代码有限公司,,张三,100万元人民币,2010-01-01,北京,贸易,存续,有限责任公司",
                ",无代码有限公司,,李四,,,,,,",
            ]
        )
        + "\n",
        encoding="utf-8",
    )
    result = ingest_path(workspace, path)
    assert result.format == "cn-registry" and result.dataset == "cn_registry"
    assert (result.n_read, result.n_records, result.n_rejected) == (3, 1, 2)
    dji = props(workspace, f"cn_registry-{DJI}")
    assert dji["name"] == {"深圳市大疆创新科技有限公司", "SZ DJI Technology Co.，Ltd."}
    assert dji["uscCode"] == {DJI} and dji["country"] == {"cn"}
    assert dji["incorporationDate"] == {"2006-12-26"}
    assert dji["capital"] == {"3000万元人民币"} and dji["status"] == {"存续"}
    (director,) = relations(workspace, "directs")
    assert director["target"] == f"cn_registry-{DJI}"
    assert props(workspace, director["source"])["name"] == {"汪滔"}
    assert director["props"]["role"].startswith("法定代表人")
    found = rejects(workspace)
    assert [(loc, field) for loc, field, _ in found] == [
        ("companies.csv line 3", "uscc"),
        ("companies.csv line 4", "uscc"),
    ]
    assert WRONG in found[0][2] and "check character" in found[0][2]


def test_json_with_english_keys(workspace: Workspace, tmp_path: Path) -> None:
    path = tmp_path / "companies.json"
    records = [
        {
            "uscc": AUTEL,
            "name_zh": "深圳市道通智能航空技术股份有限公司",
            "name_en": "Autel Robotics Co., Ltd.",
            "legal_representative": "李红京",
            "established": "2014-12-25",
            "business_scope": "无人机",
        },
        ["not", "a", "record"],
    ]
    path.write_text(json.dumps(records, ensure_ascii=False), encoding="utf-8")
    (tmp_path / "notes.txt").write_text("not a table", encoding="utf-8")
    result = ingest_path(workspace, tmp_path)  # the folder: the table in it, not the notes
    assert result.format == "cn-registry"
    assert (result.n_records, result.n_rejected) == (1, 1)
    autel = props(workspace, f"cn_registry-{AUTEL}")
    assert autel["name"] == {"深圳市道通智能航空技术股份有限公司", "Autel Robotics Co., Ltd."}
    assert autel["description"] == {"无人机"}
    langs = dict(
        workspace.db.execute(
            "SELECT value, lang FROM statements WHERE prop = 'name' AND entity_id = ?",
            [f"cn_registry-{AUTEL}"],
        ).fetchall()
    )
    assert langs == {"深圳市道通智能航空技术股份有限公司": "zho", "Autel Robotics Co., Ltd.": "eng"}
