"""Templated replies built only from the facts (tool results and the store profile).

They are the safe fallback when a generated reply fails the fact check, the replies of the
``template`` backend, and the reviewer's draft for escalations. Every fact they state comes from
``facts``; nothing is invented.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any


def _greeting(name: str | None) -> str:
    return f"Hi {name.split()[0]}," if name else "Hello,"


def _listed(parts: list[str]) -> str:
    """'a', 'a and b', 'a, b and c'."""
    if len(parts) <= 1:
        return "".join(parts)
    return ", ".join(parts[:-1]) + " and " + parts[-1]


def _listed_or(parts: list[str]) -> str:
    """'a', 'a or b', 'a, b or c'."""
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " or " + parts[-1]


def _names(items: list[Any]) -> str:
    """'Electric Kettle, Gaming Mouse and Backpack'."""
    return _listed([str(i.get("name", "item")) if isinstance(i, dict) else str(i) for i in items[:10]])


def _items(items: list[Any]) -> str:
    """'the Water Bottle (1000ml, stainless steel) and the Perfume'."""
    parts = []
    for item in items[:10]:
        if not isinstance(item, dict):
            parts.append(f"the {item}")
            continue
        opts = ", ".join(f"{v}" for v in (item.get("options") or {}).values())
        parts.append(f"the {item.get('name', 'item')}" + (f" ({opts})" if opts else ""))
    return _listed(parts)


# How a sentence says an order's status (each names the status itself, so the fact check sees it).
_STATUS_PHRASE = {
    "pending": "is still pending",
    "pending (items modified)": "is still pending (its items were already modified)",
    "processed": "has been processed",
    "delivered": "was delivered",
    "cancelled": "was cancelled",
    "return requested": "has a return in progress (status: return requested)",
    "exchange requested": "has an exchange in progress (status: exchange requested)",
}


def _order_line(facts: dict[str, Any]) -> str:
    """'Your order #W1 was delivered. It included the Water Bottle and the Perfume.'"""
    order = facts.get("order") or {}
    status = order.get("status")
    if not status:
        return ""
    phrase = _STATUS_PHRASE.get(str(status), f"is {status}")
    line = f"Your order {order.get('order_id')} {phrase}."
    if order.get("items"):
        line += f" It {'included' if status in {'delivered', 'cancelled'} else 'includes'} {_items(order['items'])}."
    return line


def _tracking(facts: dict[str, Any]) -> str:
    tracking = [str(t) for t in facts.get("tracking_ids") or []]
    status = (facts.get("order") or {}).get("status")
    if tracking:
        numbers = _listed(tracking)
        noun = "tracking number" if len(tracking) == 1 else "tracking numbers"
        if status == "delivered":
            return f" For your reference, the {noun} {'was' if len(tracking) == 1 else 'were'} {numbers}."
        return f" You can follow it on the carrier's website with {noun} {numbers}."
    if status in {"pending", "pending (items modified)", "processed"}:
        return " It has not shipped yet, so there is no tracking number yet."
    return ""


def _money(amount: Any, currency: str) -> str:
    """'$1,206.60' (USD) or '1,206.60 EUR' (as the tools write prices); the amount as given when it is
    not a number."""
    try:
        value = f"{float(amount):,.2f}"
    except (TypeError, ValueError):
        return str(amount)
    return f"${value}" if currency == "USD" else f"{value} {currency}"


def _refund_sentence(r: dict[str, Any], currency: str) -> str:
    method = r.get("method")
    where = f"your {method}" if method else "your original payment method"
    line = f"{_money(r.get('amount'), currency)} is going back to {where}"
    if r.get("timing") == "immediately":
        line += ", and it is available right away"
    elif r.get("timing"):
        line += f" {r['timing']}"
        if r.get("expected_by"):
            line += f", so you should see it by {r['expected_by']}"
    return line + "."


def _refunds(facts: dict[str, Any]) -> str:
    refunds = facts.get("refunds") or []
    currency = str(facts.get("currency", "USD"))
    if not refunds:
        return " I checked, and there is no refund on this order so far."
    if len(refunds) == 1:
        return " Good news: " + _refund_sentence(refunds[0], currency)
    return f" There are {len(refunds)} refunds on this order. " + " ".join(
        _refund_sentence(r, currency) for r in refunds
    )


def _action(facts: dict[str, Any]) -> str:
    action = facts.get("action") or {}
    return str(action.get("message") or "").strip()


def _recent_orders(facts: dict[str, Any]) -> str:
    orders = facts.get("recent_orders") or []
    if not orders:
        return ""
    lines = [f"- {o.get('order_id')} ({o.get('status')}): {_names(o.get('items') or [])}" for o in orders[:5]]
    return "\n\nHere are your most recent orders:\n" + "\n".join(lines)


def _product(facts: dict[str, Any]) -> str:
    product = facts.get("product") or {}
    if not product:
        return ""
    matches = [str(m.get("name")) for m in product.get("matches") or [] if isinstance(m, dict)]
    if matches and not product.get("name"):
        return f"I found more than one product that could match: {_listed_or(matches[:5])}. Which one do you mean?"
    variants = product.get("variants") or []
    available = [v for v in variants if v.get("available")]
    prices = [float(v["price"]) for v in variants if v.get("price") is not None]
    name = product.get("name")
    currency = facts.get("currency", "USD")
    if not available:
        return f"I'm sorry, the {name} is out of stock in every option at the moment."
    count = "1 option" if len(available) == 1 else f"{len(available)} options"
    line = f"Good news: the {name} is in stock in {count}"
    if prices and min(prices) == max(prices):
        line += f", priced at {min(prices):.2f} {currency}"
    elif prices:
        line += f", priced from {min(prices):.2f} to {max(prices):.2f} {currency}"
    shown = [", ".join(str(x) for x in (v.get("options") or {}).values()) for v in available[:5]]
    shown = [f"({s})" for s in shown if s]
    if shown:
        line += f". You can choose {_listed_or(shown)}"
    return line + "."


REFUSE_CLOSING = "If there is anything else I can do, just reply to this message."
RESOLVE_CLOSING = "Is there anything else I can help you with?"
INFORM_CLOSING = "If you have any other questions, just reply to this message."
CLOSINGS = (REFUSE_CLOSING, RESOLVE_CLOSING, INFORM_CLOSING)
_CONFIRM_PREFIX = re.compile(r"^please confirm:\s*", re.I)
SIGN_OFF = "\n\nBest regards,\nCustomer Support"
_SIGN_OFF_LINE = re.compile(
    r"\n\s*(?:best(?: regards| wishes)?|kind regards|regards|many thanks|thanks|thank you|cheers|sincerely|"
    r"warm regards|all the best)\b[^\n]{0,40}\n?[^\n]{0,60}\s*$",
    re.I,
)


def inform_body(intent: str, facts: dict[str, Any]) -> str:
    """What an 'inform' reply says about ``facts``, without greeting and sign-off ('' if nothing)."""
    status = (facts.get("order") or {}).get("status")
    opener = None
    if intent == "delivery_delay":
        opener = (
            "I'm sorry for the trouble with this delivery."
            if status == "delivered"
            else "I'm sorry your order is taking longer than expected."
        )
    parts = [p for p in (opener, facts.get("answer"), _order_line(facts), _product(facts)) if p]
    text = " ".join(parts)
    if intent in {"track_order", "delivery_delay"}:
        text += _tracking(facts)
    if intent in {"track_refund", "get_refund", "double_charge"}:
        text += _refunds(facts)
    if facts.get("invoice"):
        text += f"\n\nHere is your invoice:\n\n{facts['invoice']}"
    return text.strip()


def passed_on_note(topics: list[str]) -> str:
    """The sentence telling the customer which of their requests a colleague will handle."""
    listed = topics[0] if len(topics) == 1 else ", ".join(topics[:-1]) + " and " + topics[-1]
    return (
        f"I have passed your request about {listed} to a colleague on our support team, "
        "who will follow up with you shortly."
    )


def follow_up_draft(
    topics: list[str], customer_name: str | None = None, paragraphs: Sequence[str] = ()
) -> str:
    """The reviewer's starting point for the requests the bot passed on, with the paragraphs the
    bot drafted from its lookups for them (for the reviewer to check)."""
    drafted = "".join(f"\n\n{p}" for p in paragraphs)
    return f"{_greeting(customer_name)}\n\nFollowing up on your request about {', '.join(topics)}:{drafted}{SIGN_OFF}"


def add_before_sign_off(reply: str, addition: str) -> str:
    """``reply`` with ``addition`` as a new paragraph before its sign-off (or at the end)."""
    m = _SIGN_OFF_LINE.search(reply)
    if m is None:
        return f"{reply.rstrip()}\n\n{addition}"
    head, tail = reply[: m.start()].rstrip(), reply[m.start() :]
    for closing in CLOSINGS:  # keep a templated closing line last, right above the sign-off
        if head.endswith(f"\n\n{closing}"):
            head, tail = head[: -len(closing)].rstrip(), f"\n\n{closing}{tail}"
            break
    return f"{head}\n\n{addition}{tail}"


def render(kind: str, intent: str, task: str, facts: dict[str, Any], customer_name: str | None = None) -> str:
    """A complete reply for ``kind`` from ``facts`` alone."""
    hello = _greeting(customer_name)
    sign = SIGN_OFF
    if kind == "handoff":
        body = (
            "Thank you for getting in touch. I have passed your message to a colleague on our support "
            "team, who will look into it and follow up with you shortly."
        )
        return f"{hello}\n\n{body}{sign}"
    if kind == "refuse":
        reason = _action(facts) or "I'm sorry, but I can't do that for this order."
        order_id = str((facts.get("order") or {}).get("order_id") or "")
        extra = "" if order_id and order_id in reason else _order_line(facts)
        body = f"Thank you for reaching out. {reason}" + (f" {extra}" if extra else "")
        return f"{hello}\n\n{body}\n\n{REFUSE_CLOSING}{sign}"
    if kind == "confirm":
        proposal = _CONFIRM_PREFIX.sub("", _action(facts)) or task
        return (
            f"{hello}\n\nThanks for your message. Before I go ahead, please check the details: {proposal}\n\n"
            f"Shall I go ahead? Just reply 'yes' to confirm, or tell me what you would like to change.{sign}"
        )
    if kind == "clarify":
        if facts.get("recent_orders") is not None:
            question = (
                "I'd be happy to help. Which order is this about? Please reply with its order number "
                "(it starts with #W)."
            )
            return f"{hello}\n\n{question}{_recent_orders(facts)}{sign}"
        question = facts.get("question") or "Could you tell me a bit more about what you need?"
        methods = facts.get("saved_payment_methods")
        saved = f" The payment methods saved on your account are {_listed(list(methods))}." if methods else ""
        line = _order_line(facts)
        body = f"I'd be happy to help with this. {line} {question}{saved}".replace("  ", " ")
        return f"{hello}\n\n{body}{sign}"
    if kind == "resolve":
        done = _action(facts) or "All done."
        return f"{hello}\n\nThank you for your message. {done}\n\n{RESOLVE_CLOSING}{sign}"
    # inform
    text = inform_body(intent, facts)
    if not text:
        text = "Thank you for your message. A colleague will get back to you shortly."
    return f"{hello}\n\n{text}\n\n{INFORM_CLOSING}{sign}"
