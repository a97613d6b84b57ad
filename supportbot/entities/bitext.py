"""Gold entity spans from the vendored Bitext sample (``supportbot/data/bitext``).

The CSV has one annotated entity per row and its offsets are sometimes off: a zero-padded id
``00004587345`` is annotated with the value ``4587345``, ``370795561790`` with a truncated value,
``$160`` as ``1``. Spans are therefore re-anchored on the whole token that contains the annotated
start, and amounts are widened to include their currency (``$160``, ``350 dollars``), which is
what the contract's ``amount`` means. Types outside the contract (account_type, delivery_city,
delivery_country) are left unannotated. Rows with the same text are merged.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

from supportbot.entities.examples import Example, GoldSpan
from supportbot.entities.normalize import amount_value, canonical_order_id, currency_code, parse_decimal
from supportbot.entities.rules import invoice_value
from supportbot.paths import BITEXT_CSV

_TOKEN = re.compile(r"#?[0-9A-Za-z]+")
_AMOUNT_AROUND = re.compile(r"(\$)?\s?([0-9][0-9,]*(?:\.[0-9]{1,2})?)(\s?dollars?)?", re.IGNORECASE)


def _token_at(text: str, start: int) -> tuple[int, int] | None:
    for m in _TOKEN.finditer(text):
        if m.start() <= start < m.end() or (start < m.start() and text[start : m.start()].strip() == ""):
            return m.start(), m.end()
    return None


def _span(row: dict[str, str]) -> GoldSpan | None:
    text, kind = row["instruction"], row["entity_type"]
    try:
        start, end = int(row["start_offset"]), int(row["end_offset"])
    except ValueError:
        return None
    if kind == "order_id":
        tok = _token_at(text, start)
        if tok is None:
            return None
        surface = text[tok[0] : tok[1]]
        value = canonical_order_id(surface)
        return GoldSpan(type="order_id", start=tok[0], end=tok[1], value=value) if value else None
    if kind == "invoice_id":
        tok = _token_at(text, start)
        if tok is None:
            return None
        return GoldSpan(
            type="invoice_id", start=tok[0], end=tok[1], value=invoice_value(text[tok[0] : tok[1]])
        )
    if kind == "person_name":
        value = text[start:end]
        if value != row["entity_value"]:
            found = text.find(row["entity_value"])
            if found < 0:
                return None
            start, end, value = found, found + len(row["entity_value"]), row["entity_value"]
        return GoldSpan(type="person_name", start=start, end=end, value=" ".join(value.split()))
    if kind == "refund_amount":
        for m in _AMOUNT_AROUND.finditer(text):
            if m.start(2) <= start < m.end(2) or m.start() <= start < m.end():
                ccy = currency_code(m.group(1) or (m.group(3) or "").strip())
                amount = parse_decimal(m.group(2))
                if ccy is None or amount is None:
                    return None
                s = m.start(1) if m.group(1) else m.start(2)
                e = m.end(3) if m.group(3) else m.end(2)
                return GoldSpan(type="amount", start=s, end=e, value=amount_value(amount, ccy))
        return None
    return None


def load_bitext(path: Path = BITEXT_CSV) -> list[Example]:
    by_text: dict[str, Example] = {}
    with path.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            text = row["instruction"]
            ex = by_text.setdefault(text, Example(text=text, source="bitext", group=f"bitext:{text.lower()}"))
            span = _span(row) if row["entity_type"] else None
            if span is not None and span not in ex.spans:
                ex.spans.append(span)
    for ex in by_text.values():
        ex.spans.sort(key=lambda s: s.start)
    return list(by_text.values())
