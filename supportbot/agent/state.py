"""The graph's state, typed in one place.

``AgentState`` is what LangGraph checkpoints per thread (one ticket or conversation). Fields are
grouped: the conversation (kept across turns), the current turn (reset by ``ingest``), and what
the turn decided. Values are plain JSON-able data so every checkpointer can store them.
"""

from __future__ import annotations

import operator
from typing import Annotated, Any, TypedDict


def merge_dicts(left: dict[str, Any] | None, right: dict[str, Any] | None) -> dict[str, Any]:
    """Reducer: later keys win. ``{"__reset__": True}`` clears the dict first."""
    if right and right.get("__reset__"):
        return {k: v for k, v in right.items() if k != "__reset__"}
    return {**(left or {}), **(right or {})}


class Awaiting(TypedDict, total=False):
    """What the last turn asked the customer for, so a follow-up can continue it."""

    what: str  # "order_id" | "confirmation" | "details"
    intent: str
    order_id: str | None
    action: dict[str, Any] | None  # tool + args proposed for confirmation
    explicit: bool  # the original request asked for the action itself


class PlanChoice(TypedDict):
    """Why the bot may (or may not) act on a ticket whose intent label alone is unsure.

    The model's label is ``label`` (probability ``label_confidence``); ``intent`` is the intent
    planned, ``confidence`` the summed probability of ``members`` (the top intents whose plans are
    the same once ``order_status`` settled sibling intents). ``sure``: confidence >= the threshold.
    """

    label: str
    label_confidence: float
    intent: str
    confidence: float
    members: list[str]
    order_status: str | None
    sure: bool
    reason: str


class AgentState(TypedDict, total=False):
    # --- conversation (persists across turns)
    thread_id: str
    ticket_id: str
    customer_email: str | None
    customer_id: str | None
    customer_name: str | None
    history: Annotated[list[dict[str, str]], operator.add]  # {"role": "customer"|"bot", "content": ...}
    awaiting: Awaiting | None
    turn: int

    # --- current turn (reset by ingest)
    raw_subject: str | None
    raw_body: str
    text: str  # normalised subject + body, bounded
    masked_text: str  # PII-masked copy for logs and stored summaries
    truncated: bool
    signals: dict[str, bool]  # angry, human_requested, suspicious, question
    language: str
    intent: str
    confidence: float
    top_intents: list[tuple[str, float]]
    low_confidence: bool
    plan_choice: PlanChoice | None  # set when the label was unsure: the plan-level decision
    draft_intent: str | None  # an unsure plan's intent: its lookups ran for the reviewer's draft
    proposal: bool  # an unsure plan's action is proposed to the customer (intents.confirm_threshold)
    out_of_scope: bool
    entities: list[dict[str, Any]]
    # multi-request tickets (agent/requests.py): the first request's order, the other requests,
    # and those of them the bot could not answer (a colleague takes them over)
    focus_order: dict[str, Any] | None
    extra_requests: list[dict[str, Any]]
    passed_on: list[dict[str, Any]]
    explicit_request: bool  # the customer asked for the action itself, not about it
    plan: list[dict[str, Any]]  # [{"tool": name, "args": {...}}]
    planned_escalation: str | None  # escalate once the plan's lookups ran (human-only intents)
    next_awaiting: Awaiting | None  # what this turn will ask for, if it ends as a question
    tool_calls: list[dict[str, Any]]  # executed: name, args, ok, status, result
    facts: dict[str, Any]
    reply_kind: str
    task: str
    reply: str
    attempts: int  # reply generations this turn
    verification: dict[str, int]
    unsupported: list[str]  # facts in the reply that the verifier could not ground
    out_of_time: bool  # verify: a regeneration would not fit in agent.reply_deadline_s
    outcome: str  # resolved | asked | escalated
    escalation_reason: str | None
    summary: str | None
    draft_reply: str | None
    pending_action: dict[str, Any] | None
    stage_ms: Annotated[dict[str, Any], merge_dicts]
