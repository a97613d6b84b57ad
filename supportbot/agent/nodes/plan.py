"""Plan: map intent + entities (+ a pending question) to tool calls and the reply's task."""

from __future__ import annotations

from typing import Any

from supportbot.agent.components import Components
from supportbot.agent.details import parse_address, wanted_payment_method
from supportbot.agent.plan_choice import choose_plan, needs_status, owned_order_status
from supportbot.agent.plans import Plan, plan_for
from supportbot.agent.requests import WITH_AN_ORDER
from supportbot.agent.signals import is_confirmation, is_refusal
from supportbot.agent.state import AgentState, PlanChoice
from supportbot.agent.timing import timed
from supportbot.tools.registry import ACTION_TOOLS


def _first(entities: list[dict[str, Any]], kind: str, flag: str | None = None) -> dict[str, Any] | None:
    return next((e for e in entities if e["type"] == kind and (flag is None or e.get("flag") == flag)), None)


def about_the_order(intent: str, order: dict[str, Any] | None) -> str:
    """A general question about an order the sender owns is that order's question ("how long does
    delivery take for #W1?" is tracking #W1, an invoice question is its invoice), as for the clauses
    of multi-request tickets and unsure labels (agent/plan_choice.py). Other orders: unchanged."""
    if order is not None and order.get("flag") == "ok":
        return WITH_AN_ORDER.get(intent, intent)
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


def _reviewer_lookups(state: AgentState, choice: PlanChoice | None) -> dict[str, Any]:
    """For a ticket escalated as ``low_confidence``: the best plan's calls when they only read
    (tracking, refund status, invoice, order or product details), so the reviewer's draft holds
    their results. An unsure plan never acts, and nothing runs on an order the sender does not own
    or on a ticket the plan check could not judge (``choice`` None: multi-request, language)."""
    entities = state.get("entities") or []
    if choice is None or any(e["type"] == "order_id" and e.get("flag") != "ok" for e in entities):
        return {}
    order = _first(entities, "order_id", "ok")
    intent = about_the_order(choice["intent"], order)
    product = _first(entities, "product")
    planned = plan_for(
        intent=intent,
        order_id=order["value"] if order else None,
        product=product["value"] if product else None,
        customer_known=bool(state.get("customer_id")),
        explicit_request=False,
        ticket_id=state.get("ticket_id") or "",
        text=state.get("text") or "",
    )
    if not planned.calls or any(call["tool"] in ACTION_TOOLS for call in planned.calls):
        return {}
    return {
        "plan": planned.calls,
        "reply_kind": planned.kind,
        "task": planned.task,
        "draft_intent": intent,
        "facts": {},
    }


@timed("plan")
def plan(state: AgentState, *, c: Components) -> dict[str, Any]:
    entities = state.get("entities") or []
    awaiting = state.get("awaiting") or {}
    intent = state.get("intent") or "out_of_scope"
    chosen: dict[str, Any] = {}
    if state.get("low_confidence"):
        choice = _plan_choice(state, c)
        if choice is None or not choice["sure"]:
            # Still low confidence: routed to escalate, after the plan's lookups if it only reads.
            return {"plan": [], "plan_choice": choice, **_reviewer_lookups(state, choice)}
        intent = choice["intent"]
        chosen = {
            "intent": intent,
            "confidence": choice["confidence"],
            "low_confidence": False,
            "plan_choice": choice,
        }
    planned = _confirmation_plan(state)
    if planned is None:
        order = state.get("focus_order") or _first(entities, "order_id", "ok") or _first(entities, "order_id")
        bound = about_the_order(intent, order)
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
