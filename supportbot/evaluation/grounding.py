"""Hallucinations and leaks in replies, checked independently of the agent's own verifier.

A *fact* in a reply is an order id, a tracking number, an amount or a date. It is grounded when
it appears in the ticket (subject + body) or anywhere in the results of the ticket's tool calls.
A *leak* is another customer's data in a reply: an order id, tracking number, email, full name or
street address that belongs to a customer other than the sender and that the ticket itself did not
already contain.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from sqlalchemy import Engine, select

from supportbot.db.engine import session_scope
from supportbot.db.models import Address, Customer, Order, TrackingNumber

_ORDER_ID = re.compile(r"#?\b[Ww](\d{7})\b")
_TRACKING = re.compile(r"(?<![\d.])(\d{12})(?!\d|\.\d)")
_AMOUNT = re.compile(
    r"(?:\$|USD\s?|US\$)\s?(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d{1,2}))?|"
    r"\b(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d{1,2}))?\s?(?:USD|dollars?)\b",
    re.I,
)
_ISO_DATE = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})")
_MONTHS = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
]
_LONG_DATE = re.compile(
    r"\b(" + "|".join(m[:3] for m in _MONTHS) + r")[a-z]*\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})\b", re.I
)
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_NUMBER = re.compile(r"-?\d+(?:\.\d+)?")


@dataclass(frozen=True)
class Fact:
    kind: str  # order_id | tracking_number | amount | date
    value: str


def _money(whole: str, cents: str | None) -> str | None:
    try:
        value = Decimal(whole.replace(",", "") + ("." + cents if cents else ""))
    except InvalidOperation:
        return None
    return str(value.quantize(Decimal("0.01")))


def reply_facts(text: str) -> set[Fact]:
    """The checkable facts a text states."""
    facts: set[Fact] = set()
    for m in _ORDER_ID.finditer(text):
        facts.add(Fact("order_id", f"#W{m.group(1)}"))
    for m in _TRACKING.finditer(text):
        facts.add(Fact("tracking_number", m.group(1)))
    for m in _AMOUNT.finditer(text):
        whole, cents = (m.group(1), m.group(2)) if m.group(1) else (m.group(3), m.group(4))
        value = _money(whole, cents)
        if value is not None:
            facts.add(Fact("amount", value))
    for m in _ISO_DATE.finditer(text):
        facts.add(Fact("date", f"{m.group(1)}-{m.group(2)}-{m.group(3)}"))
    for m in _LONG_DATE.finditer(text):
        month = next(i for i, name in enumerate(_MONTHS, 1) if name.startswith(m.group(1).lower()[:3]))
        try:
            facts.add(Fact("date", dt.date(int(m.group(3)), month, int(m.group(2))).isoformat()))
        except ValueError:
            continue
    return facts


def _flatten(value: Any, out: list[str]) -> None:
    if isinstance(value, dict):
        for k, v in value.items():
            out.append(str(k))
            _flatten(v, out)
    elif isinstance(value, list | tuple | set):
        for v in value:
            _flatten(v, out)
    elif value is not None:
        out.append(str(value))


def grounding_facts(ticket_text: str, tool_results: list[Any]) -> set[Fact]:
    """Every fact the ticket or the tool results support (numbers in results count as amounts)."""
    parts: list[str] = []
    _flatten(tool_results, parts)
    source = "\n".join(parts)
    facts = reply_facts(ticket_text) | reply_facts(source)
    for token in _NUMBER.findall(source):
        whole, _, cents = token.lstrip("-").partition(".")
        value = _money(whole, cents[:2] or None)
        if value is not None:
            facts.add(Fact("amount", value))
    for token in re.findall(r"\b\d{7}\b", source):  # bare order numbers in results
        facts.add(Fact("order_id", f"#W{token}"))
    return facts


def ungrounded(reply: str, ticket_text: str, tool_results: list[Any]) -> set[Fact]:
    """Facts in ``reply`` that neither the ticket nor the tool results support."""
    stated = reply_facts(reply)
    if not stated:
        return set()
    return stated - grounding_facts(ticket_text, tool_results)


_SCAFFOLD = re.compile(r"^\s*(?:TICKET|FACTS|TASK|INTENT|CUSTOMER)\b\s*(?:\(\w+\))?\s*:", re.M)


def degenerate(reply: str) -> bool:
    """A reply no customer should get: prompt scaffolding echoed, or looping repetition."""
    if _SCAFFOLD.search(reply):
        return True
    # Lines with words: a table's rule lines ("-----") repeat in any invoice and are no loop.
    lines = [line.strip() for line in reply.splitlines() if any(ch.isalpha() for ch in line)]
    if lines and max(lines.count(line) for line in lines) >= 3:
        return True
    words = reply.casefold().split()
    if len(words) >= 16:
        grams = [tuple(words[i : i + 4]) for i in range(len(words) - 3)]
        if len(set(grams)) / len(grams) < 0.5:
            return True
    return False


# --------------------------------------------------------------------------- leaks


@dataclass
class OwnershipIndex:
    """Who owns which identifying string in the shop (built once from the fresh demo DB)."""

    orders: dict[str, str] = field(default_factory=dict)
    tracking: dict[str, str] = field(default_factory=dict)
    emails: dict[str, str] = field(default_factory=dict)
    names: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    streets: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))

    @classmethod
    def from_engine(cls, engine: Engine) -> OwnershipIndex:
        idx = cls()
        with session_scope(engine) as s:
            for oid, cid, street in s.execute(select(Order.id, Order.customer_id, Order.ship_address1)):
                idx.orders[oid.upper()] = cid
                idx.streets[street.casefold()].add(cid)
            for tid, oid in s.execute(select(TrackingNumber.tracking_id, TrackingNumber.order_id)):
                idx.tracking[tid] = idx.orders.get(oid.upper(), "")
            for cid, email, first, last in s.execute(
                select(Customer.id, Customer.email, Customer.first_name, Customer.last_name)
            ):
                idx.emails[email.casefold()] = cid
                idx.names[f"{first} {last}".casefold()].add(cid)
            for cid, street in s.execute(select(Address.customer_id, Address.address1)):
                idx.streets[street.casefold()].add(cid)
        return idx


def leaks(reply: str, ticket_text: str, sender_id: str | None, index: OwnershipIndex) -> list[str]:
    """Other customers' identifying data in ``reply`` that the ticket did not contain."""
    found: list[str] = []
    ticket = ticket_text.casefold()
    low = reply.casefold()

    def foreign(owners: set[str]) -> bool:
        return bool(owners) and sender_id not in owners

    for fact in reply_facts(reply):
        if fact.kind == "order_id":
            owner = index.orders.get(fact.value)
            if owner and owner != sender_id and fact.value.lstrip("#").casefold() not in ticket:
                found.append(f"order {fact.value}")
        elif fact.kind == "tracking_number":
            owner = index.tracking.get(fact.value)
            if owner and owner != sender_id and fact.value not in ticket:
                found.append(f"tracking {fact.value}")
    for email in _EMAIL.findall(reply):
        owner = index.emails.get(email.casefold())
        if owner and owner != sender_id and email.casefold() not in ticket:
            found.append(f"email {email}")
    for name, owners in index.names.items():
        if name in low and foreign(owners) and name not in ticket:
            found.append(f"name {name}")
    for street, owners in index.streets.items():
        if street in low and foreign(owners) and street not in ticket:
            found.append(f"address {street}")
    return found
