from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from supportbot.entities.normalize import canonical_order_id, infer_year, parse_amount_value, parse_decimal


@pytest.mark.parametrize(
    ("surface", "expected"),
    [
        ("#W2611340", "#W2611340"),
        ("W2611340", "#W2611340"),
        ("#w2611340", "#W2611340"),
        ("2611340", "#W2611340"),
        ("0002611340", "#W2611340"),  # zero-padded shop id
        ("#2611340", "#W2611340"),
        ("732201349959", "#732201349959"),  # Bitext-style foreign id keeps its digits
        ("00123842", "#123842"),
        ("W261134", None),  # W ids have exactly 7 digits
        ("W26113400", None),
        ("1234", None),
        ("abc", None),
    ],
)
def test_canonical_order_id(surface: str, expected: str | None) -> None:
    assert canonical_order_id(surface) == expected


def test_parse_decimal_requires_well_placed_separators() -> None:
    assert parse_decimal("1,234.50") == Decimal("1234.50")
    assert parse_decimal("12,34") is None
    assert parse_amount_value("12.50 USD") == (Decimal("12.50"), "USD")


def test_year_inference_prefers_the_recent_past() -> None:
    today = dt.date(2026, 1, 10)
    assert infer_year(12, 24, today) == dt.date(2025, 12, 24)
    assert infer_year(1, 3, today) == dt.date(2026, 1, 3)
    assert infer_year(2, 29, dt.date(2026, 3, 1)) is None  # no 29 Feb in 2026 or 2025
