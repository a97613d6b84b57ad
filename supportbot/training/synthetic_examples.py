"""Synthetic tool-grounded reply examples over all 44 intents.

Each example puts a ticket and tool results (the FACTS) into the shared prompt and pairs them with
a reply that states exactly those facts: successes, policy refusals, consent questions, approvals
handed to a human, clarifying questions and handoffs. Values come from the demo shop, styles vary.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from typing import Any

from supportbot.llm.prompt import ReplyContext, ReplyKind
from supportbot.taxonomy import load_taxonomy
from supportbot.training.demo_values import (
    DemoOrder,
    demo_orders,
    demo_products,
    money,
    pick_order,
    pick_store,
)
from supportbot.training.examples import ReplyExample
from supportbot.training.info_answers import ANSWERS
from supportbot.training.reply_style import compose, pick
from supportbot.training.synthetic_tickets import TICKETS

ORDER_LOOKUP = {"track_order", "delivery_delay"}
REFUND_LOOKUP = {"get_refund", "track_refund"}
RETURNS = {"return_item", "damaged_item", "wrong_item"}
ASK_DETAILS = {
    "change_order": "which item you would like to change and the new option (size, colour, ...)",
    "exchange_item": "which item you would like to exchange and the option you would like instead",
    "change_shipping_address": "the full new shipping address (street, city, state and zip code)",
    "change_payment_method": "which of your saved payment methods you would like to use instead",
}
HANDOFF_ONLY = {"warranty_claim", "cancel_subscription", "complaint", "contact_human_agent"}
PRODUCT_INTENTS = {"product_info", "check_stock", "price_inquiry"}


class _Draft:
    """Collects one example's parts."""

    def __init__(self, rng: random.Random, intent: str, order: DemoOrder, product: str) -> None:
        self.rng = rng
        self.intent = intent
        self.order = order
        self.product = product
        self.named = rng.random() < 0.75
        self.first = order.first_name if self.named else None

    def ticket(self) -> str:
        text = self.rng.choice(TICKETS[self.intent])
        return text.format(order=self.order.order_id, product=self.product)

    def example(
        self, kind: ReplyKind, task: str, facts: dict[str, Any], body: str, *, apology: bool = False
    ) -> ReplyExample:
        ctx = ReplyContext(
            ticket=self.ticket(),
            customer_name=self.order.customer_name if self.named else None,
            intent=self.intent,
            kind=kind,
            task=task,
            facts=facts,
        )
        return ReplyExample(
            source="synthetic", ctx=ctx, reply=compose(self.rng, self.first, body, apology=apology)
        )


def _tool(name: str, status: str, message: str = "", **data: Any) -> dict[str, Any]:
    result: dict[str, Any] = {"status": status}
    if message:
        result["message"] = message
    result.update(data)
    return {name: result}


def _status_sentence(rng: random.Random, order: DemoOrder) -> str:
    oid, tracking = order.order_id, ", ".join(order.tracking_ids)
    if order.status == "pending":
        return pick(
            rng,
            f"Your order {oid} is pending: it has not shipped yet.",
            f"Order {oid} is still pending and has not been shipped yet.",
        )
    if order.status == "processed":
        return pick(
            rng,
            f"Your order {oid} has been processed and is on its way. The tracking number is {tracking}.",
            f"Order {oid} is processed; you can follow it with tracking number {tracking}.",
        )
    if order.status == "delivered":
        return pick(
            rng,
            f"Order {oid} was delivered (tracking number {tracking}).",
            f"Our records show order {oid} as delivered, tracking number {tracking}.",
        )
    return pick(
        rng,
        f"Order {oid} was cancelled, so it will not be shipped.",
        f"Your order {oid} has the status cancelled.",
    )


def _order_facts(order: DemoOrder) -> dict[str, Any]:
    return {
        "order_id": order.order_id,
        "order_status": order.status,
        "items": [{"name": item["name"], "price": item["price"]} for item in order.items],
    }


def _items_text(order: DemoOrder, prices: bool = False) -> str:
    if prices:
        return "; ".join(f"{item['name']} ({money(item['price'])})" for item in order.items)
    return ", ".join(item["name"] for item in order.items)


