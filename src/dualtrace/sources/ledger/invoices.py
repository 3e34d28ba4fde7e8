"""Invoices: who paid whom, how much, for what, from CSV or a JSON array of objects.

Header (CSV) or keys (JSON): invoice_number, date, seller, seller_country, buyer,
buyer_country, items, amount, currency; optionally seller_id and buyer_id, the tax or
registration number printed for each party (a Russian invoice must show the buyer's and the
seller's INN). Each invoice is a `paid` relation from the buyer to the seller; an invoice
without both parties, an amount or a readable date is a reject. A party's number that passes
no check-digit rule is kept as a plain registration number.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from dualtrace.model import Batch, Record, Reject, Relation
from dualtrace.normalize.countries import country_code
from dualtrace.normalize.dates import parse_date
from dualtrace.normalize.identifiers import classify_identifier, clean_identifier
from dualtrace.normalize.money import currency_code, parse_amount
from dualtrace.sources.base import EntityStatements, SourceFormat, SourceInput
from dualtrace.sources.ledger.rows import Row, header_fields, raw_text, read_rows
from dualtrace.sources.trade.lookups import entity_id, party_schema

FIELDS = (
    "invoice_number",
    "date",
    "seller",
    "seller_country",
    "buyer",
    "buyer_country",
    "items",
    "amount",
    "currency",
)
REQUIRED = ("seller", "buyer", "amount", "date")
DATASET = "invoices"


def check(row: Row, required: tuple[str, ...]) -> tuple[str, str] | None:
    """(field, reason) of the first problem of a ledger row, or None."""
    if "__columns__" in row:
        return "", f"expected {len(row) - 1} columns, found {row['__columns__']}"
    for field in required:
        if not row.get(field):
            return field, f"missing required {field}"
    date = row.get("date")
    if date and parse_date(date) is None:
        return "date", f"not a date: {date}"
    return None


class Invoices(SourceFormat):
    name = "invoices"
    description = "Invoices (seller, buyer, items, amount, currency, date), CSV or JSON"
    mode = "append"

    @classmethod
    def sniff(cls, path: Path) -> SourceInput | None:
        fields = header_fields(path)
        if fields is None or not set(FIELDS) - {"items", "invoice_number"} <= fields:
            return None
        return SourceInput(path, (path,))

    def dataset(self, source: SourceInput) -> str:
        return DATASET

    def parse(self, source: SourceInput) -> Iterator[Batch]:
        batch = Batch()
        path = source.path
        for locator, position, row in read_rows(path):
            problem = check(row, REQUIRED)
            amount = parse_amount(row["amount"] or "") if problem is None else None
            if problem is None and amount is None:
                problem = ("amount", f"not an amount: {row['amount']}")
            if problem is not None:
                batch.rejects.append(Reject(locator, problem[1], raw_text(row), problem[0]))
                continue
            record_id = f"{DATASET}:{path.name}:{position}"
            batch.records.append(Record(record_id, DATASET, locator, row))
            seller = self._party(batch, record_id, row, "seller")
            buyer = self._party(batch, record_id, row, "buyer")
            currency = row.get("currency")
            props = {
                "amount": float(amount) if amount is not None else None,
                "currency": (currency_code(currency) or currency) if currency else None,
                "invoice": row.get("invoice_number"),
                "items": row.get("items"),
            }
            batch.relations.append(
                Relation(
                    f"{record_id}#paid",
                    "paid",
                    buyer,
                    seller,
                    record_id,
                    start=parse_date(row["date"] or ""),
                    props={k: v for k, v in props.items() if v is not None},
                )
            )
        yield batch

    def _party(self, batch: Batch, record_id: str, row: Row, role: str) -> str:
        name = row[role] or ""
        number = (row.get(f"{role}_id") or "").strip()
        party = entity_id(DATASET, name, number)
        add = EntityStatements(batch, party, party_schema(name), record_id).add
        add("name", name)
        if number:
            kinds = classify_identifier(number)
            prop = kinds[0] if kinds else "registrationNumber"
            add(prop, clean_identifier(prop, number) or number, original=number)
        country = row.get(f"{role}_country")
        if country:
            add("country", country_code(country), original=country)
        return party
