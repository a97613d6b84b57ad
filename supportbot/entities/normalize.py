"""Canonical values of extracted entities: order ids, amounts, dates.

Order ids. The shop's ids are ``#W`` followed by 7 digits (``#W2611340``). Customers write
``W2611340``, ``#w2611340``, ``order 2611340`` or pad the number with zeros the way many order
systems print it (``0002611340``). So a numeric id whose value, leading zeros removed, has exactly
7 digits is the shop id ``#W<digits>``. Any other numeric length (Bitext-style ``732201349959`` or
``00123842``) cannot be one of the shop's ids; it keeps its digits (``#732201349959``), is still
reported as an order id, and database validation flags it ``unknown`` so the agent asks.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal, InvalidOperation

SHOP_ID_DIGITS = 7

_ORDER_TOKEN = re.compile(r"#?\s?([Ww]?)([0-9]{1,20})")


def canonical_order_id(surface: str) -> str | None:
    """``'#W2611340'`` for any accepted spelling of an order id, ``None`` if it is not one."""
    compact = surface.strip().replace(" ", "")
    m = _ORDER_TOKEN.fullmatch(compact)
    if not m:
        return None
    letter, digits = m.groups()
    if letter:
        return f"#W{digits}" if len(digits) == SHOP_ID_DIGITS else None
    stripped = digits.lstrip("0")
    if len(stripped) == SHOP_ID_DIGITS:
        return f"#W{stripped}"
    if len(stripped) < 5 or len(digits) > 20:
        return None
    return f"#{stripped}"


# ------------------------------------------------------------------ amounts

_CURRENCY_WORDS = {
    "$": "USD",
    "us$": "USD",
    "usd": "USD",
    "dollar": "USD",
    "dollars": "USD",
    "bucks": "USD",
    "€": "EUR",
    "eur": "EUR",
    "euro": "EUR",
    "euros": "EUR",
    "£": "GBP",
    "gbp": "GBP",
    "pound": "GBP",
    "pounds": "GBP",
    "cad": "CAD",
    "c$": "CAD",
    "aud": "AUD",
    "a$": "AUD",
    "¥": "JPY",
    "jpy": "JPY",
    "yen": "JPY",
    "chf": "CHF",
    "inr": "INR",
    "₹": "INR",
}


def currency_code(word: str) -> str | None:
    return _CURRENCY_WORDS.get(word.strip().lower())


def parse_decimal(number: str) -> Decimal | None:
    """``'1,234.50'`` -> ``Decimal('1234.50')``; thousands separators must be well placed."""
    raw = number.strip()
    if not re.fullmatch(r"[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]{1,2})?|[0-9]{1,12}(?:\.[0-9]{1,2})?", raw):
        return None
    try:
        return Decimal(raw.replace(",", ""))
    except InvalidOperation:  # pragma: no cover - the pattern above excludes it
        return None


def amount_value(amount: Decimal, currency: str) -> str:
    """The contract's normalised amount: ``'12.50 USD'``."""
    return f"{amount.quantize(Decimal('0.01'))} {currency}"


def parse_amount_value(value: str) -> tuple[Decimal, str]:
    """Inverse of :func:`amount_value` (for consumers of :class:`Entity`)."""
    number, currency = value.split(" ", 1)
    return Decimal(number), currency


# ------------------------------------------------------------------ dates

MONTHS = {
    name: index
    for index, names in enumerate(
        (
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ),
        start=1,
    )
    for name in names
}
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


def safe_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def infer_year(month: int, day: int, today: dt.date) -> dt.date | None:
    """A date written without a year: this year's, unless that is more than 60 days ahead
    (then last year's) - tickets mostly talk about recent orders and deliveries."""
    this_year = safe_date(today.year, month, day)
    if this_year is None:
        return safe_date(today.year - 1, month, day)  # 29 February
    if this_year - today > dt.timedelta(days=60):
        return safe_date(today.year - 1, month, day)
    return this_year


def expand_year(year: int) -> int:
    return year + 2000 if year < 100 else year
