"""Ingest: normalise the text, read signals, mask PII for logs; reset the per-turn fields."""

from __future__ import annotations

from typing import Any

from supportbot.agent.components import Components
from supportbot.agent.signals import read_signals
from supportbot.agent.state import AgentState
from supportbot.agent.text import normalise
from supportbot.agent.timing import timed


def mask(text: str) -> str:
    try:
        from supportbot.privacy import mask_pii
    except ImportError:  # pragma: no cover - privacy ships with the package
        return text
    return str(mask_pii(text))


@timed("ingest")
def ingest(state: AgentState, *, c: Components) -> dict[str, Any]:
    text, truncated = normalise(
        state.get("raw_subject"), state.get("raw_body") or "", c.settings.agent.max_ticket_chars
    )
    return {
        "text": text,
        "masked_text": mask(text),
        "truncated": truncated,
        "signals": read_signals(text),
        "turn": (state.get("turn") or 0) + 1,
        "history": [{"role": "customer", "content": text}],
        # per-turn fields start empty
        "entities": [],
        "focus_order": None,
        "extra_requests": [],
        "passed_on": [],
        "plan": [],
        "plan_choice": None,
        "draft_intent": None,
        "proposal": False,
        "tool_calls": [],
        "facts": {},
        "reply": "",
        "reply_kind": "",
        "task": "",
        "attempts": 0,
        "verification": {},
        "unsupported": [],
        "outcome": "",
        "escalation_reason": None,
        "summary": None,
        "draft_reply": None,
        "pending_action": None,
        "stage_ms": {"__reset__": True},
    }
