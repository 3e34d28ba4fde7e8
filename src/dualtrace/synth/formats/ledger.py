"""Invoices and flight manifests as CSV, in the column layouts dualtrace's ledger sources read.

Both carry a trailing `notes` column with the synthetic marker, and the reported fact a row
stands for when it stands for one.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Final

INVOICE_COLUMNS: Final = (
    "invoice_number",
    "date",
    "seller",
    "seller_country",
    "buyer",
    "buyer_country",
    "seller_id",
    "buyer_id",
    "items",
    "amount",
    "currency",
    "notes",
)
FLIGHT_COLUMNS: Final = ("passenger", "organisation", "flight", "date", "from", "to", "notes")


@dataclass(frozen=True, slots=True)
class Invoice:
    number: str
    day: date
    seller: str
    seller_country: str
    buyer: str
    buyer_country: str
    items: str
    amount: Decimal
    currency: str
    notes: str
    seller_id: str = ""
    buyer_id: str = ""
    """Tax or registration numbers as printed on the invoice ('' when not shown)."""


@dataclass(frozen=True, slots=True)
class FlightLeg:
    passenger: str
    organisation: str
    flight: str
    day: date
    origin: str
    destination: str
    notes: str


def write_invoices_csv(path: Path, invoices: Iterable[Invoice]) -> int:
    path.parent.mkdir(parents=True, exist_ok=True)
    n = 0
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(INVOICE_COLUMNS)
        for i in invoices:
            writer.writerow(
                [
                    i.number,
                    i.day.isoformat(),
                    i.seller,
                    i.seller_country.upper(),
                    i.buyer,
                    i.buyer_country.upper(),
                    i.seller_id,
                    i.buyer_id,
                    i.items,
                    f"{i.amount:.2f}",
                    i.currency,
                    i.notes,
                ]
            )
            n += 1
    return n


def write_flights_csv(path: Path, legs: Iterable[FlightLeg]) -> int:
    path.parent.mkdir(parents=True, exist_ok=True)
    n = 0
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(FLIGHT_COLUMNS)
        for f in legs:
            writer.writerow(
                [
                    f.passenger,
                    f.organisation,
                    f.flight,
                    f.day.isoformat(),
                    f.origin,
                    f.destination,
                    f.notes,
                ]
            )
            n += 1
    return n
