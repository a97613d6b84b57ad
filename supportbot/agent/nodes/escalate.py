"""Escalate: hand the ticket to a human with a reason code, a summary and a draft reply."""

from __future__ import annotations

from typing import Any

from supportbot.agent.components import Components
from supportbot.agent.nodes.finalize import ASKING_KINDS
from supportbot.agent.nodes.ingest import mask
from supportbot.agent.requests import topic
from supportbot.agent.routing import escalation_reason
from supportbot.agent.state import AgentState
from supportbot.agent.templates import add_before_sign_off, follow_up_draft, passed_on_note, render
from supportbot.agent.timing import timed

REASON_TEXT = {
    "low_confidence": "the bot was not confident about what the customer wants",
    "out_of_scope": "the request is outside what the bot handles",
    "human_requested": "the customer asked for a human",
    "angry_customer": "the customer is upset",
    "needs_approval": "an action needs a reviewer's approval",
    "foreign_order": "the ticket refers to an order of another customer",
    "verification_failed": "the generated reply could not be grounded in the facts",
    "unsupported_language": "the ticket is not in a supported language",
    "unknown_customer": "the sender is not a known customer",
    "policy_exception": "the request needs a human decision",
    "suspicious_request": "the ticket tries to instruct the bot or asks for other customers' data",
    "tool_error": "a lookup or action failed",
    "model_error": "the reply model failed",
    "multiple_requests": "the ticket makes further requests the bot cannot handle on its own",
}


def summary_for(state: AgentState, reason: str) -> str:
    """One paragraph for the reviewer, from the PII-masked text and what the bot found."""
    entities = ", ".join(
        f"{e['type']}={e['value']}" + (f" ({e['flag']})" if e.get("flag") else "")
        for e in state.get("entities") or []
    )
    calls = ", ".join(f"{t['name']}:{t['status']}" for t in state.get("tool_calls") or [])
    excerpt = (state.get("masked_text") or "")[:300].replace("\n", " ")
    pending = state.get("pending_action")
    return (
        f"Escalated because {REASON_TEXT.get(reason, reason)}. "
        f"Intent {state.get('intent')} (confidence {state.get('confidence', 0):.2f}, language {state.get('language')}). "
        f"Customer: {state.get('customer_id') or 'unknown'}. Entities: {entities or 'none'}. "
        f"Tool calls: {calls or 'none'}. "
        + (
            f"Pending action: {pending['tool']} on {pending['args'].get('order_id')} ({pending.get('reason')}). "
            if pending
            else ""
        )
        + _plan_note(state)
        + f'Message: "{excerpt}"'
        + _other_requests(state)
    )


def _plan_note(state: AgentState) -> str:
    """How the plan was chosen when the intent label alone was unsure (agent/plan_choice.py)."""
    choice = state.get("plan_choice")
    if not choice:
        return ""
    return f"Plan check: label {choice['label']} ({choice['label_confidence']:.2f}); {choice['reason']}. "


def _other_requests(state: AgentState) -> str:
    """The further requests of a multi-request ticket, for the reviewer (clauses PII-masked)."""
    passed = state.get("passed_on") or []
    others = passed or state.get("extra_requests") or []
    if not others:
        return ""
    listed = "; ".join(f'{topic(r)} ("{mask(r["clause"])[:120]}")' for r in others)  # type: ignore[arg-type]
    if passed:
        return f" The bot answered the first request; left for you: {listed}."
    return f" The ticket also asks about: {listed}."


@timed("escalate")
def escalate(state: AgentState, *, c: Components) -> dict[str, Any]:
    reason = escalation_reason(state, c.settings) or state.get("planned_escalation") or "policy_exception"
    facts = state.get("facts") or {}
    kind = state.get("reply_kind") or "inform"
    draft_kind = "refuse" if reason in {"foreign_order", "suspicious_request"} else kind
    draft = render(
        draft_kind if draft_kind != "handoff" else "inform",
        state.get("draft_intent") or state.get("intent") or "",
        state.get("task") or "",
        facts,
        state.get("customer_name"),
    )
    reply = render("handoff", state.get("intent") or "", "", {}, state.get("customer_name"))
    update: dict[str, Any] = {
        "outcome": "escalated",
        "escalation_reason": reason,
        "summary": summary_for(state, reason),
        "draft_reply": draft,
        "reply": reply,
        "awaiting": None,
        "extra_requests": [],  # a colleague owns the ticket now, all of its requests included
    }
    passed_on = state.get("passed_on") or []
    if passed_on:
        # The first request was answered (or asked about): send that, and say what a colleague does.
        topics = [topic(r) for r in passed_on]  # type: ignore[arg-type]
        update["reply"] = add_before_sign_off(state.get("reply") or "", passed_on_note(topics))
        drafts = [r["draft"] for r in passed_on if r.get("draft")]
        update["draft_reply"] = follow_up_draft(topics, state.get("customer_name"), drafts)
        if (state.get("reply_kind") or "") in ASKING_KINDS:
            update["awaiting"] = state.get("next_awaiting")
    update["history"] = [{"role": "bot", "content": update["reply"]}]
    return update