def order_lookup(d: _Draft) -> ReplyExample:
    o = d.order
    facts = _tool(
        "get_order_tracking", "ok", order_id=o.order_id, order_status=o.status, tracking_ids=o.tracking_ids
    )
    late = d.intent == "delivery_delay"
    body = _status_sentence(d.rng, o)
    if late and o.status in {"pending", "processed"}:
        body += " " + pick(
            d.rng,
            "I can't see a delivery date here, but the tracking page has the latest carrier updates.",
            "Please keep an eye on the tracking page for the latest updates.",
        )
    return d.example(
        "inform",
        f"Answer about order {o.order_id} ({d.intent}) from the order facts.",
        facts,
        body,
        apology=late,
    )


def refund_lookup(d: _Draft) -> ReplyExample:
    o = d.order
    facts = _tool(
        "get_refund_status",
        "ok",
        order_id=o.order_id,
        order_status=o.status,
        paid=o.total,
        payment_method=o.payment_method,
        refunds=o.refunds,
    )
    if o.refunds:
        body = pick(
            d.rng,
            f"A refund of {money(o.refunds[0])} for order {o.order_id} has been issued to your {o.payment_method}.",
            f"We refunded {money(o.refunds[0])} for order {o.order_id} to your {o.payment_method}.",
        )
    else:
        body = pick(
            d.rng,
            f"There is no refund on order {o.order_id} yet; the order status is {o.status}.",
            f"I don't see a refund for order {o.order_id} so far. Its current status is {o.status}.",
        )
    return d.example(
        "inform", f"Answer about order {o.order_id} ({d.intent}) from the order facts.", facts, body
    )


def invoice(d: _Draft) -> ReplyExample:
    o = d.order
    facts = _tool(
        "get_invoice",
        "ok",
        order_id=o.order_id,
        items=_order_facts(o)["items"],
        total=o.total,
        payment_method=o.payment_method,
    )
    body = pick(
        d.rng,
        f"Here is the invoice for order {o.order_id}: {_items_text(o, True)}. Total: {money(o.total)}, paid by {o.payment_method}.",
        f"Order {o.order_id} contains {_items_text(o, True)}. The total of {money(o.total)} was paid with your {o.payment_method}.",
    )
    return d.example(
        "inform", f"Answer about order {o.order_id} ({d.intent}) from the order facts.", facts, body
    )


def cancel(d: _Draft) -> ReplyExample:
    rng, o = d.rng, d.order
    roll = rng.random()
    if o.status != "pending" or roll < 0.2:
        status = o.status if o.status != "pending" else "processed"
        facts = _tool(
            "cancel_order",
            "policy_refusal",
            f"Only pending orders can be cancelled; order {o.order_id} is {status}.",
            reason="order_not_pending",
            order_id=o.order_id,
            order_status=status,
        )
        extra = (
            " Once it has been delivered, you can return it for a refund." if status == "processed" else ""
        )
        body = pick(
            rng,
            f"I'm afraid order {o.order_id} can no longer be cancelled: it is already {status}, and only pending orders can be cancelled.{extra}",
            f"Unfortunately I can't cancel order {o.order_id} because its status is {status}. Only pending orders can be cancelled.{extra}",
        )
        return d.example(
            "refuse", f"Explain that order {o.order_id} cannot be cancelled and why.", facts, body
        )
    if roll < 0.45:
        facts = _tool(
            "cancel_order",
            "needs_consent",
            "Cancelling needs the customer's confirmation.",
            order_id=o.order_id,
            order_status="pending",
            items=[i["name"] for i in o.items],
        )
        body = pick(
            rng,
            f"I can cancel order {o.order_id} ({_items_text(o)}) for you. Please reply 'yes' to confirm the cancellation.",
            f"Just to be sure: do you want me to cancel order {o.order_id} with {_items_text(o)}? Reply 'yes' and I'll cancel it.",
        )
        return d.example(
            "confirm", f"Ask the customer to confirm the cancellation of order {o.order_id}.", facts, body
        )
    facts = _tool(
        "cancel_order",
        "ok",
        f"Order {o.order_id} was cancelled.",
        order_id=o.order_id,
        order_status="cancelled",
        refund_amount=o.total,
        refund_method=o.payment_method,
    )
    body = pick(
        rng,
        f"Order {o.order_id} has been cancelled. The refund of {money(o.total)} goes back to your {o.payment_method}.",
        f"Done: I cancelled order {o.order_id}. You will get {money(o.total)} back to your {o.payment_method}.",
        f"Your order {o.order_id} is now cancelled, and {money(o.total)} will be refunded to your {o.payment_method}.",
    )
    return d.example(
        "resolve", f"Confirm the cancellation of order {o.order_id} and how the refund is paid.", facts, body
    )


