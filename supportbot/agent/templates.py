"""Templated replies built only from the facts (tool results and the store profile).

They are the safe fallback when a generated reply fails the fact check, the replies of the
``template`` backend, and the reviewer's draft for escalations. Every fact they state comes from
``facts``; nothing is invented.
"""

from __future__ import annotations

import re
from typing import Any


def _greeting(name: str | None) -> str:
    return f"Hi {name.split()[0]}," if name else "Hello,"


def _items(items: list[Any]) -> str:
    parts = []
    for item in items[:10]:
        if not isinstance(item, dict):
            parts.append(str(item))
            continue
        opts = ", ".join(f"{v}" for v in (item.get("options") or {}).values())
        parts.append(f"{item.get('name', 'item')}" + (f" ({opts})" if opts else ""))
    return "; ".join(parts)


def _order_line(facts: dict[str, Any]) -> str:
    order = facts.get("order") or {}
    if not order.get("status"):
        return ""
    line = f"Order {order.get('order_id')} is {order.get('status')}"
    if order.get("items"):
        line += f": {_items(order['items'])}"
    return line + "."


def _tracking(facts: dict[str, Any]) -> str:
    tracking = facts.get("tracking_ids") or []
    if tracking:
        return f" Tracking number: {', '.join(str(t) for t in tracking)}."
    order = facts.get("order") or {}
    if order.get("status") in {"pending", "processed"}:
        return " It has not shipped yet, so there is no tracking number yet."
    return ""


def _refunds(facts: dict[str, Any]) -> str:
    refunds = facts.get("refunds") or []
    if not refunds:
        return " There is no refund on this order so far."
    parts = [
        f"{r.get('amount')} to {r.get('method') or 'the original payment method'}"
        + (
            f" ({r['timing']}" + (f", expected by {r['expected_by']}" if r.get("expected_by") else "") + ")"
            if r.get("timing")
            else ""
        )
        for r in refunds
    ]
    return " Refunds: " + "; ".join(parts) + "."


def _action(facts: dict[str, Any]) -> str:
    action = facts.get("action") or {}
    return str(action.get("message") or "").strip()


def _recent_orders(facts: dict[str, Any]) -> str:
    orders = facts.get("recent_orders") or []
    if not orders:
        return ""
    lines = [f"- {o.get('order_id')} ({o.get('status')}): {_items(o.get('items') or [])}" for o in orders[:5]]
    return "\nYour recent orders:\n" + "\n".join(lines)


def _product(facts: dict[str, Any]) -> str:
    product = facts.get("product") or {}
    if not product:
        return ""
    variants = product.get("variants") or []
    available = [v for v in variants if v.get("available")]
    prices = [float(v["price"]) for v in variants if v.get("price") is not None]
    line = f"{product.get('name')}: {len(available)} of {len(variants)} variants in stock"
    if prices:
        line += f", priced from {min(prices):.2f} to {max(prices):.2f} {facts.get('currency', 'USD')}"
    shown = [", ".join(str(x) for x in (v.get("options") or {}).values()) for v in available[:5]]
    if shown:
        line += ". Available: " + "; ".join(shown)
    return line + "."


SIGN_OFF = "\n\nBest regards,\nCustomer Support"
_SIGN_OFF_LINE = re.compile(
    r"\n\s*(?:best(?: regards| wishes)?|kind regards|regards|many thanks|thanks|thank you|cheers|sincerely|"
    r"warm regards|all the best)\b[^\n]{0,40}\n?[^\n]{0,60}\s*$",
    re.I,
)


def inform_body(intent: str, facts: dict[str, Any]) -> str:
    """What an 'inform' reply says about ``facts``, without greeting and sign-off ('' if nothing)."""
    opener = "I'm sorry your order is taking longer than expected." if intent == "delivery_delay" else None
    parts = [p for p in (opener, facts.get("answer"), _order_line(facts), _product(facts)) if p]
    text = " ".join(parts)
    if intent in {"track_order", "delivery_delay"}:
        text += _tracking(facts)
    if intent in {"track_refund", "get_refund", "double_charge"}:
        text += _refunds(facts)
    if facts.get("invoice"):
        text += f"\n\n{facts['invoice']}"
    return text.strip()


def passed_on_note(topics: list[str]) -> str:
    """The sentence telling the customer which of their requests a colleague will handle."""
    listed = topics[0] if len(topics) == 1 else ", ".join(topics[:-1]) + " and " + topics[-1]
    return (
        f"I have passed your request about {listed} to a colleague on our support team, "
        "who will follow up with you shortly."
    )


def follow_up_draft(topics: list[str], customer_name: str | None = None) -> str:
    """The reviewer's starting point for the requests the bot passed on."""
    return f"{_greeting(customer_name)}\n\nFollowing up on your request about {', '.join(topics)}: {SIGN_OFF}"


def add_before_sign_off(reply: str, addition: str) -> str:
    """``reply`` with ``addition`` as a new paragraph before its sign-off (or at the end)."""
    m = _SIGN_OFF_LINE.search(reply)
    if m is None:
        return f"{reply.rstrip()}\n\n{addition}"
    return f"{reply[: m.start()].rstrip()}\n\n{addition}{reply[m.start() :]}"


def render(kind: str, intent: str, task: str, facts: dict[str, Any], customer_name: str | None = None) -> str:
    """A complete reply for ``kind`` from ``facts`` alone."""
    hello = _greeting(customer_name)
    sign = SIGN_OFF
    if kind == "handoff":
        body = (
            "Thank you for your message. I have passed it to a colleague on our support team, "
            "who will follow up with you shortly."
        )
        return f"{hello}\n\n{body}{sign}"
    if kind == "refuse":
        reason = _action(facts) or "I am sorry, but I cannot do that for this order."
        return f"{hello}\n\n{reason} {_order_line(facts)}".rstrip() + sign
    if kind == "confirm":
        proposal = _action(facts) or task
        return f"{hello}\n\n{proposal} Please reply 'yes' to confirm, or tell me what to change.{sign}"
    if kind == "clarify":
        if facts.get("recent_orders") is not None:
            question = "Which order is this about? Please reply with the order number (it starts with #W)."
            return f"{hello}\n\n{question}{_recent_orders(facts)}{sign}"
        question = facts.get("question") or "Could you tell me a bit more about what you need?"
        methods = facts.get("saved_payment_methods")
        saved = f" Your saved payment methods: {', '.join(methods)}." if methods else ""
        return f"{hello}\n\n{_order_line(facts)} {question}{saved}".replace("\n\n ", "\n\n") + sign
    if kind == "resolve":
        done = _action(facts) or "Done."
        return f"{hello}\n\n{done}{sign}"
    # inform
    text = inform_body(intent, facts)
    if not text:
        text = "Thank you for your message. A colleague will get back to you shortly."
    return f"{hello}\n\n{text}{sign}"
