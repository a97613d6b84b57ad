"""Answer extras: the other requests of a multi-request ticket, once the first one's reply passed
the fact check.

A request is answered here only when its deterministic plan is a safe lookup: an 'inform' plan
whose tools all only read (order tracking, refund status, invoice, product info, store answers).
Its paragraph is templated from its own tool results, so it is grounded by construction. Anything
else (an action, a change, a human-only case, an order the bot cannot look up) is never acted on:
it is listed in ``passed_on`` and the ticket goes to a colleague, with a reply that says so.
"""

from __future__ import annotations

from typing import Any

from supportbot.agent.components import Components
from supportbot.agent.facts import add_call_facts
from supportbot.agent.plans import Plan, plan_for
from supportbot.agent.requests import MAX_EXTRA_REQUESTS, Request
from supportbot.agent.state import AgentState
from supportbot.agent.templates import add_before_sign_off, inform_body
from supportbot.agent.timing import timed
from supportbot.agent.toolcalls import run_tool


def _is_safe_lookup(p: Plan) -> bool:
    from supportbot.tools.registry import ACTION_TOOLS

    return (
        p.kind == "inform"
        and p.escalate is None
        and p.awaiting is None
        and all(call["tool"] not in ACTION_TOOLS for call in p.calls)
    )


def _answer(c: Components, state: AgentState, request: Request) -> tuple[str | None, list[dict[str, Any]]]:
    """The paragraph answering ``request`` and the tool calls it made; ``None``: pass it on."""
    if not request["sure"]:
        return None, []  # the bot does not answer what it is unsure was asked
    if request["order_flag"] == "unknown":
        return f"I could not find order {request['order_id']} on your account; please check the number.", []
    return _lookup_paragraph(c, state, request)


def _lookup_paragraph(
    c: Components, state: AgentState, request: Request
) -> tuple[str | None, list[dict[str, Any]]]:
    """The templated paragraph of ``request``'s plan when that plan is a safe lookup that
    succeeded, and the tool calls it made."""
    planned = plan_for(
        intent=request["intent"],
        order_id=request["order_id"],
        product=request["product"],
        customer_known=bool(state.get("customer_id")),
        explicit_request=False,  # never consent to anything on the customer's behalf here
        ticket_id=state.get("ticket_id") or "",
        text=request["clause"],
    )
    if not _is_safe_lookup(planned):
        return None, []
    facts: dict[str, Any] = {}
    calls = [run_tool(c, state, step["tool"], dict(step["args"])) for step in planned.calls]
    for call in calls:
        if call["status"] != "ok":
            return None, calls
        facts = add_call_facts(facts, call)
    if not calls:
        answer = c.store.answer(request["intent"])
        facts = {"answer": answer} if answer else {}
    body = inform_body(request["intent"], facts)
    return (body or None), calls


def _reviewer_draft(
    c: Components, state: AgentState, request: Request
) -> tuple[str | None, list[dict[str, Any]]]:
    """For a request passed on because its label was unsure: its lookup's paragraph, for the
    reviewer's draft only (the customer is not sent it). Only on an order the sender owns, or on
    none; an unsure action is never tried here."""
    if request["sure"] or request["order_flag"] not in (None, "ok"):
        return None, []
    return _lookup_paragraph(c, state, request)


@timed("extras")
def answer_extras(state: AgentState, *, c: Components) -> dict[str, Any]:
    requests: list[Request] = list(state.get("extra_requests") or [])  # type: ignore[arg-type]
    reply = state.get("reply") or ""
    calls = list(state.get("tool_calls") or [])
    passed_on: list[Request] = []
    for i, request in enumerate(requests):
        body, made = _answer(c, state, request) if i < MAX_EXTRA_REQUESTS else (None, [])
        calls += made
        if body is None:
            draft, looked_up = _reviewer_draft(c, state, request) if i < MAX_EXTRA_REQUESTS else (None, [])
            calls += looked_up
            passed_on.append({**request, "draft": draft} if draft else request)
        else:
            reply = add_before_sign_off(reply, body)
    return {"reply": reply, "tool_calls": calls, "passed_on": passed_on}
