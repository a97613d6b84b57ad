"""Routing: pure functions from state to the next node's name."""

from __future__ import annotations

from typing import Literal

from supportbot.agent.state import AgentState
from supportbot.settings import Settings
from supportbot.tools.registry import ACTION_TOOLS

END = "__end__"


# Account requests that must concern the sender's own account.
ACCOUNT_INTENTS = frozenset(
    {
        "recover_password",
        "edit_account",
        "delete_account",
        "switch_account",
        "login_issue",
        "set_up_shipping_address",
    }
)


def names_another_account(state: AgentState) -> bool:
    """An account request that names an email address other than the sender's."""
    if state.get("intent") not in ACCOUNT_INTENTS:
        return False
    sender = (state.get("customer_email") or "").lower()
    return any(e["type"] == "email" and e["value"].lower() != sender for e in state.get("entities") or [])


def pre_plan_reason(state: AgentState, settings: Settings) -> str | None:
    """Why the ticket must go to a human before the bot does anything, if it must."""
    signals = state.get("signals") or {}
    language = state.get("language") or "unknown"
    if state.get("intent") == "contact_human_agent" or signals.get("human_requested"):
        return "human_requested"
    if signals.get("suspicious") or names_another_account(state):
        return "suspicious_request"
    if language not in settings.intents.supported_languages and language != "unknown":
        return "unsupported_language"
    if settings.agent.escalate_on_anger and signals.get("angry"):
        return "angry_customer"
    if state.get("out_of_scope") or state.get("intent") == "out_of_scope":
        return "out_of_scope"
    if state.get("low_confidence"):
        return "low_confidence"
    if any(e["type"] == "order_id" and e.get("flag") == "foreign" for e in state.get("entities") or []):
        return "foreign_order"
    return None


def escalation_reason(state: AgentState, settings: Settings) -> str | None:
    """The first reason, in priority order, for handing this turn to a human."""
    reason = pre_plan_reason(state, settings)
    if reason:
        return reason
    if state.get("proposal") and not proposal_stands(state):
        return "low_confidence"
    if state.get("pending_action"):
        return "needs_approval"
    if any(t.get("status") in {"error", "invalid"} for t in state.get("tool_calls") or []):
        return "tool_error"
    if state.get("planned_escalation"):
        return str(state.get("planned_escalation"))
    if state.get("unsupported") and settings.agent.on_verification_failure == "escalate":
        return "verification_failed"
    if state.get("passed_on"):
        return "multiple_requests"
    return None


def proposal_stands(state: AgentState) -> bool:
    """Whether an unsure plan's proposal may go to the customer (agent/nodes/plan.py,
    ``_may_propose``): the tool asks for exactly a confirmation (not a refusal, a missing order, or an
    amount that a team member must approve after the customer's yes: a person handles those), or the
    reply asks for a missing detail after lookups that all succeeded."""
    plan = state.get("plan") or []
    calls = (state.get("tool_calls") or [])[-len(plan) :] if plan else []
    if any(step["tool"] in ACTION_TOOLS for step in plan):
        last = calls[-1] if calls else {}
        return last.get("status") == "needs_consent" and not (last.get("result") or {}).get("approval_needed")
    return state.get("reply_kind") == "clarify" and all(call.get("ok") for call in calls)


def after_split(state: AgentState, settings: Settings) -> Literal["plan", "escalate"]:
    """An unsure label still goes to plan: the plan may be sure (agent/plan_choice.py)."""
    return "escalate" if pre_plan_reason(state, settings) not in (None, "low_confidence") else "plan"


def after_plan(state: AgentState, settings: Settings) -> Literal["act", "respond", "escalate"]:
    reason = pre_plan_reason(state, settings)
    if reason:  # the plan was not sure either, or e.g. a foreign order
        # An unsure plan's calls still run for the reviewer's draft, as far as they change nothing
        # (the plan node keeps lookups and consent-less action checks); act then routes to escalate
        # with the same reason.
        return "act" if reason == "low_confidence" and state.get("plan") else "escalate"
    if state.get("plan"):
        return "act"
    return "escalate" if state.get("planned_escalation") else "respond"


def after_act(state: AgentState, settings: Settings) -> Literal["respond", "escalate"]:
    return "escalate" if escalation_reason(state, settings) else "respond"


def turn_ms(state: AgentState) -> float:
    """The turn's processing time so far: the sum of its timed stages (``stage_ms``, reset by ingest)."""
    return sum(float(v) for v in (state.get("stage_ms") or {}).values())


def regeneration_fits(state: AgentState, settings: Settings) -> bool:
    """Whether one more reply generation fits in the turn's latency budget (``agent.reply_deadline_s``).

    Time spent: the turn's timed stages so far (``stage_ms``, reset by ingest; the bot's own processing
    time, not an approval's wait). Expected: this turn's generations so far, averaged, so it holds for
    the backend at hand, and at batch sizes above 1 includes waiting for the batch."""
    budget_ms = settings.agent.reply_deadline_s * 1000
    if budget_ms <= 0:
        return True
    expected_ms = float((state.get("stage_ms") or {}).get("generate", 0.0)) / max(
        state.get("attempts") or 0, 1
    )
    return turn_ms(state) + expected_ms <= budget_ms


def after_verify(
    state: AgentState, settings: Settings
) -> Literal["respond", "answer_extras", "finalize", "escalate"]:
    if state.get("unsupported"):
        may_retry = (state.get("attempts") or 0) <= settings.agent.max_regenerations
        if may_retry and not state.get("out_of_time"):  # verify decided the deadline (routing stays pure)
            return "respond"
        if settings.agent.on_verification_failure == "escalate":
            return "escalate"
    return "answer_extras" if state.get("extra_requests") else "finalize"


def after_extras(state: AgentState) -> Literal["finalize", "escalate"]:
    return "escalate" if state.get("passed_on") else "finalize"


def after_escalate(state: AgentState) -> Literal["await_approval", "__end__"]:
    return "await_approval" if state.get("pending_action") else "__end__"
