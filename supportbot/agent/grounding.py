"""Fact check of a reply: every order id, tracking number, amount, date, status and product it
names must appear in the ticket or in the facts the bot looked up."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation
from typing import Any

# An order id as written, also with a wrong number of digits (an invented "#W11300000" is caught).
_ORDER_ID = re.compile(r"#?\b[Ww](\d{5,9})\b")
_LONG_NUMBER = re.compile(r"(?<![\d.])\d{9,16}(?![\d.])")
_AMOUNT = re.compile(
    # "$1,545.53" or "$1545.53" (a comma group is required for the first form, else "$1545.53" read as "$154").
    r"(?:[$€£]\s?(\d{1,3}(?:,\d{3})+(?:\.\d{1,2})?|\d+(?:\.\d{1,2})?))|(\d+\.\d{2})(?:\s?(?:USD|EUR|GBP|dollars))?"
)
# A phone number written with separators: "+1 (111) 671-1349", "555 123 4567".
_PHONE = re.compile(r"(?<![\w.])\+?\(?\d[\d ()-]{6,}\d(?![\w.])")
_TIME = re.compile(r"\b\d{1,2}:\d{2}\b")
_ISO_DATE = re.compile(r"\b(\d{4}-\d{2}-\d{2})\b")
_MONTH_DATE = re.compile(
    r"\b((?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.? \d{1,2}(?:st|nd|rd|th)?(?:,? \d{4})?)\b",
    re.I,
)
_STATUS = re.compile(
    r"\b(?:is|was|has been|now|status(?: is)?:?)\s+(?:now\s+)?(pending|processed|delivered|cancell?ed|shipped|"
    r"return requested|exchange requested|refunded)\b",
    re.I,
)


def _amounts(text: str) -> set[Decimal]:
    found: set[Decimal] = set()
    for m in _AMOUNT.finditer(text):
        raw = (m.group(1) or m.group(2) or "").replace(",", "")
        try:
            found.add(Decimal(raw).quantize(Decimal("0.01")))
        except InvalidOperation:
            continue
    return found


def _ground_text(ticket: str, facts: dict[str, Any]) -> str:
    return ticket + "\n" + json.dumps(facts, ensure_ascii=False, default=str)


def _unsupported_phones(reply: str, ground: str) -> list[str]:
    """Phone-like numbers (9+ digits with separators) whose digits the ground does not contain,
    e.g. a support line invented from an order number."""
    ground_digits = re.sub(r"\D", "", ground)
    found = []
    for m in _PHONE.finditer(reply):
        digits = re.sub(r"\D", "", m.group())
        if len(digits) >= 9 and digits not in ground_digits:
            found.append(f"number {m.group().strip()}")
    return found


def unsupported_facts(
    reply: str, ticket: str, facts: dict[str, Any], products: Iterable[str] = ()
) -> list[str]:
    """The facts named in ``reply`` that neither ``ticket`` nor ``facts`` contain."""
    ground = _ground_text(ticket, facts)
    ground_lower = ground.lower()
    problems: list[str] = []

    ground_orders = {m.group(1) for m in _ORDER_ID.finditer(ground)}
    problems += [f"order #W{d}" for d in {m.group(1) for m in _ORDER_ID.finditer(reply)} - ground_orders]

    reply_wo_orders = _ORDER_ID.sub(" ", reply)
    ground_numbers = set(_LONG_NUMBER.findall(_ORDER_ID.sub(" ", ground)))
    problems += [f"number {n}" for n in set(_LONG_NUMBER.findall(reply_wo_orders)) - ground_numbers]
    problems += _unsupported_phones(_TIME.sub(" ", _ISO_DATE.sub(" ", reply_wo_orders)), ground)

    ground_amounts = _amounts(ground) | {
        Decimal(n).quantize(Decimal("0.01")) for n in re.findall(r"\d+\.\d+", ground)
    }
    problems += [f"amount {a}" for a in _amounts(reply_wo_orders) - ground_amounts]

    for date in set(_ISO_DATE.findall(reply)) | {d.lower() for d in _MONTH_DATE.findall(reply)}:
        if date.lower() not in ground_lower:
            problems.append(f"date {date}")

    for status in {s.lower() for s in _STATUS.findall(reply)}:
        variants = {status, status.replace("cancelled", "canceled"), status.replace("canceled", "cancelled")}
        if not any(v in ground_lower for v in variants):
            problems.append(f"status {status}")

    reply_folded = reply.casefold()
    for name in products:
        # The substring test skips the regex for the (many) products the reply cannot name.
        if name.casefold() not in reply_folded or name.lower() in ground_lower:
            continue
        if re.search(rf"\b{re.escape(name)}s?\b", reply, re.I):
            problems.append(f"product {name}")
    return sorted(problems)
