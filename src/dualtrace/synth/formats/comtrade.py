"""UN Comtrade bulk CSV: one row per reporter, partner, flow, commodity and month.

The header uses the Comtrade API's own field names (period, reporterCode, partnerCode,
flowCode, cmdCode, primaryValue, netWgt, qty, ...), so a download and this file read alike;
a trailing `remarks` column carries the synthetic marker.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Final

COLUMNS: Final = (
    "typeCode",
    "freqCode",
    "period",
    "reporterCode",
    "reporterISO",
    "reporterDesc",
    "flowCode",
    "flowDesc",
    "partnerCode",
    "partnerISO",
    "partnerDesc",
    "classificationCode",
    "cmdCode",
    "qtyUnitAbbr",
    "qty",
    "netWgt",
    "primaryValue",
    "remarks",
)
FLOWS: Final = {"X": "Export", "M": "Import"}


@dataclass(frozen=True, slots=True)
class TradeRow:
    period: str  # YYYYMM
    reporter_code: str
    reporter_iso: str
    reporter_desc: str
    flow: str
    partner_code: str
    partner_iso: str
    partner_desc: str
    cmd_code: str
    qty: int
    net_wgt: float
    value_usd: int
    remarks: str
    qty_unit: str = "u"


def write_comtrade_csv(path: Path, rows: Iterable[TradeRow]) -> int:
    path.parent.mkdir(parents=True, exist_ok=True)
    n = 0
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(COLUMNS)
        for r in rows:
            writer.writerow(
                [
                    "C",
                    "M",
                    r.period,
                    r.reporter_code,
                    r.reporter_iso,
                    r.reporter_desc,
                    r.flow,
                    FLOWS[r.flow],
                    r.partner_code,
                    r.partner_iso,
                    r.partner_desc,
                    "H6",
                    r.cmd_code,
                    r.qty_unit,
                    r.qty,
                    f"{r.net_wgt:.1f}",
                    r.value_usd,
                    r.remarks,
                ]
            )
            n += 1
    return n
