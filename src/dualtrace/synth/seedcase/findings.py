"""The findings an investigation of the seed case must reach, computed from what was written.

Trade figures are summed from the Comtrade file itself, so a bug in the writer shows up as a
wrong expectation rather than a silently wrong file.
"""

from __future__ import annotations

import csv
from collections import defaultdict
from pathlib import Path
from typing import Any

from dualtrace.synth.seedcase import ledger
from dualtrace.synth.seedcase.cast import SeedCast
from dualtrace.synth.seedcase.certificates import SHARED_BODY, SHARED_CODE
from dualtrace.synth.seedcase.sanctions import KUPOL_ENT_NUM, PROGRAM, VEKTOR_ENT_NUM
from dualtrace.synth.truth import Truth

HUBS = ("398", "417", "112", "792", "051", "784", "860")


def trade_figures(path: Path) -> dict[str, Any]:
    """Half-year totals and the shift around 2023-09-01, from a Comtrade CSV of China's drone
    exports (HS 8806)."""
    value: dict[tuple[str, str], int] = defaultdict(int)
    qty: dict[tuple[str, str], int] = defaultdict(int)
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            if not row["cmdCode"].startswith("8806") or row["reporterCode"] != "156":
                continue
            key = (row["partnerCode"], row["period"])
            value[key] += int(row["primaryValue"])
            qty[key] += int(row["qty"])

    def total(partners: tuple[str, ...], first: str, last: str) -> int:
        return sum(v for (p, m), v in value.items() if p in partners and first <= m <= last)

    def units(partners: tuple[str, ...], first: str, last: str) -> int:
        return sum(v for (p, m), v in qty.items() if p in partners and first <= m <= last)

    before, after = ("202301", "202306"), ("202309", "202402")
    ru_before, ru_after = total(("643",), *before), total(("643",), *after)
    return {
        "cn_ru_2023h1_usd": ru_before,
        "cn_ua_2023h1_usd": total(("804",), *before),
        "ru_monthly_before_usd": ru_before // 6,
        "ru_monthly_after_usd": ru_after // 6,
        "ru_stockpile_2023_07_08_usd": total(("643",), "202307", "202308"),
        "hubs_monthly_before_usd": total(HUBS, *before) // 6,
        "hubs_monthly_after_usd": total(HUBS, *after) // 6,
        "ru_unit_value_before_usd": round(ru_before / units(("643",), *before), 2),
        "ru_unit_value_after_usd": round(ru_after / units(("643",), *after), 2),
        "control_dates": ["2023-09-01", "2024-09-01"],
    }


def expected_findings(
    out: Path, cast: SeedCast, truth: Truth, facts: dict[str, Any]
) -> dict[str, Any]:
    from dualtrace.synth.seedcase import COMTRADE_FILE

    direct = [p for p in truth.paths if p["kind"] == "direct"]
    diverted = [p for p in truth.paths if p["kind"] == "diversion"]
    certified = [p for p in truth.paths if p["kind"] == "certified"]
    training = [p.key for p in cast.buyers if p.role == "training_centre"]
    aee = next(p for p in truth.paths if p["kind"] == "aee-vektor")
    flight, day, origin, dest = ledger.CO_TRAVEL_FLIGHT
    return {
        "reports": facts["reports"],
        "production_sites": [s.key for s in cast.sites],
        "training_centres": training,
        "site_to_buyer": {
            "direct_declarations": len(direct),
            "diverted_declarations": len(diverted),
            "last_direct_date": max(p["date"] for p in direct),
            "first_diverted_date": min(p["date"] for p in diverted),
            "buyers_reached": sorted({p["path"][-1] for p in direct + diverted}),
            "hubs_used": sorted({p["path"][1] for p in diverted}),
            "certificates": len(certified),
            "latest_certificate": max(p["date"] for p in certified),
            "report": "A",
        },
        "reported_posts": {
            p["entity"]: {
                "file": p["file"],
                "messages": p["messages"],
                "military_use": p["military_use"],
                "report": "A",
            }
            for p in truth.paths
            if p["kind"] == "reported_posts"
        },
        "registration_code": {
            "okved": SHARED_CODE,
            "certificate_body": SHARED_BODY,
            "entities": sorted(p.key for p in cast.buyers if p.okved == SHARED_CODE),
            "report": "A",
        },
        "aee_vektor_kupol": {
            "path": [cast.aee.key, cast.vektor.key, cast.kupol.key],
            "invoice": ledger.AEE_INVOICE,
            "invoice_amount": "5120000",
            "invoice_currency": "CNY",
            "invoice_usd_approx": 700000,
            "delivery_invoice": ledger.VEKTOR_INVOICE,
            "declaration": aee["declaration"],
            "report": "B",
        },
        "co_travel": {
            "flight": flight,
            "date": day.isoformat(),
            "from": origin,
            "to": dest,
            "passengers": sorted([*ledger.HAOTIANYI_EXECS, *ledger.VEKTOR_EXECS]),
            "organisations": [cast.haotianyi.key, cast.vektor.key],
            "report": "B",
        },
        "specialist_visits": {
            "destination": "IJK",
            "trips": len(ledger.VISITS),
            "first": ledger.VISITS[0].isoformat(),
            "report": "B",
        },
        "sanctioned": {
            cast.kupol.key: {"ofac_ent_num": KUPOL_ENT_NUM, "program": PROGRAM, "report": "B"},
            cast.vektor.key: {"ofac_ent_num": VEKTOR_ENT_NUM, "program": PROGRAM, "report": "B"},
        },
        "trade": trade_figures(out / COMTRADE_FILE) | {"report": "A"},
    }
