"""China's monthly drone exports, 2022-2024, shaped to the reported figures and control dates.

The January-June 2023 totals are exact (China to Russia 14.6 million US dollars, to Ukraine
0.21 million: the reports say 'at least 14.5 million' and 'over 200,000'); everything else is a
generated pattern with the reported shape: a stockpiling bump in July-August 2023, direct flows
to Russia shrinking after 2023-09-01 while the hub countries grow, unit values to Russia about
doubling, and a smaller second shift after 2024-09-01.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import date
from typing import Final

from dualtrace.synth.formats.comtrade import TradeRow
from dualtrace.synth.labels import note

CONTROL_1: Final = date(2023, 9, 1)
CONTROL_2: Final = date(2024, 9, 1)
RU_H1_2023_USD: Final = 14_600_000
UA_H1_2023_USD: Final = 210_000

DRONE_CODES: Final = {  # HS 2022 code: (share of drone value, unit value USD, kg per unit)
    "880621": (0.15, 450, 0.9),
    "880622": (0.55, 1_900, 3.5),
    "880623": (0.15, 9_000, 14.0),
    "880624": (0.05, 40_000, 60.0),
    "880629": (0.05, 120_000, 300.0),
    "880690": (0.05, 3_000, 8.0),
}
CAMERA_CODE: Final = "852589"
# Partner: (M49 code, ISO3, name, role, share of the Russian monthly base before the control)
PARTNERS: Final = {
    "ru": ("643", "RUS", "Russian Federation", "target", 1.0),
    "ua": ("804", "UKR", "Ukraine", "ukraine", 0.0),
    "kz": ("398", "KAZ", "Kazakhstan", "hub", 0.05),
    "kg": ("417", "KGZ", "Kyrgyzstan", "hub", 0.02),
    "by": ("112", "BLR", "Belarus", "hub", 0.04),
    "tr": ("792", "TUR", "Türkiye", "hub", 0.06),
    "am": ("051", "ARM", "Armenia", "hub", 0.015),
    "ae": ("784", "ARE", "United Arab Emirates", "hub", 0.05),
    "uz": ("860", "UZB", "Uzbekistan", "hub", 0.02),
    "pl": ("616", "POL", "Poland", "europe", 0.03),
    "de": ("276", "DEU", "Germany", "europe", 0.08),
    "us": ("842", "USA", "USA", "other", 0.3),
}
HUB_GROWTH_1: Final = 4.0
HUB_GROWTH_2: Final = 1.3


def months() -> Iterator[date]:
    for year in (2022, 2023, 2024):
        for month in range(1, 13):
            yield date(year, month, 1)


def _russia_factor(m: date) -> float:
    if m < date(2023, 1, 1):
        return 0.8
    if m < date(2023, 7, 1):
        return 1.0
    if m < CONTROL_1:
        return 2.2  # stockpiling before the control date
    if m < CONTROL_2:
        return 0.35
    return 0.25


def _hub_factor(m: date) -> float:
    if m < CONTROL_1:
        return 1.0
    if m < CONTROL_2:
        return HUB_GROWTH_1
    return HUB_GROWTH_1 * HUB_GROWTH_2


def _price_factor(iso: str, m: date) -> float:
    """Unit values to Russia roughly double after the control; a little more after the second."""
    if iso != "ru" or m < CONTROL_1:
        return 1.0
    return 2.0 if m < CONTROL_2 else 2.3


def _apportion(total: int, weights: list[float]) -> list[int]:
    """Integers proportional to `weights` that add up to exactly `total` (largest remainder)."""
    scale = sum(weights)
    raw = [total * w / scale for w in weights]
    out = [int(x) for x in raw]
    order = sorted(range(len(raw)), key=lambda i: (out[i] - raw[i], i))
    for i in order[: total - sum(out)]:
        out[i] += 1
    return out


def trade_rows(rng: random.Random) -> list[TradeRow]:
    """All rows, partner by partner, month by month, code by code."""
    base = RU_H1_2023_USD / 6
    values: dict[tuple[str, date, str], float] = {}
    for iso, (_, _, _, role, share) in PARTNERS.items():
        for m in months():
            if role == "target":
                level = base * _russia_factor(m)
            elif role == "ukraine":
                level = UA_H1_2023_USD / 6 * (1.4 if m.year == 2022 else 1.0)
            elif role == "hub":
                level = base * share * _hub_factor(m)
            else:
                level = base * share * (1.5 if role == "europe" and m >= CONTROL_1 else 1.0)
            for code, (weight, _, _) in DRONE_CODES.items():
                values[(iso, m, code)] = level * weight * rng.uniform(0.8, 1.2)
            values[(iso, m, CAMERA_CODE)] = level * 0.3 * rng.uniform(0.7, 1.3)
    h1 = [date(2023, month, 1) for month in range(1, 7)]
    for iso, total in (("ru", RU_H1_2023_USD), ("ua", UA_H1_2023_USD)):
        keys = [(iso, m, code) for m in h1 for code in DRONE_CODES]
        for key, exact in zip(keys, _apportion(total, [values[k] for k in keys]), strict=True):
            values[key] = exact
    rows = []
    for (iso, m, code), value in values.items():
        m49, iso3, desc, _, _ = PARTNERS[iso]
        unit, kg = (300, 0.6) if code == CAMERA_CODE else DRONE_CODES[code][1:]
        unit_value = unit * _price_factor(iso, m)
        usd = round(value)
        qty = max(1, round(usd / unit_value))
        rows.append(
            TradeRow(
                period=f"{m:%Y%m}",
                reporter_code="156",
                reporter_iso="CHN",
                reporter_desc="China",
                flow="X",
                partner_code=m49,
                partner_iso=iso3,
                partner_desc=desc,
                cmd_code=code,
                qty=qty,
                net_wgt=qty * kg,
                value_usd=usd,
                remarks=_remark(iso, m, code),
            )
        )
    rows.sort(key=lambda r: (r.period, r.partner_code, r.cmd_code))
    return rows


_RU_FIGURE = (
    "China to Russia drones Jan-Jun 2023 at least 14.5 million USD; "
    "the total here is 14.6 million, its monthly split synthetic"
)
_UA_FIGURE = (
    "China to Ukraine drones Jan-Jun 2023 over 200,000 USD; "
    "the total here is 210,000, its monthly split synthetic"
)


def _remark(iso: str, m: date, code: str) -> str:
    if code in DRONE_CODES and date(2023, 1, 1) <= m < date(2023, 7, 1):
        if iso == "ru":
            return note("A", _RU_FIGURE)
        if iso == "ua":
            return note("A", _UA_FIGURE)
    return note(None) + "; values synthetic, shaped to the control dates 2023-09-01 and 2024-09-01"
