"""Amounts in any grouping convention, and dated conversion to US dollars."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dualtrace.normalize.money import (
    ExchangeRates,
    RateError,
    currency_code,
    parse_amount,
    to_usd,
)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("12 345,67", "12345.67"),
        ("12,345.67", "12345.67"),
        ("1.234.567,00", "1234567.00"),
        ("1'234.50", "1234.50"),
        ("12\u00a0345,67 руб.", "12345.67"),
        ("USD 1,000.00", "1000.00"),
        ("12,5", "12.5"),
        ("-1 000", "-1000"),
        ("1,234", "1234"),
    ],
)
def test_parse_amount(text: str, value: str) -> None:
    assert parse_amount(text) == Decimal(value)


@pytest.mark.parametrize("text", ["", "abc", "1.2.3", "1,23,456.00"])
def test_parse_amount_refuses_malformed(text: str) -> None:
    assert parse_amount(text) is None


@given(
    st.integers(0, 10**12),
    st.integers(0, 99),
    st.sampled_from([(" ", ","), (",", "."), (".", ","), ("\u00a0", ","), ("'", ".")]),
)
def test_parse_amount_round_trips_every_convention(
    whole: int, cents: int, marks: tuple[str, str]
) -> None:
    group, decimal = marks
    grouped = f"{whole:,}".replace(",", group)
    assert parse_amount(f"{grouped}{decimal}{cents:02d}") == Decimal(f"{whole}.{cents:02d}")


def test_currency_codes() -> None:
    assert currency_code("RUR") == "RUB"
    assert currency_code("643") == "RUB"
    assert currency_code("юань") == "CNY"
    assert currency_code("rmb") == "CNY"
    assert currency_code("eur") == "EUR"
    assert currency_code("рубли и копейки") is None


def test_to_usd_uses_the_month_of_the_date() -> None:
    # 1,000 yuan in May 2023 at about 6.99 yuan per dollar.
    assert round(to_usd(1000, "CNY", date(2023, 5, 17)), 2) == Decimal("143.06")
    # The rouble's March 2022 collapse and June 2022 rebound differ by nearly two to one.
    march = to_usd(100_000, "RUB", date(2022, 3, 10))
    june = to_usd(100_000, "RUB", date(2022, 6, 10))
    assert june > march * Decimal("1.5")
    assert to_usd(Decimal("5"), "USD", date(1999, 1, 1)) == Decimal("5")


def test_to_usd_refuses_unknown_dates_and_currencies() -> None:
    with pytest.raises(RateError, match="no CNY rate for 2020-12"):
        to_usd(1, "CNY", date(2020, 12, 31))
    with pytest.raises(RateError, match="XYZ"):
        to_usd(1, "XYZ", date(2023, 1, 1))


def test_user_rate_file(tmp_path: Path) -> None:
    path = tmp_path / "rates.csv"
    path.write_text("# my rates\ncurrency,month,per_usd\nCNY,2026-01,7.00\n", encoding="utf-8")
    rates = ExchangeRates.load(path)
    assert to_usd("700", "CNY", date(2026, 1, 5), rates) == Decimal(100)
    path.write_text("currency,rate\nCNY,7\n", encoding="utf-8")
    with pytest.raises(RateError, match="columns"):
        ExchangeRates.load(path)


def test_bundled_table_covers_2021_to_mid_2025() -> None:
    rates = ExchangeRates.bundled()
    for currency in ("CNY", "RUB", "EUR", "HKD", "AED", "TRY", "KZT"):
        assert rates.rate(currency, date(2021, 1, 1)) > 0
        assert rates.rate(currency, date(2025, 6, 30)) > 0
    assert rates.rate("AED", date(2025, 12, 1)) == Decimal("3.6725")
