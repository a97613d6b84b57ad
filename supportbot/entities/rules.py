"""Pattern rules for structured entities: order ids, tracking numbers, invoice ids, emails,
amounts and dates.

Every pattern is linear-time: character classes with bounded repetition, no nested
quantifiers, no ambiguous alternations under a repeat. Context ("order", "tracking", "invoice")
is read from a fixed-size window before an id, so a pathological ticket cannot make a rule slow
(see tests/entities/test_rules_backtracking.py).

A bare number is never an order id on its own: phone numbers, zip codes, tracking numbers and
amounts look the same. It becomes one only with order context (``order 2611340``,
``purchase no: 00004587345``, ``orders W2611340 and 2611341``), with the shop's own ``W`` prefix
(``W2611340``) or as ``#`` followed by exactly 7 digits.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Literal

from supportbot.entities.normalize import (
    MONTHS,
    WEEKDAYS,
    amount_value,
    canonical_order_id,
    currency_code,
    expand_year,
    infer_year,
    parse_decimal,
    safe_date,
)

DateOrder = Literal["MDY", "DMY"]


@dataclass(frozen=True)
class Candidate:
    """A span found in the cleaned text, with its normalised value."""

    type: str
    start: int
    end: int
    value: str
    source: str = "rule"


# An id-shaped token: optional '#', optional W, digits. Not glued to other word characters, not a
# piece of a phone number / decimal / date (digit + separator on either side), not after a currency.
_ID_TOKEN = re.compile(
    r"(?:(?<![\w#$€£¥+])|(?<=[A-Za-z])(?=#))(?<![0-9][-.)/])(#\s?)?([Ww]?)([0-9]{4,20})"
    r"(?![\w])(?![-.,/][0-9])(?!\s?%)"
)
_UPS = re.compile(r"(?<![\w])1Z[0-9A-Z]{16}(?![\w])", re.IGNORECASE)
_WINDOW = 48
_SEP = r"[\s:#.\-]{0,4}"
_ORDER_CONTEXT = re.compile(
    rf"(?:\border|\bpurchase|\bpuchase|\bordr|\bord)(?:s|es)?{_SEP}"
    rf"(?:(?:no|nr|num|number|id|ref|reference|is|was|code){_SEP}){{0,2}}$",
    re.IGNORECASE,
)
_TRACKING_CONTEXT = re.compile(
    rf"(?:\btracking|\btrack|\bshipment|\bparcel|\bpackage|\bwaybill|\bconsignment|\bawb)s?{_SEP}"
    rf"(?:(?:no|nr|num|number|id|code|is|was|ref){_SEP}){{0,2}}$",
    re.IGNORECASE,
)
_INVOICE_CONTEXT = re.compile(
    rf"(?:\binvoi[a-z]{{0,2}}|\binvoc[a-z]{{0,2}}|\bbill?|\breceipt|\binv)s?{_SEP}(?:(?:no|nr|num|number|id|ref|is|was){_SEP}){{0,2}}$",
    re.IGNORECASE,
)
_LIST_GAP = re.compile(r"\s{0,3}(?:,|;|/|&|\band\b|\bor\b|,\s{0,3}and\b|,\s{0,3}or\b)\s{0,3}", re.IGNORECASE)

_EMAIL = re.compile(
    r"(?<![\w.+%-])[A-Za-z0-9][A-Za-z0-9._%+-]{0,63}@[A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63}){1,8}(?![\w@-])"
)

_NUMBER = r"[0-9]{1,3}(?:,[0-9]{3}){1,4}(?:\.[0-9]{1,2})?|[0-9]{1,12}(?:\.[0-9]{1,2})?"
_PREFIX_CCY = r"US\$|C\$|A\$|\$|€|£|¥|₹|(?<![A-Za-z])(?:USD|EUR|GBP|CAD|AUD|JPY|CHF|INR)(?![A-Za-z])"
_SUFFIX_CCY = r"(?<![A-Za-z])(?:USD|EUR|GBP|CAD|AUD|JPY|CHF|INR|dollars?|bucks|euros?)(?![A-Za-z])|€|£"
_AMOUNT = re.compile(
    rf"(?P<pre>{_PREFIX_CCY})\s?(?P<num1>{_NUMBER})(?![0-9])(?!\.[0-9])"
    rf"|(?<![\w.,$])(?P<num2>{_NUMBER})(?![0-9])\s?(?P<post>{_SUFFIX_CCY})",
    re.IGNORECASE,
)

_MONTH_NAMES = "|".join(sorted(MONTHS, key=len, reverse=True))
_ISO_DATE = re.compile(r"(?<![0-9])((?:19|20)[0-9]{2})-([0-9]{1,2})-([0-9]{1,2})(?![0-9])")
_SLASH_DATE = re.compile(r"(?<![0-9/.])([0-9]{1,2})[/.]([0-9]{1,2})[/.]([0-9]{4}|[0-9]{2})(?![0-9/])")
_MONTH_DAY = re.compile(
    rf"\b({_MONTH_NAMES})\.?\s{{1,3}}([0-9]{{1,2}})(?:st|nd|rd|th)?\b(?:,?\s{{1,3}}((?:19|20)[0-9]{{2}})\b)?",
    re.IGNORECASE,
)
_DAY_MONTH = re.compile(
    rf"\b([0-9]{{1,2}})(?:st|nd|rd|th)?\s{{1,3}}(?:of\s{{1,3}})?({_MONTH_NAMES})\b\.?"
    rf"(?:,?\s{{1,3}}((?:19|20)[0-9]{{2}})\b)?",
    re.IGNORECASE,
)
_RELATIVE_DAY = re.compile(r"\b(the day before yesterday|yesterday|today|tomorrow)\b", re.IGNORECASE)
_AGO = re.compile(
    r"\b([0-9]{1,2}|a|one|two|three|four|five|six|seven|eight|nine|ten)\s{1,3}(days?|weeks?)\s{1,3}ago\b",
    re.IGNORECASE,
)
_WEEKDAY = re.compile(rf"\b(last|this past|past|on|next)\s{{1,3}}({'|'.join(WEEKDAYS)})\b", re.IGNORECASE)
_SMALL_NUMBERS = {
    "a": 1,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
}


def _context(text: str, start: int) -> str:
    return text[max(0, start - _WINDOW) : start]


def _tracking_value(surface: str) -> str:
    return re.sub(r"[^0-9A-Za-z]", "", surface).upper()


def invoice_value(surface: str) -> str:
    return "#" + re.sub(r"[^0-9A-Za-z]", "", surface).upper()


def find_ids(text: str) -> list[Candidate]:
    """Order ids, tracking numbers and invoice ids."""
    found: list[Candidate] = []
    previous: Candidate | None = None
    for m in _ID_TOKEN.finditer(text):
        hash_, letter, digits = m.group(1), m.group(2), m.group(3)
        surface = m.group(0)
        window = _context(text, m.start())
        kind: str | None = None
        value: str | None = None
        if letter:
            value = canonical_order_id(surface)
            kind = "order_id" if value else None
        elif _TRACKING_CONTEXT.search(window):
            kind, value = "tracking_number", _tracking_value(surface)
        elif _INVOICE_CONTEXT.search(window):
            kind, value = "invoice_id", invoice_value(surface)
        elif _ORDER_CONTEXT.search(window):
            value = canonical_order_id(surface)
            kind = "order_id" if value else None
        elif (
            previous is not None
            and previous.type in {"order_id", "tracking_number", "invoice_id"}
            and _LIST_GAP.fullmatch(text, previous.end, m.start())
        ):
            kind = previous.type
            if kind == "order_id":
                value = canonical_order_id(surface)
                kind = "order_id" if value else None
            elif kind == "tracking_number":
                value = _tracking_value(surface)
            else:
                value = invoice_value(surface)
        elif hash_ and len(digits.lstrip("0")) == 7:
            value = canonical_order_id(surface)
            kind = "order_id" if value else None
        if kind and value:
            cand = Candidate(kind, m.start(), m.end(), value)
            found.append(cand)
            previous = cand
        else:
            previous = None
    for m in _UPS.finditer(text):
        found.append(Candidate("tracking_number", m.start(), m.end(), m.group(0).upper()))
    return found


def find_emails(text: str) -> list[Candidate]:
    return [Candidate("email", m.start(), m.end(), m.group(0).lower()) for m in _EMAIL.finditer(text)]


def find_amounts(text: str) -> list[Candidate]:
    found = []
    for m in _AMOUNT.finditer(text):
        number = m.group("num1") or m.group("num2")
        currency = currency_code(m.group("pre") or m.group("post") or "")
        amount = parse_decimal(number)
        if amount is None or currency is None:
            continue
        found.append(Candidate("amount", m.start(), m.end(), amount_value(amount, currency)))
    return found


def _month(word: str) -> int | None:
    return MONTHS.get(word.lower().rstrip("."))


def find_dates(text: str, today: dt.date, order: DateOrder = "MDY") -> list[Candidate]:
    found: list[Candidate] = []

    def add(m: re.Match[str], date: dt.date | None) -> None:
        if date is None:
            return
        end = m.end()
        # "17th of October." - a full month name's trailing dot ends the sentence.
        if m.group(0).endswith(".") and re.search(r"[A-Za-z]{5,}\.$", m.group(0)):
            end -= 1
        found.append(Candidate("date", m.start(), end, date.isoformat()))

    for m in _ISO_DATE.finditer(text):
        add(m, safe_date(int(m.group(1)), int(m.group(2)), int(m.group(3))))
    for m in _SLASH_DATE.finditer(text):
        a, b, year = int(m.group(1)), int(m.group(2)), expand_year(int(m.group(3)))
        month, day = (a, b) if order == "MDY" else (b, a)
        if month > 12 >= day:  # 25/12/2026 can only be day-first
            month, day = day, month
        add(m, safe_date(year, month, day))
    for pattern, month_group, day_group in ((_MONTH_DAY, 1, 2), (_DAY_MONTH, 2, 1)):
        for m in pattern.finditer(text):
            if m.group(month_group) in {"may", "MAY"}:  # the verb, not the month
                continue
            named = _month(m.group(month_group))
            if named is None:
                continue
            day_of_month = int(m.group(day_group))
            written_year = m.group(3)
            add(
                m,
                safe_date(int(written_year), named, day_of_month)
                if written_year
                else infer_year(named, day_of_month, today),
            )
    for m in _RELATIVE_DAY.finditer(text):
        word = m.group(1).lower()
        delta = {"today": 0, "yesterday": -1, "tomorrow": 1, "the day before yesterday": -2}[word]
        add(m, today + dt.timedelta(days=delta))
    for m in _AGO.finditer(text):
        count = _SMALL_NUMBERS.get(m.group(1).lower()) or int(m.group(1))
        unit = 7 if m.group(2).lower().startswith("week") else 1
        add(m, today - dt.timedelta(days=count * unit))
    for m in _WEEKDAY.finditer(text):
        target = WEEKDAYS.index(m.group(2).lower())
        if m.group(1).lower() == "next":
            delta = (target - today.weekday()) % 7 or 7
            add(m, today + dt.timedelta(days=delta))
        else:
            delta = (today.weekday() - target) % 7 or 7
            add(m, today - dt.timedelta(days=delta))
    return found


# A name introduced by the writer: "this is Mei Li", "my name is Noah", "Thanks, Yara Silva".
_NAME_CUE = re.compile(
    r"(?:\b(?:this is|my name is|my name's|name is|name:|i am|i'm|regards,?|thanks,?|thank you,?|"
    r"cheers,?|best,?|sincerely,?)|^\s{0,3}-{1,2}|\n\s{0,3}-{1,2})\s{1,3}"
    r"((?:Mr|Mrs|Ms|Dr)\.?\s)?([A-Z][a-z'-]{1,20}(?:[ \t][A-Z][a-z'-]{1,20}){0,2})\b",
    re.IGNORECASE | re.MULTILINE,
)
_NOT_NAMES = (
    frozenset(
        [
            "the",
            "a",
            "an",
            "and",
            "or",
            "order",
            "orders",
            "support",
            "team",
            "customer",
            "service",
            "help",
            "please",
            "hi",
            "hello",
            "hey",
            "so",
            "not",
            "very",
            "really",
            "just",
            "still",
            "here",
            "there",
            "your",
            "you",
            "we",
            "they",
            "it",
            "this",
            "that",
            "sorry",
            "happy",
            "sad",
            "angry",
            "upset",
            "waiting",
            "trying",
            "writing",
            "looking",
            "going",
            "calling",
            "contacting",
            "unable",
        ]
    )
    | {m for m in MONTHS}
    | set(WEEKDAYS)
)


_HONORIFIC_NAME = re.compile(
    r"\b(?:Mr|Mrs|Ms|Miss|Dr)\.?[ \t]{1,3}[A-Z][a-z'-]{1,30}(?:[ \t][A-Z][a-z'-]{1,30})?\b"
)


def find_names(text: str) -> list[Candidate]:
    found = [
        Candidate("person_name", m.start(), m.end(), " ".join(m.group(0).split()))
        for m in _HONORIFIC_NAME.finditer(text)
        if m.group(0).split()[-1].lower() not in _NOT_NAMES
    ]
    for m in _NAME_CUE.finditer(text):
        title, name = m.group(1), m.group(2)
        words = name.split()
        # Only capitalised words count (the cue is case-insensitive, the name is not).
        kept: list[str] = []
        for word in words:
            if not word[0].isupper() or word.lower() in _NOT_NAMES:
                break
            kept.append(word)
        if not kept:
            continue
        start = m.start(1) if title else m.start(2)
        end = m.start(2) + len(" ".join(kept))  # words are separated by exactly one blank
        surface = text[start:end]
        found.append(Candidate("person_name", start, end, " ".join(surface.split())))
    return found


def find_all(text: str, today: dt.date, date_order: DateOrder = "MDY") -> list[Candidate]:
    return [
        *find_ids(text),
        *find_emails(text),
        *find_amounts(text),
        *find_dates(text, today, date_order),
        *find_names(text),
    ]
