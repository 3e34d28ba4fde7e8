"""Amounts and currencies: parsing declared amounts and converting them to US dollars at the
rate of their month, so that flows in yuan, roubles and euros can be added up and compared.

A conversion without a known rate is refused rather than guessed: a trade-flow chart that
silently used the wrong year's rouble would mislead more than a gap.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from importlib.resources import files
from pathlib import Path
from typing import Final

from dualtrace.errors import DualtraceError

# How sources write currencies besides ISO 4217 letters: the old rouble code RUR still used in
# Russian customs forms, ISO numeric codes, symbols and words. Listed by hand for the
# currencies the rate table covers; babel has names but not numeric codes or these words.
_CURRENCY_ALIASES: Final = {
    "RUR": "RUB", "643": "RUB", "810": "RUB", "₽": "RUB", "РУБ": "RUB", "РУБЛЬ": "RUB",
    "РУБЛЕЙ": "RUB", "RMB": "CNY", "156": "CNY", "元": "CNY", "人民币": "CNY", "ЮАНЬ": "CNY",
    "ЮАНЕЙ": "CNY", "840": "USD", "$": "USD", "US$": "USD", "ДОЛЛ": "USD", "ДОЛЛАР": "USD",
    "美元": "USD", "978": "EUR", "€": "EUR", "ЕВРО": "EUR", "344": "HKD", "HK$": "HKD",
    "784": "AED", "949": "TRY", "₺": "TRY", "398": "KZT", "₸": "KZT", "ТЕНГЕ": "KZT",
}  # fmt: skip
_SPACES: Final = re.compile(r"[\s\u00a0\u2009\u202f'’]")
_NUMBER: Final = re.compile(r"[+-]?[\d.,]*\d")


class RateError(DualtraceError):
    """No exchange rate is known for a currency and date, or a rate file is unusable."""


def currency_code(text: str) -> str | None:
    """The ISO 4217 code of a currency as written ("RUR", "643", "₽", "юань", "rmb")."""
    cleaned = text.strip().upper().rstrip(".")
    if cleaned in _CURRENCY_ALIASES:
        return _CURRENCY_ALIASES[cleaned]
    if len(cleaned) == 3 and cleaned.isascii() and cleaned.isalpha():
        return cleaned
    return None


def parse_amount(text: str) -> Decimal | None:
    """An amount written with any grouping and decimal convention, or None.

    "12 345,67", "12,345.67", "1.234.567,00" and "1'234.50" all parse. When both "," and
    "." appear, the last one is the decimal mark. A single mark followed by exactly three
    digits ("1,234", "1.234") is read as grouping, which is what invoices and declarations
    mean far more often than an amount with three decimals.
    """
    compact = _SPACES.sub("", text)
    match = _NUMBER.search(compact)
    if match is None:
        return None
    number = match.group(0)
    sign = "-" if number.startswith("-") else ""
    number = number.lstrip("+-")
    commas, dots = number.count(","), number.count(".")
    if commas and dots:
        decimal_mark = "," if number.rfind(",") > number.rfind(".") else "."
    elif commas + dots == 1:
        mark = "," if commas else "."
        decimals = number.split(mark)[1]
        decimal_mark = "" if len(decimals) == 3 and number[0] != "0" else mark
    else:
        decimal_mark = ""
    for mark in {",", "."} - {decimal_mark}:
        integer = number.split(decimal_mark)[0] if decimal_mark else number
        groups = integer.split(mark)
        if len(groups) > 1 and any(len(g) != 3 for g in groups[1:]):
            return None
        number = number.replace(mark, "")
    if decimal_mark:
        if number.count(decimal_mark) > 1:
            return None
        number = number.replace(decimal_mark, ".")
    try:
        return Decimal(sign + number)
    except InvalidOperation:
        return None


@dataclass(frozen=True)
class ExchangeRates:
    """Monthly average rates as units of currency per US dollar, keyed by (currency, 'YYYY-MM')."""

    rates: dict[tuple[str, str], Decimal]
    source: str

    @classmethod
    def bundled(cls) -> ExchangeRates:
        """The indicative 2021-2025 table shipped with dualtrace (see the file's header)."""
        text = files("dualtrace.normalize").joinpath("data/usd_rates.csv").read_text("utf-8")
        return cls(_parse_rates(text, "bundled usd_rates.csv"), "bundled usd_rates.csv")

    @classmethod
    def load(cls, path: Path) -> ExchangeRates:
        """A user's rate file with the columns currency,month,per_usd (lines with # skipped)."""
        try:
            text = path.read_text(encoding="utf-8")
        except OSError as exc:
            raise RateError(f"{path}: {exc.strerror or exc}") from exc
        return cls(_parse_rates(text, str(path)), str(path))

    def rate(self, currency: str, on_date: date) -> Decimal:
        """Units of `currency` per US dollar in the month of `on_date`."""
        code = currency_code(currency)
        if code == "USD":
            return Decimal(1)
        month = f"{on_date.year:04d}-{on_date.month:02d}"
        found = self.rates.get((code or currency, month))
        if found is None:
            raise RateError(
                f"no {code or currency} rate for {month} in {self.source}; "
                "supply one with --rates FILE"
            )
        return found

    def to_usd(self, amount: Decimal | int | str, currency: str, on_date: date) -> Decimal:
        value = amount if isinstance(amount, Decimal) else Decimal(str(amount))
        return value / self.rate(currency, on_date)


def _parse_rates(text: str, source: str) -> dict[tuple[str, str], Decimal]:
    lines = [line for line in text.splitlines() if line.strip() and not line.startswith("#")]
    rates: dict[tuple[str, str], Decimal] = {}
    reader = csv.DictReader(lines)
    if not {"currency", "month", "per_usd"} <= set(reader.fieldnames or ()):
        raise RateError(f"{source}: expected the columns currency,month,per_usd")
    for number, row in enumerate(reader, start=2):
        try:
            value = Decimal(row["per_usd"])
        except (InvalidOperation, TypeError) as exc:
            raise RateError(f"{source}: row {number}: bad rate {row['per_usd']!r}") from exc
        if value <= 0 or not re.fullmatch(r"\d{4}-\d{2}", row["month"] or ""):
            raise RateError(f"{source}: row {number}: bad month or rate")
        rates[(row["currency"].strip().upper(), row["month"])] = value
    return rates


_BUNDLED: ExchangeRates | None = None


def to_usd(
    amount: Decimal | int | str,
    currency: str,
    on_date: date,
    rates: ExchangeRates | None = None,
) -> Decimal:
    """`amount` of `currency` in US dollars at the monthly average rate of `on_date`.

    Raises RateError when no rate is known for that currency and month.
    """
    global _BUNDLED
    if rates is None:
        if _BUNDLED is None:
            _BUNDLED = ExchangeRates.bundled()
        rates = _BUNDLED
    return rates.to_usd(amount, currency, on_date)
