"""Finalize: record the turn's outcome and what the next turn may answer."""

from __future__ import annotations

from typing import Any

from supportbot.agent.components import Components
from supportbot.agent.state import AgentState

ASKING_KINDS = {"clarify", "confirm"}


def finalize(state: AgentState, *, c: Components) -> dict[str, Any]:
    kind = state.get("reply_kind") or "inform"
    asked = kind in ASKING_KINDS
    return {
        "outcome": "asked" if asked else "resolved",
        "awaiting": state.get("next_awaiting") if asked else None,
        "history": [{"role": "bot", "content": state.get("reply") or ""}],
    }