def returns(d: _Draft) -> ReplyExample:
    rng, o = d.rng, d.order
    item = o.items[0]
    if o.status != "delivered":
        facts = _tool(
            "return_items",
            "policy_refusal",
            f"Only delivered orders can be returned; order {o.order_id} is {o.status}.",
            reason="order_not_delivered",
            order_id=o.order_id,
            order_status=o.status,
        )
        body = pick(
            rng,
            f"Order {o.order_id} has not been delivered yet (status: {o.status}), and items can only be returned once they have been delivered.",
            f"I can't start a return for order {o.order_id} yet because it is {o.status}. Returns are possible after delivery.",
        )
        return d.example(
            "refuse", f"Explain that the items of order {o.order_id} cannot be returned and why.", facts, body
        )
    amount = item["price"]
    if amount > 500 and rng.random() < 0.7:
        facts = _tool(
            "return_items",
            "needs_approval",
            "Refunds above the approval amount need a human's approval.",
            order_id=o.order_id,
            amount=amount,
            item=item["name"],
        )
        body = pick(
            rng,
            f"The return of the {item['name']} from order {o.order_id} ({money(amount)}) needs a colleague's approval. I've passed it on, and we'll get back to you.",
            f"Because the refund for the {item['name']} ({money(amount)}) is above our limit for automatic returns, a colleague will review it and contact you.",
        )
        return d.example(
            "handoff",
            f"Tell the customer the return of order {o.order_id} needs a colleague's approval.",
            facts,
            body,
        )
    if d.intent == "return_item" and rng.random() < 0.3:
        facts = _tool(
            "return_items",
            "needs_consent",
            "Returning needs the customer's confirmation.",
            order_id=o.order_id,
            item=item["name"],
            refund_amount=amount,
            refund_method=o.payment_method,
        )
        body = f"I can return the {item['name']} from order {o.order_id} and refund {money(amount)} to your {o.payment_method}. Shall I go ahead? Please reply 'yes' to confirm."
        return d.example(
            "confirm", f"Ask the customer to confirm the return from order {o.order_id}.", facts, body
        )
    facts = _tool(
        "return_items",
        "ok",
        f"Return requested for order {o.order_id}.",
        order_id=o.order_id,
        items=[item["name"]],
        refund_amount=amount,
        refund_method=o.payment_method,
        order_status="return requested",
    )
    body = pick(
        rng,
        f"I've started the return of the {item['name']} from order {o.order_id}. Once it's back, {money(amount)} will be refunded to your {o.payment_method}.",
        f"Your return for order {o.order_id} ({item['name']}) is registered. The refund of {money(amount)} goes to your {o.payment_method}.",
    )
    return d.example(
        "resolve",
        f"Confirm the return of the items of order {o.order_id} and how the refund is paid.",
        facts,
        body,
        apology=d.intent != "return_item",
    )


def ask_details(d: _Draft) -> ReplyExample:
    o = d.order
    facts = _tool("get_order_details", "ok", **_order_facts(o), shipping_address=o.address)
    ask = ASK_DETAILS[d.intent]
    shown = f"shipped to {o.address}" if d.intent == "change_shipping_address" else f"with {_items_text(o)}"
    body = pick(
        d.rng,
        f"I can see order {o.order_id} {shown}. Could you tell me {ask}?",
        f"Sure, I can help with order {o.order_id} ({o.status}, {shown}). Please let me know {ask}.",
    )
    return d.example("clarify", f"Show order {o.order_id} and ask for {ask}.", facts, body)


