"""A strict, independent check of the facts a reply states: each must appear in the ticket or FACTS.

Used by ``supportbot eval reply`` to count grounding errors. It looks at order ids, long digit
strings (tracking numbers, item ids), money amounts, dates, order statuses and product names from
the demo catalogue.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache

from supportbot.llm.prompt import ReplyContext

ORDER_ID = re.compile(r"#?W\d{7}\b")
LONG_NUMBER = re.compile(r"\b\d{6,}\b")
AMOUNT = re.compile(r"\$\s?(\d[\d,]*(?:\.\d{1,2})?)")
DATE = re.compile(
    r"\b(?:\d{4}-\d{2}-\d{2}|\d{1,2}/\d{1,2}/\d{2,4}|(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.? \d{1,2}(?:st|nd|rd|th)?)\b"
)
STATUSES = ("pending", "processed", "delivered", "cancelled", "return requested", "exchange requested")
# A status counts as a claim when it is stated about something ("is delivered", "status: pending"),
# not in conditional policy text ("once it has been delivered").
STATUS_CLAIM = r"\b(?:is|was|are|were|status(?: is)?:?|as|now)\s+(?:already\s+|still\s+|now\s+)?{status}\b"


@lru_cache(maxsize=1)
def _product_names() -> tuple[str, ...]:
    from supportbot.training.demo_values import demo_products

    return tuple(sorted({p["name"] for p in demo_products()}, key=len, reverse=True))


def _normal_amount(text: str) -> str:
    value = float(text.replace(",", ""))
    return f"{value:.2f}"


def ungrounded(reply: str, ctx: ReplyContext) -> list[str]:
    """The facts stated in ``reply`` that neither the ticket nor FACTS contain."""
    source = ctx.ticket + "\n" + json.dumps(ctx.facts, ensure_ascii=False, default=str)
    low_source = source.lower()
    amounts = {_normal_amount(m) for m in re.findall(r"\d[\d,]*\.\d{1,2}|\b\d+\b", source)}
    problems: list[str] = []
    for match in ORDER_ID.findall(reply):
        if match.lstrip("#") not in source:
            problems.append(match)
    for match in LONG_NUMBER.findall(reply):
        if match not in source:
            problems.append(match)
    for match in AMOUNT.findall(reply):
        if _normal_amount(match) not in amounts:
            problems.append(f"${match}")
    for match in DATE.findall(reply):
        if match.lower() not in low_source:
            problems.append(match)
    low_reply = reply.lower()
    for status in STATUSES:
        if re.search(STATUS_CLAIM.format(status=status), low_reply) and status not in low_source:
            problems.append(status)
    for name in _product_names():
        if name.lower() in low_reply and name.lower() not in low_source:
            problems.append(name)
    return problems
