"""Split requests: a ticket that asks for several things is planned for its first request; the
others are answered after it (safe lookups) or passed to a colleague (agent/requests.py)."""

from __future__ import annotations

from typing import Any

from supportbot.agent.components import Components
from supportbot.agent.requests import split_requests
from supportbot.agent.signals import read_signals
from supportbot.agent.state import AgentState
from supportbot.agent.timing import timed


@timed("split")
def split(state: AgentState, *, c: Components) -> dict[str, Any]:
    intent = state.get("intent") or "out_of_scope"
    awaiting = state.get("awaiting") or {}
    if intent == "contact_human_agent" or awaiting.get("what") == "confirmation":
        return {}  # the whole ticket goes to a human, or the turn answers a yes/no question
    requests = split_requests(
        state.get("text") or "",
        intent=intent,
        confidence=float(state.get("confidence") or 0.0),
        sure=not (state.get("low_confidence") or state.get("out_of_scope")),
        entities=state.get("entities") or [],
        classifier=c.classifier,
        threshold=max(c.settings.intents.low_confidence_threshold, c.settings.intents.oos_threshold),
    )
    if not requests:
        return {}
    first, *extra = requests
    update: dict[str, Any] = {
        "extra_requests": extra,
        "focus_order": {"value": first["order_id"], "flag": first["order_flag"]}
        if first["order_id"]
        else None,
        # The whole-ticket prediction mixes the requests: the first request's clause decides what is
        # planned, and whether the bot is sure enough to handle it.
        "intent": first["intent"],
        "confidence": first["confidence"],
        "low_confidence": not first["sure"],
        "out_of_scope": False,
    }
    signals = state.get("signals") or {}
    if not signals.get("question") and read_signals(first["clause"])["question"]:
        # "Can I cancel #W1? Also please send ...": the other request's "please" is no consent.
        update["signals"] = {**signals, "question": True}
    return update
