"""Verify: every fact the reply names must be in the ticket or the facts."""

from __future__ import annotations

from typing import Any

from supportbot.agent.components import Components
from supportbot.agent.grounding import unsupported_facts
from supportbot.agent.nodes.respond import templated
from supportbot.agent.state import AgentState
from supportbot.agent.timing import timed

MIN_REPLY_CHARS = 12


def _garbled(reply: str) -> bool:
    letters = sum(ch.isalpha() for ch in reply)
    return len(reply) < MIN_REPLY_CHARS or letters < 0.5 * len(reply.replace(" ", "") or "x")


@timed("verify")
def verify(state: AgentState, *, c: Components) -> dict[str, Any]:
    reply = state.get("reply") or ""
    problems = unsupported_facts(reply, state.get("text") or "", state.get("facts") or {}, c.product_names)
    if _garbled(reply):
        problems.append("garbled reply")
    counters = dict(state.get("verification") or {})
    if not problems:
        return {"unsupported": [], "verification": counters}
    counters["failed"] = counters.get("failed", 0) + 1
    update: dict[str, Any] = {"unsupported": problems, "verification": counters}
    if (state.get("attempts") or 0) > c.settings.agent.max_regenerations:
        # Out of regenerations: the safe templated reply, built only from tool results.
        counters["fallback"] = counters.get("fallback", 0) + 1
        update["reply"] = templated(state)
    return update