def which_order(d: _Draft) -> ReplyExample:
    rng = d.rng
    mine = [o for o in demo_orders() if o.email == d.order.email][:3]
    facts = _tool(
        "list_recent_orders", "ok", orders=[{"order_id": o.order_id, "status": o.status} for o in mine]
    )
    listing = ", ".join(f"{o.order_id} ({o.status})" for o in mine)
    body = pick(
        rng,
        f"Which order do you mean? I can see these recent orders on your account: {listing}.",
        f"Could you tell me which order this is about? Your recent orders are {listing}.",
    )
    example = d.example(
        "clarify", "Ask which order the customer means, listing their recent orders.", facts, body
    )
    example.ctx.ticket = (
        rng.choice(TICKETS[d.intent])
        .replace(" {order}", "")
        .replace("{order}", "my order")
        .format(product=d.product)
    )
    return example


def not_owner(d: _Draft) -> ReplyExample:
    o = d.order
    facts = _tool(
        "get_order_details",
        "not_owner",
        "I can only help with orders and details that belong to your own account.",
    )
    body = pick(
        d.rng,
        f"I'm sorry, I can't find order {o.order_id} on your account. I can only help with orders that belong to your own account; could you check the order number?",
        f"I can only help with orders on your own account, and {o.order_id} isn't one I can show you. Please double-check the number or write from the email address you ordered with.",
    )
    return d.example(
        "refuse", f"Explain that order {o.order_id} cannot be found on the customer's account.", facts, body
    )


def unknown_customer(d: _Draft) -> ReplyExample:
    facts = {"customer": "not found"}
    body = pick(
        d.rng,
        "I couldn't match your email address to an account, so a colleague will look into your request and get back to you. Writing from the email address you ordered with also helps.",
        "We couldn't find an account for the address you wrote from. I've passed your message to a colleague who will follow up.",
    )
    d.named, d.first = False, None
    return d.example("handoff", "We could not match the sender to an account.", facts, body)


def handoff(d: _Draft) -> ReplyExample:
    rng, o = d.rng, d.order
    facts: dict[str, Any] = {
        "handoff": {"reason": "human_requested" if d.intent == "contact_human_agent" else "policy_exception"}
    }
    about = ""
    if d.intent in {"missing_item", "double_charge"}:
        facts.update(_tool("get_order_details", "ok", **_order_facts(o)))
        about = f" about order {o.order_id}"
    body = pick(
        rng,
        f"I've passed your message{about} to a colleague from our support team, who will get back to you as soon as possible.",
        f"A member of our team will look into this{about} personally and reply to you shortly.",
        f"I've forwarded your request{about} to a human colleague. You'll hear from us soon.",
    )
    apology = d.intent in {"complaint", "missing_item", "double_charge", "warranty_claim"}
    return d.example("handoff", "Tell the customer a colleague will follow up.", facts, body, apology=apology)


def info(d: _Draft) -> ReplyExample:
    rng = d.rng
    store = pick_store(rng)
    answer = rng.choice(ANSWERS[d.intent])
    facts = {**store, "answer": answer}
    body = answer
    if d.intent == "contact_customer_service" or rng.random() < 0.3:
        support = store["support"]
        body += " " + pick(
            rng,
            f"You can also reach us at {support['email']} or {support['phone']} ({support['hours']}).",
            f"If you need more help, call us at {support['phone']}, {support['hours']}.",
            f"Our team is also available by email at {support['email']}.",
        )
    return d.example(
        "inform", f"Answer the customer's question ({d.intent}) using the store facts.", facts, body
    )


def password_reset(d: _Draft) -> ReplyExample:
    if d.rng.random() < 0.4:
        return info(d)
    email = d.order.email
    facts = _tool("start_password_reset", "ok", "A password reset link was sent.", email=email)
    body = pick(
        d.rng,
        f"I've sent a password reset link to {email}. It can take a few minutes to arrive, so please check your spam folder too.",
        f"A reset link is on its way to {email}. Follow it to choose a new password.",
    )
    return d.example(
        "resolve",
        "Tell the customer a password reset link has been sent to their account email.",
        facts,
        body,
    )


