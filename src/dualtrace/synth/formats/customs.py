"""Russian import declarations as a CSV with the declaration's Russian column names.

The layout is the one dualtrace's customs mapping reads: `;`-delimited UTF-8 with a BOM,
dates `DD.MM.YYYY`, decimals with a comma, a final `Примечание` (remarks) column that carries
the synthetic marker of every generated row.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Final

COLUMNS: Final = (
    "Номер декларации",
    "Дата декларации",
    "Отправитель",
    "Страна отправителя",
    "Получатель",
    "ИНН получателя",
    "Декларант",
    "Производитель",
    "Товарный знак",
    "Код ТН ВЭД",
    "Описание товара",
    "Страна происхождения",
    "Страна отправления",
    "Фактурная стоимость",
    "Валюта",
    "Вес нетто, кг",
    "Количество",
    "Единица измерения",
    "Примечание",
)


@dataclass(frozen=True, slots=True)
class Declaration:
    number: str
    day: date
    sender: str
    sender_country: str
    recipient: str
    recipient_inn: str | None
    declarant: str | None
    manufacturer: str | None
    trademark: str | None
    tnved: str
    description: str
    origin_country: str
    dispatch_country: str
    value: Decimal
    currency: str
    net_weight_kg: Decimal
    quantity: int
    unit: str
    remarks: str


def decimal_comma(value: Decimal) -> str:
    return f"{value:.2f}".replace(".", ",")


def row_of(d: Declaration) -> list[str]:
    return [
        d.number,
        f"{d.day:%d.%m.%Y}",
        d.sender,
        d.sender_country,
        d.recipient,
        d.recipient_inn or "",
        d.declarant or "",
        d.manufacturer or "",
        d.trademark or "",
        d.tnved,
        d.description,
        d.origin_country,
        d.dispatch_country,
        decimal_comma(d.value),
        d.currency,
        decimal_comma(d.net_weight_kg),
        str(d.quantity),
        d.unit,
        d.remarks,
    ]


def write_customs_csv(path: Path, declarations: Iterable[Declaration]) -> int:
    """Write the declarations; return how many rows were written."""
    path.parent.mkdir(parents=True, exist_ok=True)
    n = 0
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle, delimiter=";", lineterminator="\n")
        writer.writerow(COLUMNS)
        for d in declarations:
            writer.writerow(row_of(d))
            n += 1
    return n
