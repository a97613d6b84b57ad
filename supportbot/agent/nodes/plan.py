"""Plan: map intent + entities (+ a pending question) to tool calls and the reply's task."""

from __future__ import annotations

import re
from typing import Any

from supportbot.agent.components import Components
from supportbot.agent.details import parse_address, wanted_payment_method
from supportbot.agent.plan_choice import choose_plan, needs_status, owned_order_status
from supportbot.agent.plans import Plan, plan_for
from supportbot.agent.requests import WITH_AN_ORDER
from supportbot.agent.signals import is_confirmation, is_refusal
from supportbot.agent.state import AgentState, PlanChoice
from supportbot.agent.timing import timed
from supportbot.taxonomy import action_intents
from supportbot.tools.registry import ACTION_TOOLS, REGISTRY


def _first(entities: list[dict[str, Any]], kind: str, flag: str | None = None) -> dict[str, Any] | None:
    return next((e for e in entities if e["type"] == kind and (flag is None or e.get("flag") == flag)), None)


# Words that put an address on the customer's account rather than on an order.
_ACCOUNT_ADDRESS = re.compile(
    r"\b(?:default|saved|on file|(?:my|the) account|(?:my|the) profile|address book|future orders)\b", re.I
)


def about_the_order(intent: str, order: dict[str, Any] | None, text: str = "") -> str:
    """A general question about an order the sender owns is that order's question ("how long does
    delivery take for #W1?" is tracking #W1, an invoice question is its invoice), as for the clauses
    of multi-request tickets and unsure labels (agent/plan_choice.py). Other orders: unchanged.

    With no order at all, an address change that names the account ("change my saved address to
    ...", "the default shipping address on my account") is the account's default address
    (set_up_shipping_address), not an order's delivery address."""
    if order is not None and order.get("flag") == "ok":
        return WITH_AN_ORDER.get(intent, intent)
    if order is None and intent == "change_shipping_address" and _ACCOUNT_ADDRESS.search(text):
        return "set_up_shipping_address"
    return intent


def _saved_methods(state: AgentState) -> list[dict[str, Any]]:
    """The sender's saved payment methods, from the identification lookup."""
    for call in state.get("tool_calls") or []:
        if call["name"] == "find_customer_by_email" and call["ok"]:
            return list((call.get("result") or {}).get("payment_methods") or [])
    return []


def _confirmation_plan(state: AgentState) -> Plan | None:
    """The customer answered a confirmation question: run the proposed action, or drop it."""
    awaiting = state.get("awaiting") or {}
    action = awaiting.get("action")
    if awaiting.get("what") != "confirmation" or not action:
        return None
    text = state.get("text") or ""
    if is_confirmation(text):
        args = {**action["args"], "consent": True}
        return Plan(
            calls=[{"tool": action["tool"], "args": args}],
            kind="resolve",
            task="Confirm the action was done.",
        )
    if is_refusal(text):
        return Plan(kind="inform", task="Acknowledge that nothing was changed.")
    return None


def _plan_choice(state: AgentState, c: Components) -> PlanChoice | None:
    """For a ticket whose label is unsure: the plan-level decision (agent/plan_choice.py), or None
    when it cannot be made (multi-request tickets, unsupported or unknown language, no candidates)."""
    if state.get("extra_requests") or state.get("focus_order") or state.get("out_of_scope"):
        return None
    if state.get("language") not in c.settings.intents.supported_languages:
        return None
    top = list(state.get("top_intents") or [])
    status = None
    order = _first(state.get("entities") or [], "order_id", "ok")
    customer_id = state.get("customer_id")
    if order and customer_id and needs_status(top):
        status = owned_order_status(c.engine, order["value"], customer_id)
    threshold = max(c.settings.intents.low_confidence_threshold, c.settings.intents.oos_threshold)
    return choose_plan(top, order_status=status, threshold=threshold)


def _unsure_plan(state: AgentState, choice: PlanChoice | None) -> tuple[str, Plan] | None:
    """The plan of an unsure ticket's best candidate, for its reviewer's draft or a confirmation
    question; None when nothing may run: no candidate, a multi-request or unsupported-language
    ticket (``choice`` None), or an order the sender does not own."""
    entities = state.get("entities") or []
    if choice is None or any(e["type"] == "order_id" and e.get("flag") != "ok" for e in entities):
        return None
    order = _first(entities, "order_id", "ok")
    text = state.get("text") or ""
    intent = about_the_order(choice["intent"], order, text)
    product = _first(entities, "product")
    planned = plan_for(
        intent=intent,
        order_id=order["value"] if order else None,
        product=product["value"] if product else None,
        customer_known=bool(state.get("customer_id")),
        explicit_request=False,
        ticket_id=state.get("ticket_id") or "",
        text=text,
        address=parse_address(text),
        payment_method_id=wanted_payment_method(text, _saved_methods(state), None),
    )
    return intent, planned


def _reviewer_lookups(state: AgentState, unsure: tuple[str, Plan] | None) -> dict[str, Any]:
    """For a ticket escalated as ``low_confidence``: the best plan's calls, as far as they cannot
    change anything, so the reviewer's draft holds their results.

    Lookups (tracking, refund status, invoice, order or product details) run as they are. An action
    that needs the customer's consent runs *without* it: the tool then checks ownership, the order's
    status and the store policy and answers ``needs_consent`` (the draft proposes the action and asks
    the customer to confirm) or a policy refusal (the draft explains it), and changes nothing. The
    plan stops before any other action (a password reset needs no consent, so it is left to the
    reviewer)."""
    if unsure is None:
        return {}
    intent, planned = unsure
    calls = _without_effects(planned.calls)
    if not calls:
        return {}
    return {
        "plan": calls,
        # A dry-run action's answer sets the draft's kind in act (confirm, refuse); never "resolve".
        "reply_kind": "inform" if any(c["tool"] in ACTION_TOOLS for c in planned.calls) else planned.kind,
        "task": planned.task,
        "draft_intent": intent,
        "facts": {},
    }