def new_address(d: _Draft) -> ReplyExample:
    body = pick(
        d.rng,
        "Happy to help. Please send me the full new address (street, city, state and zip code) you'd like to use as your default.",
        "Sure! What is the new default address? Please include street, city, state and zip code.",
    )
    return d.example(
        "clarify", "Ask for the full new default address (street, city, state, zip code).", {}, body
    )


def product(d: _Draft) -> ReplyExample:
    rng = d.rng
    raw = next(p for p in demo_products() if p["name"] == d.product)
    variants = list(raw["variants"].values())
    rng.shuffle(variants)
    variants = variants[:4]
    facts = _tool(
        "get_product_info",
        "ok",
        product=raw["name"],
        variants=[
            {"options": v["options"], "price": v["price"], "available": v["available"]} for v in variants
        ],
    )
    lines = [
        f"{', '.join(v['options'].values())}: {money(v['price'])}{'' if v['available'] else ' (out of stock)'}"
        for v in variants
    ]
    if d.intent == "check_stock":
        available = [v for v in variants if v["available"]]
        if available:
            body = (
                f"Yes, the {raw['name']} is available, for example in "
                + "; ".join(
                    f"{', '.join(v['options'].values())} ({money(v['price'])})" for v in available[:3]
                )
                + "."
            )
        else:
            body = f"I'm sorry, the {raw['name']} options I can see are currently out of stock."
    elif d.intent == "price_inquiry":
        cheapest = min(variants, key=lambda v: v["price"])
        body = (
            f"The {raw['name']} starts at {money(cheapest['price'])} ({', '.join(cheapest['options'].values())}). Other options: "
            + "; ".join(lines)
            + "."
        )
    else:
        body = f"Here are some options of the {raw['name']}: " + "; ".join(lines) + "."
    return d.example(
        "inform", f"Answer the question ({d.intent}) about {raw['name']} from the product facts.", facts, body
    )


def ask_product(d: _Draft) -> ReplyExample:
    body = pick(
        d.rng,
        "Which product do you mean? Please send me its name and I'll check for you.",
        "Could you tell me which product you're asking about?",
    )
    example = d.example("clarify", "Ask which product the customer means.", {}, body)
    example.ctx.ticket = pick(d.rng, "Is it in stock?", "How much does it cost?", "Tell me more about it.")
    return example


Scenario = Callable[[_Draft], ReplyExample]


def scenarios_for(intent: str) -> list[Scenario]:
    """The scenarios an intent can produce (the first is the main one)."""
    if intent in ORDER_LOOKUP:
        return [order_lookup, order_lookup, which_order, not_owner, unknown_customer]
    if intent in REFUND_LOOKUP:
        return [refund_lookup, refund_lookup, which_order, not_owner]
    if intent == "get_invoice":
        return [invoice, invoice, which_order, not_owner]
    if intent == "cancel_order":
        return [cancel, cancel, cancel, which_order, not_owner]
    if intent in RETURNS:
        return [returns, returns, returns, which_order, not_owner]
    if intent in ASK_DETAILS:
        return [ask_details, ask_details, which_order, not_owner]
    if intent in {"missing_item", "double_charge"}:
        return [handoff, handoff, which_order]
    if intent in HANDOFF_ONLY:
        return [handoff]
    if intent == "recover_password":
        return [password_reset]
    if intent == "set_up_shipping_address":
        return [new_address]
    if intent in PRODUCT_INTENTS:
        return [product, product, product, ask_product]
    if intent in ANSWERS:
        return [info]
    raise ValueError(f"no synthetic scenario for intent {intent!r}")


def synthetic_examples(per_intent: int, rng: random.Random) -> list[ReplyExample]:
    """``per_intent`` examples for each of the 44 intents."""
    names = [p["name"] for p in demo_products()]
    out = []
    for intent in load_taxonomy().names:
        scenarios = scenarios_for(intent)
        for _ in range(per_intent):
            order = pick_order(rng)
            item_names = [i["name"] for i in order.items]
            product_name = rng.choice(item_names if intent not in PRODUCT_INTENTS else names)
            out.append(rng.choice(scenarios)(_Draft(rng, intent, order, product_name)))
    return out
