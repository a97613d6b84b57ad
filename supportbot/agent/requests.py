"""Multi-request tickets: the requests of a ticket that asks for more than one thing.

"Cancel order #W1 and also what's the status of #W2?" holds two requests. The whole-ticket intent
blends them, so the ticket is read clause by clause (sentence ends, "also", ", and when ..."):

* a clause that names order ids is a request about each of them, with the clause's own best
  intent when that intent is about an order ("when will #W2 arrive?" is tracking), otherwise with
  the intent of the request before it ("check on both #W1 and #W2");
* a clause phrased as a question or request ("...?", "could you", "please", "I want") that the
  model is confident about and that asks for something else is a request of its own ("and how much
  is the backpack?"); an order-bound one without an id means the last order named ("and send me
  the invoice for it").

Other clauses (greetings, subject lines, "neither has arrived") add nothing; restatements of the
same request count once. A request is ``sure`` when the model is confident about its clause (or it
is the confident whole-ticket intent); the bot acts on or answers only sure requests. The model is
asked only when the text shows a cue (two order ids, "also", "two things", two questions), so a
single-request ticket costs one regex search.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache
from typing import Any, NotRequired, TypedDict

from supportbot.intents.types import IntentClassifier

MAX_EXTRA_REQUESTS = 3  # the bot answers at most this many beyond the first; the rest go to a human
MAX_SPLIT_CHARS = 3000
MAX_CLASSIFIED_CLAUSES = 12

_CUE = re.compile(
    r"\b(?:also|additionally|another (?:thing|question)|one more thing|two things|as well|by the way|"
    r"btw|p\.?s\.?)\b|\?.*\?|,?\s+and (?:also |then )?(?:what|when|where|how|why|which|can|could|would|"
    r"please|i (?:want|need|would)|send|cancel|return|change|check)\b",
    re.I | re.S,
)
# Where one clause ends and the next begins: sentence ends, line breaks, "also", "and what/when/...".
_BOUNDARY = re.compile(
    r"(?<=[.!])\s+|(?<=\?)\s*|\n+|;\s*|,?\s+(?=(?:and\s+)?also\b)|"
    r",?\s+(?=and\s+(?:then\s+)?(?:what|when|where|how|why|which|who|is|are|has|have|can|could|would|will|"
    r"do|does|did|please|i|send|cancel|return|change|check)\b)|"
    r"\b(?:two things|another thing|one more thing|additionally|by the way|btw|p\.?s\.?)\b\s*[:,]?\s*",
    re.I,
)
_REQUEST = re.compile(
    r"\?|^(?:(?:and|also|plus|but|so|then|oh|ah|hi|hello|hey|too)\W+)*"
    r"(?:please|kindly|can|could|would|will|may|what|when|where|how|why|which|is|are|has|have|did|do|does|"
    r"i(?:'d| would| want| need| wish)|send|cancel|return|change|update|refund|track|check|tell me)\b",
    re.I,
)
# Clause intents that, with an order id in the clause, mean the order-bound intent.
WITH_AN_ORDER = {
    "delivery_period": "track_order",
    "delivery_options": "track_order",
    "check_invoice": "get_invoice",
}


class Request(TypedDict):
    """One request of a ticket that makes several."""

    intent: str
    confidence: float  # the intent model's, for the clause (or the request it continues)
    sure: bool  # confident enough to act on (the ticket-level low-confidence threshold)
    order_id: str | None
    order_flag: str | None  # ok | unknown | foreign (as validated by extract)
    product: str | None
    clause: str  # the clause it was read from (ticket text: mask it before storing it elsewhere)
    draft: NotRequired[str]  # passed on unsure: its lookup's paragraph, for the reviewer's draft


@lru_cache(maxsize=1)
def _order_bound() -> frozenset[str]:
    from supportbot.taxonomy import load_taxonomy

    return frozenset(name for name, spec in load_taxonomy().intents.items() if "order_id" in spec.needs)


def needs_order(intent: str) -> bool:
    return intent in _order_bound()


def clause_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each clause of ``text``, stripped, non-empty."""
    spans: list[tuple[int, int]] = []
    start = 0
    for m in [*_BOUNDARY.finditer(text), None]:
        end = m.start() if m else len(text)
        piece = text[start:end]
        if piece.strip():
            lead = len(piece) - len(piece.lstrip())
            spans.append((start + lead, start + len(piece.rstrip())))
        if m:
            start = m.end()
    return spans


def looks_multi(text: str, entities: list[dict[str, Any]]) -> bool:
    """A cheap test for a second request: two order ids, or a cue such as 'also' or two questions."""
    orders = {e["value"] for e in entities if e["type"] == "order_id"}
    return len(orders) >= 2 or bool(_CUE.search(text[:MAX_SPLIT_CHARS]))


