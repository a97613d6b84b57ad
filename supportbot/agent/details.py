"""Details of a requested change read off the ticket: a new postal address, a payment method.

Only unambiguous readings count; anything else makes the bot ask.
"""

from __future__ import annotations

import re
from typing import Any

_US_ADDRESS = re.compile(
    r"(?P<address1>\b\d{1,6}\s+[A-Za-z0-9.' ]{2,60}?)\s*,\s*"
    r"(?:(?P<address2>(?:apt\.?|apartment|suite|ste\.?|unit|#)\s*[A-Za-z0-9-]{1,10})\s*,\s*)?"
    r"(?P<city>[A-Za-z.' ]{2,40}?)\s*,\s*(?P<state>[A-Z]{2})\s*,?\s+(?P<zip>\d{5})(?:-\d{4})?\b",
    re.I,
)
_METHOD_WORDS = {
    "gift_card": re.compile(r"\bgift ?card\b", re.I),
    "paypal": re.compile(r"\bpay ?pal\b", re.I),
    "credit_card": re.compile(
        r"\b(?:credit card|debit card|card|visa|mastercard|amex|american express|discover)\b", re.I
    ),
}
_INSTEAD_OF = re.compile(
    r"\b(?:instead of|rather than|not)\s+(?:my\s+|the\s+)?(gift ?card|pay ?pal|(?:credit )?card)", re.I
)


def parse_address(text: str) -> dict[str, str] | None:
    """A US postal address written as 'street, [apt,] city, ST 12345', or None."""
    m = _US_ADDRESS.search(text[:5000])
    if not m:
        return None
    return {
        "address1": m.group("address1").strip(),
        "address2": (m.group("address2") or "").strip(),
        "city": m.group("city").strip(),
        "state": m.group("state").upper(),
        "country": "USA",
        "zip": m.group("zip"),
    }


_LAST_FOUR = re.compile(
    r"\b(?:ending|ends|ending in|last four|last 4|x{2,}|\*{2,})\s*(?:in|with|digits)?\s*:?\s*(\d{4})\b", re.I
)


def wanted_payment_method(text: str, methods: list[dict[str, Any]], current: str | None) -> str | None:
    """The id of the one saved payment method the customer asks to switch to, if unambiguous."""
    probe = _INSTEAD_OF.sub(" ", text[:2000])
    digits = {m.group(1) for m in _LAST_FOUR.finditer(probe)}
    if digits:
        by_digits = [
            m["payment_method_id"]
            for m in methods
            if any(str(m.get("label", "")).endswith(d) for d in digits)
        ]
        return by_digits[0] if len(by_digits) == 1 else None
    kinds = [kind for kind, pattern in _METHOD_WORDS.items() if pattern.search(probe)]
    if "gift_card" in kinds or "paypal" in kinds:
        kinds = [k for k in kinds if k != "credit_card"] if len(kinds) > 1 else kinds
    if len(kinds) != 1:
        return None
    candidates = [
        m["payment_method_id"]
        for m in methods
        if m.get("type") == kinds[0] and m["payment_method_id"] != current
    ]
    return candidates[0] if len(candidates) == 1 else None
