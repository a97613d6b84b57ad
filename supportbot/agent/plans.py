"""Deterministic plans: which tools a known intent needs, and what the reply must do.

A plan is data: tool calls to run (in order) and the reply's kind and task. Arguments may hold
references resolved by the Act node from earlier results in the same plan:
``{"$ref": "order_items", "product": name | None}`` (item ids of the order, optionally only those
of one product) and ``{"$ref": "original_payment"}`` (the payment method the order was paid with).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from supportbot.agent.signals import cancel_reason

# Intents answered from the store profile alone.
INFO_INTENTS = frozenset(
    {
        "place_order",
        "check_cancellation_fee",
        "delivery_options",
        "delivery_period",
        "check_refund_policy",
        "check_payment_methods",
        "payment_issue",
        "check_invoice",
        "apply_coupon",
        "create_account",
        "edit_account",
        "switch_account",
        "registration_problems",
        "login_issue",
        "newsletter_subscription",
        "app_crash",
        "connectivity_issue",
        "review",
        "contact_customer_service",
    }
)
# Intents a human must handle after the bot gathered the facts (no tool can resolve them). The
# store policy (data/tau_retail/policy.md) hands a request to a human "if and only if the request
# cannot be handled within the scope of your actions": no tool closes an account or erases its data
# (a deletion must also be verified), so account deletion goes to a person, like subscriptions.
HUMAN_INTENTS = {
    "missing_item": "policy_exception",
    "double_charge": "policy_exception",
    "warranty_claim": "policy_exception",
    "cancel_subscription": "policy_exception",
    "complaint": "policy_exception",
    "delete_account": "policy_exception",
}
# Order lookups: intent -> tool.
ORDER_LOOKUPS = {
    "track_order": "get_order_tracking",
    "delivery_delay": "get_order_tracking",
    "track_refund": "get_refund_status",
    "get_refund": "get_refund_status",
    "get_invoice": "get_invoice",
    "missing_item": "get_order_details",
    "double_charge": "get_refund_status",
}
# Changes that need details we cannot read reliably from free text (new address, new variant):
# show the order and ask for them.
ASK_DETAILS = {
    "change_order": "which item to change and the new option (size, colour, ...) you would like",
    "exchange_item": "which item to exchange and the option (size, colour, ...) you would like instead",
    "change_shipping_address": "the full new shipping address (street, city, state, zip code)",
    "change_payment_method": "which of your saved payment methods to use instead",
}
PRODUCT_LOOKUPS = frozenset({"product_info", "check_stock", "price_inquiry"})


@dataclass
class Plan:
    calls: list[dict[str, Any]] = field(default_factory=list)
    kind: str = "inform"  # resolve | clarify | refuse | handoff | confirm | inform
    task: str = ""
    escalate: str | None = None  # escalation reason once the calls ran
    question: str | None = None  # what a clarifying reply asks the customer, in their words
    awaiting: dict[str, Any] | None = None


def idempotency_key(ticket_id: str, action: str, order_id: str | None) -> str:
    return f"{ticket_id}:{action}:{order_id or '-'}"


def _action_call(tool: str, ticket_id: str, order_id: str, consent: bool, **args: Any) -> dict[str, Any]:
    return {
        "tool": tool,
        "args": {
            "order_id": order_id,
            **args,
            "consent": consent,
            "idempotency_key": idempotency_key(ticket_id, tool, order_id),
        },
    }


def plan_for(
    *,
    intent: str,
    order_id: str | None,
    product: str | None,
    customer_known: bool,
    explicit_request: bool,
    ticket_id: str,
    text: str,
    address: dict[str, str] | None = None,
    payment_method_id: str | None = None,
) -> Plan:
    """The plan for one turn. ``explicit_request`` is True when the customer asked for the
    action itself (not a question about it); only then may a consequential action run."""
    if intent in INFO_INTENTS:
        return Plan(kind="inform", task=f"Answer the customer's question ({intent}) using the store facts.")
    if intent == "recover_password":
        if customer_known:
            return Plan(
                calls=[{"tool": "start_password_reset", "args": {}}],
                kind="resolve",
                task="Tell the customer a password reset link has been sent to their account email.",
            )
        return Plan(kind="inform", task="Explain how to reset the password.")
    if intent == "set_up_shipping_address" and address and customer_known:
        return Plan(
            calls=[
                {
                    "tool": "update_default_address",
                    "args": {
                        **address,
                        "consent": explicit_request,
                        "idempotency_key": idempotency_key(ticket_id, "update_default_address", None),
                    },
                }
            ],
            kind="resolve",
            task="Confirm the new default address.",
        )
    if intent == "set_up_shipping_address":
        return Plan(
            kind="clarify",
            task="Ask for the full new default address (street, city, state, zip code).",
            question="Please send me the full new default address (street, city, state and zip code).",
            awaiting={"what": "details", "intent": intent, "order_id": None},
        )
    if intent in PRODUCT_LOOKUPS:
        if not product:
            return Plan(
                kind="clarify",
                task="Ask which product the customer means.",
                question="Which product do you mean? Please tell me its name.",
                awaiting={"what": "product", "intent": intent, "order_id": None},
            )
        return Plan(
            calls=[{"tool": "get_product_info", "args": {"product": product}}],
            kind="inform",
            task=f"Answer the question ({intent}) about {product} from the product facts.",
        )
    if intent in HUMAN_INTENTS and intent not in ORDER_LOOKUPS:
        return Plan(
            kind="handoff",
            task="Tell the customer a colleague will follow up.",
            escalate=HUMAN_INTENTS[intent],
        )

    # Everything below is about one of the customer's orders.
    if not customer_known:
        return Plan(
            kind="handoff", task="We could not match the sender to an account.", escalate="unknown_customer"
        )
    if not order_id:
        return Plan(
            calls=[{"tool": "list_recent_orders", "args": {}}],
            kind="clarify",
            task="Ask which order the customer means, listing their recent orders.",
            awaiting={"what": "order_id", "intent": intent, "order_id": None},
        )
    if intent in ORDER_LOOKUPS:
        return Plan(
            calls=[{"tool": ORDER_LOOKUPS[intent], "args": {"order_id": order_id}}],
            kind="handoff" if intent in HUMAN_INTENTS else "inform",
            task=f"Answer about order {order_id} ({intent}) from the order facts.",
            escalate=HUMAN_INTENTS.get(intent),
        )
    if intent == "cancel_order":
        return Plan(
            calls=[
                _action_call(
                    "cancel_order", ticket_id, order_id, explicit_request, reason=cancel_reason(text)
                )
            ],
            kind="resolve",
            task=f"Confirm the cancellation of order {order_id} and how the refund is paid.",
        )
    if intent in {"return_item", "damaged_item", "wrong_item"}:
        return Plan(
            calls=[
                {"tool": "get_order_details", "args": {"order_id": order_id}},
                _action_call(
                    "return_items",
                    ticket_id,
                    order_id,
                    explicit_request and intent == "return_item",
                    item_ids={"$ref": "order_items", "product": product},
                    payment_method_id={"$ref": "original_payment"},
                ),
            ],
            kind="resolve",
            task=f"Confirm the return of the items of order {order_id} and how the refund is paid.",
        )
    if intent == "change_shipping_address" and address:
        return Plan(
            calls=[_action_call("modify_order_address", ticket_id, order_id, explicit_request, **address)],
            kind="resolve",
            task=f"Confirm the new shipping address of order {order_id}.",
        )
    if intent == "change_payment_method" and payment_method_id:
        return Plan(
            calls=[
                _action_call(
                    "modify_order_payment",
                    ticket_id,
                    order_id,
                    explicit_request,
                    payment_method_id=payment_method_id,
                )
            ],
            kind="resolve",
            task=f"Confirm the new payment method of order {order_id}.",
        )
    if intent in ASK_DETAILS:
        return Plan(
            calls=[{"tool": "get_order_details", "args": {"order_id": order_id}}],
            kind="clarify",
            task=f"Show order {order_id} and ask for {ASK_DETAILS[intent]}.",
            question=f"To make this change, please tell me {ASK_DETAILS[intent]}.",
            awaiting={"what": "details", "intent": intent, "order_id": order_id},
        )
    return Plan(kind="handoff", task="No automatic handling for this request.", escalate="policy_exception")


# Sibling intents whose right plan the order's status decides, from the store policy the tools
# enforce (cancel and modify items: pending orders; return and exchange: delivered orders; the money
# of a cancelled order comes back as its refund). intent -> {order status: the sibling to plan}.
# Used only to settle a ticket the intent model is unsure about (agent/plan_choice.py).
BY_STATUS: dict[str, dict[str, str]] = {
    "change_order": {"delivered": "exchange_item"},
    "exchange_item": {"pending": "change_order"},
    "cancel_order": {"delivered": "return_item"},
    "return_item": {"pending": "cancel_order", "cancelled": "get_refund"},
    "get_refund": {"delivered": "return_item"},
}
_PROBE_ORDER = "#W0000000"


@cache
def plan_key(intent: str) -> str:
    """Intents whose deterministic plans are the same share a key: the same tool calls with the same
    arguments (before consent), the same kind of reply and the same escalation. track_order and
    delivery_delay both look up tracking; track_refund and get_refund the refund status; the product
    questions the product. Plans without tool calls (store answers) stay one per intent."""
    probe = plan_for(
        intent=intent,
        order_id=_PROBE_ORDER,
        product="probe product",
        customer_known=True,
        explicit_request=False,
        ticket_id="probe",
        text="",
    )
    if not probe.calls:
        return f"intent:{intent}"
    calls = [
        {"tool": c["tool"], "args": {k: v for k, v in c["args"].items() if k != "idempotency_key"}}
        for c in probe.calls
    ]
    return json.dumps([calls, probe.kind, probe.escalate, probe.question], sort_keys=True)
