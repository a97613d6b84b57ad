"""Completeness of a reply: it must state the key facts its task is about.

The fact check catches replies that say too much; this catches replies that say too little
(a tracking question answered without the tracking number, a store question answered off-topic).
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Any

_WORD = re.compile(r"[a-z]{4,}")
_STOP = frozenset(
    [
        "that",
        "this",
        "with",
        "your",
        "from",
        "have",
        "will",
        "they",
        "them",
        "their",
        "there",
        "which",
        "when",
        "what",
        "where",
        "about",
        "into",
        "only",
        "than",
        "then",
        "also",
        "each",
        "more",
        "most",
        "other",
        "some",
        "such",
        "very",
        "just",
        "once",
        "after",
        "before",
        "while",
        "please",
        "thank",
    ]
)
ANSWER_OVERLAP = 0.5
# A clarifying reply must ask: a question mark or a request ("please tell me", "reply with").
_ASKS = re.compile(r"\?|\bplease\b|\breply with\b|\blet me know\b", re.I)
# Lookups whose answer is about one order: the reply must name it (a wrong or missing id is caught).
ORDER_ANSWERS = frozenset({"track_order", "delivery_delay", "get_invoice"})


def _has_number(reply: str, value: Any) -> bool:
    try:
        wanted = Decimal(str(value)).quantize(Decimal("0.01"))
    except (InvalidOperation, ValueError):
        return False
    for raw in re.findall(r"\d[\d,]*(?:\.\d+)?", reply):
        try:
            if Decimal(raw.replace(",", "")).quantize(Decimal("0.01")) == wanted:
                return True
        except InvalidOperation:
            continue
    return False


def _mentions_order(reply: str, order_id: str) -> bool:
    digits = order_id.lstrip("#Ww")
    return bool(digits) and re.search(rf"(?<!\d){re.escape(digits)}(?!\d)", reply) is not None


def missing_facts(reply: str, intent: str, kind: str, facts: dict[str, Any]) -> list[str]:
    """Key facts of ``facts`` that ``reply`` leaves out, as 'missing ...' descriptions."""
    missing: list[str] = []
    order_id = str(
        (facts.get("order") or {}).get("order_id") or (facts.get("action") or {}).get("order_id") or ""
    )
    tracking = [str(t) for t in facts.get("tracking_ids") or []]
    if intent in {"track_order", "delivery_delay"} and tracking and not any(t in reply for t in tracking):
        missing.append(f"missing tracking number {tracking[0]}")
    about_order = kind in {"resolve", "confirm", "refuse"} or (kind == "inform" and intent in ORDER_ANSWERS)
    if about_order and order_id and not _mentions_order(reply, order_id):
        missing.append(f"missing order {order_id}")
    product = facts.get("product") or {}
    name = str(product.get("name") or "")
    if kind == "inform" and name and name.lower() not in reply.lower():
        missing.append(f"missing the product {name}")
    if kind == "clarify" and not _ASKS.search(reply):
        missing.append("missing the question to the customer")
    refunds = facts.get("refunds") or []
    if (
        intent in {"track_refund", "get_refund"}
        and refunds
        and not any(_has_number(reply, r.get("amount")) for r in refunds)
    ):
        missing.append(f"missing refund amount {refunds[0].get('amount')}")
    recent = facts.get("recent_orders") or []
    if (
        kind == "clarify"
        and recent
        and not any(_mentions_order(reply, str(o.get("order_id"))) for o in recent)
    ):
        missing.append("missing the customer's recent orders")
    answer = facts.get("answer")
    if kind == "inform" and answer:
        wanted = {w for w in _WORD.findall(answer.lower()) if w not in _STOP}
        said = set(_WORD.findall(reply.lower()))
        if wanted and len(wanted & said) < ANSWER_OVERLAP * len(wanted):
            missing.append("missing the store's answer")
    return missing