def _may_propose(
    state: AgentState, choice: PlanChoice | None, unsure: tuple[str, Plan] | None, c: Components
) -> bool:
    """Whether an unsure plan may still ask the customer instead of escalating: it is probable
    enough (``intents.confirm_threshold``, chosen on validation for unsure *action* labels), it is
    an action's plan, and all it would do this turn is ask, either to confirm an action that needs
    the customer's consent, or for a missing detail (which variant, which address). Nothing runs
    without their answer (the tool checks consent itself), and if the tool's check says anything but
    "confirm this" (a policy refusal, or an amount a team member must approve), the ticket still goes
    to a person (``proposal_stands`` in agent/routing.py)."""
    if choice is None or unsure is None or not state.get("customer_id"):
        return False
    if choice["confidence"] < c.settings.intents.confirm_threshold:
        return False
    intent, planned = unsure
    if intent not in action_intents() or planned.escalate:
        return False
    asks_consent = planned.kind == "resolve" and any(call["tool"] in ACTION_TOOLS for call in planned.calls)
    asks_detail = planned.kind == "clarify" and planned.awaiting is not None
    return (asks_consent or asks_detail) and len(_without_effects(planned.calls)) == len(planned.calls)


def _without_effects(calls: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """``calls`` up to the first one that could change something; consent-gated actions are kept
    with ``consent`` forced to False (the tool's own check, which changes nothing)."""
    safe: list[dict[str, Any]] = []
    for call in calls:
        if call["tool"] not in ACTION_TOOLS:
            safe.append(call)
        elif REGISTRY[call["tool"]].needs_consent:
            safe.append({**call, "args": {**call["args"], "consent": False}})
        else:
            break
    return safe


@timed("plan")
def plan(state: AgentState, *, c: Components) -> dict[str, Any]:
    entities = state.get("entities") or []
    awaiting = state.get("awaiting") or {}
    intent = state.get("intent") or "out_of_scope"
    chosen: dict[str, Any] = {}
    if state.get("low_confidence"):
        choice = _plan_choice(state, c)
        proposal = False
        if choice is None or not choice["sure"]:
            unsure = _unsure_plan(state, choice)
            if not _may_propose(state, choice, unsure, c):
                # Still low confidence: routed to escalate, after those of the plan's calls that change nothing.
                return {"plan": [], "plan_choice": choice, **_reviewer_lookups(state, unsure)}
            proposal = True  # an unsure action's plan that only asks: planned below like a rescued one
        assert choice is not None
        intent = choice["intent"]
        chosen = {
            "intent": intent,
            "confidence": choice["confidence"],
            "low_confidence": False,
            "plan_choice": choice,
            "proposal": proposal,
        }
    planned = _confirmation_plan(state)
    if planned is None:
        order = state.get("focus_order") or _first(entities, "order_id", "ok") or _first(entities, "order_id")
        bound = about_the_order(intent, order, state.get("text") or "")
        if bound != intent:
            intent = bound
            chosen = {**chosen, "intent": intent}
        unknown_order = order is not None and order.get("flag") == "unknown"
        order_id = None if unknown_order else (order["value"] if order else awaiting.get("order_id"))
        product = _first(entities, "product")
        explicit = not (state.get("signals") or {}).get("question", False)
        if awaiting.get("intent") == intent and awaiting.get("explicit"):
            explicit = True
        if chosen:
            explicit = False  # the label was unsure: propose any action and act only after a "yes"
        text = state.get("text") or ""
        planned = plan_for(
            intent=intent,
            order_id=order_id,
            product=product["value"] if product else None,
            customer_known=bool(state.get("customer_id")),
            explicit_request=explicit,
            ticket_id=state.get("ticket_id") or "",
            text=text,
            address=parse_address(text),
            payment_method_id=wanted_payment_method(text, _saved_methods(state), None),
        )
        if unknown_order and planned.awaiting and planned.awaiting.get("what") == "order_id":
            planned.task = (
                f"Say that order {order['value'] if order else ''} was not found on the customer's account, "
                "and ask which order they mean, listing their recent orders."
            )
        if planned.awaiting is not None:
            planned.awaiting["explicit"] = explicit
    if state.get("extra_requests"):
        planned.task += " Answer only this request: the ticket's other requests are handled separately."
    facts: dict[str, Any] = {}
    if planned.kind in {"inform", "handoff"} and not planned.calls:
        # a handoff's store answer goes into the reviewer's draft (account deletion: the self-service steps)
        answer = c.store.answer(intent)
        facts = {"answer": answer} if answer else {}
    if planned.question:
        facts["question"] = planned.question
        if intent == "change_payment_method":
            facts["saved_payment_methods"] = [m.get("label") for m in _saved_methods(state)]
    return {
        **chosen,
        "plan": planned.calls,
        "reply_kind": planned.kind,
        "task": planned.task,
        "planned_escalation": planned.escalate,
        "next_awaiting": planned.awaiting,
        "explicit_request": bool(planned.calls) and planned.kind == "resolve",
        "facts": facts,
    }