def split_requests(
    text: str,
    *,
    intent: str,
    confidence: float,
    sure: bool,
    entities: list[dict[str, Any]],
    classifier: IntentClassifier,
    threshold: float | None = None,
) -> list[Request]:
    """Every request of ``text`` in order when it makes more than one, else ``[]``.

    ``intent``, ``confidence`` and ``sure`` are the whole ticket's prediction. A request is sure
    when the model is confident about its clause, or when it is the ticket-level intent and that
    is confident; a clause with an order id takes its own best intent even when unsure (it pairs
    the order with the right request), a clause without one must be confident to add a request.
    With ``threshold`` (the low-confidence threshold), a clause whose plan is a read-only lookup is
    also sure when the top intents with that same plan reach it together, as for whole tickets
    (agent/plan_choice.py): "and when will #W2 arrive?" is track_order 0.95 + delivery_period 0.05,
    both the tracking lookup of #W2."""
    if not looks_multi(text, entities):
        return []
    clauses: list[tuple[str, list[dict[str, Any]], list[dict[str, Any]], bool]] = []
    for start, end in clause_spans(text[:MAX_SPLIT_CHARS]):
        inside = [e for e in entities if start <= e.get("start", -1) < end]
        orders = [e for e in inside if e["type"] == "order_id"]
        products = [e for e in inside if e["type"] == "product"]
        clause = text[start:end]
        is_request = bool(_REQUEST.search(clause))
        if orders or is_request:
            clauses.append((clause, orders, products, is_request))
    if len(clauses) < 2 and not any(len({o["value"] for o in c[1]}) > 1 for c in clauses):
        return []
    asked = [c[0] for c in clauses if c[3]][:MAX_CLASSIFIED_CLAUSES]
    predictions = iter(classifier.predict_many(asked) if asked else [])
    found: list[Request] = []
    current: tuple[str, float, bool] = (intent, confidence, sure)
    current_order: dict[str, Any] | None = None
    for clause, orders, products, is_request in clauses:
        p = next(predictions, None) if is_request else None
        own = p.intent if p is not None and not p.out_of_scope else None
        if own and (orders or current_order):
            own = WITH_AN_ORDER.get(own, own)  # "when will it arrive?" about an order is tracking
        own_sure = p is not None and not p.low_confidence and not p.out_of_scope
        if p is not None and own and not own_sure and threshold is not None:
            own_sure = lookup_plan_probability(p.top, with_order=bool(orders or current_order)) >= threshold
        product = products[0]["value"] if products else None
        if orders:
            if own and needs_order(own):
                current = (own, float(p.confidence) if p else 0.0, own_sure or (own == intent and sure))
            for o in orders:
                found.append(_request(current, o, product, clause))
            current_order = orders[-1]
        elif own and own_sure and own != current[0]:
            current = (own, float(p.confidence) if p else 0.0, True)
            found.append(_request(current, current_order if needs_order(own) else None, product, clause))
    requests = _distinct(found)
    return requests if len(requests) > 1 else []


def lookup_plan_probability(top: Sequence[tuple[str, float]], *, with_order: bool) -> float:
    """The summed probability of the top intents that share the best intent's plan, when that plan
    is a read-only lookup (0.0 otherwise: an action is never rescued here). About an order, a
    general question is that order's question (``WITH_AN_ORDER``)."""
    from supportbot.agent.plans import plan_for, plan_key
    from supportbot.tools.registry import ACTION_TOOLS

    def planned(name: str) -> str:
        return WITH_AN_ORDER.get(name, name) if with_order else name

    candidates = [(planned(name), p) for name, p in top if name != "out_of_scope"]
    if not candidates:
        return 0.0
    best = candidates[0][0]
    probe = plan_for(
        intent=best,
        order_id="#W0000000" if with_order else None,
        product="probe product",
        customer_known=True,
        explicit_request=False,
        ticket_id="probe",
        text="",
    )
    if probe.kind != "inform" or probe.escalate or any(c["tool"] in ACTION_TOOLS for c in probe.calls):
        return 0.0
    return round(sum(p for name, p in candidates if plan_key(name) == plan_key(best)), 4)


def _request(
    which: tuple[str, float, bool], order: dict[str, Any] | None, product: str | None, clause: str
) -> Request:
    intent, confidence, sure = which
    return {
        "intent": intent,
        "confidence": confidence,
        "sure": sure,
        "order_id": order["value"] if order else None,
        "order_flag": order.get("flag") if order else None,
        "product": product,
        "clause": clause,
    }


def _same_answer(intent: str) -> str:
    """Intents answered by the same lookup count as one request (track_refund, get_refund)."""
    from supportbot.agent.plans import ORDER_LOOKUPS

    return ORDER_LOOKUPS.get(intent, intent)


def _distinct(found: list[Request]) -> list[Request]:
    """Repeats dropped: the same intent about the same order (or about no order); an order-bound
    request without an order when the same intent is asked about a named order."""
    with_order = {_same_answer(r["intent"]) for r in found if r["order_id"]}
    seen: set[tuple[str, str | None]] = set()
    out: list[Request] = []
    for r in found:
        key = (_same_answer(r["intent"]), r["order_id"])
        if key in seen or (r["order_id"] is None and key[0] in with_order):
            continue
        seen.add(key)
        out.append(r)
    return out


_TOPIC = {
    "cancel_order": "cancelling {order}",
    "change_order": "changing {order}",
    "change_shipping_address": "changing the shipping address of {order}",
    "change_payment_method": "changing the payment method of {order}",
    "return_item": "returning items of {order}",
    "exchange_item": "exchanging items of {order}",
    "damaged_item": "the damaged item in {order}",
    "wrong_item": "the wrong item in {order}",
    "missing_item": "the missing item in {order}",
    "track_order": "the status of {order}",
    "delivery_delay": "the delivery of {order}",
    "get_invoice": "the invoice for {order}",
    "track_refund": "the refund for {order}",
    "get_refund": "the refund for {order}",
    "contact_human_agent": "talking to a person",
    "price_inquiry": "the price of {product}",
    "check_stock": "the availability of {product}",
    "product_info": "{product}",
}


def topic(request: Request) -> str:
    """How the reply names a request: 'cancelling order #W1', 'the invoice for your order'."""
    order = f"order {request['order_id']}" if request.get("order_id") else "your order"
    product = request.get("product") or "a product"
    template = _TOPIC.get(request["intent"])
    if template:
        return template.format(order=order, product=product)
    words = request["intent"].replace("_", " ")
    return f"{words} ({order})" if request.get("order_id") else words
