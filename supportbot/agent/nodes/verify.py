"""Verify: every fact the reply names must be in the ticket or the facts."""

from __future__ import annotations

import logging
import re
from typing import Any

from supportbot.agent.completeness import missing_facts
from supportbot.agent.components import Components
from supportbot.agent.facts import prompt_facts
from supportbot.agent.grounding import unsupported_facts
from supportbot.agent.nodes.respond import store_facts, templated
from supportbot.agent.routing import regeneration_fits, turn_ms
from supportbot.agent.state import AgentState
from supportbot.agent.timing import timed

log = logging.getLogger(__name__)
MIN_REPLY_CHARS = 12
# Prompt scaffolding a reply must never contain (the model echoing its instructions).
_SCAFFOLDING = re.compile(
    r"\b(?:TICKET|FACTS|TASK|INTENT|CUSTOMER)\s*(?:\([a-z]+\))?\s*:|<\|im_(?:start|end)\|>|\bsystem\b\s*\n",
    re.I,
)


def degenerate(reply: str) -> str | None:
    """Why ``reply`` is unusable even if it names no wrong fact, or None."""
    stripped = reply.strip()
    letters = sum(map(str.isalpha, stripped))
    if len(stripped) < MIN_REPLY_CHARS or letters < 0.5 * len(stripped.replace(" ", "") or "x"):
        return "garbled reply"
    if _SCAFFOLDING.search(stripped):
        return "prompt echoed in reply"
    words = re.findall(r"\w+", stripped.lower())
    if len(words) >= 12:
        trigrams = [tuple(words[i : i + 3]) for i in range(len(words) - 2)]
        if len(set(trigrams)) < 0.6 * len(trigrams):
            return "looping reply"
    sentences = [s.strip() for s in re.split(r"(?<=[.!?])\s+", stripped) if s.strip()]
    if len(sentences) >= 3 and len(set(sentences)) <= len(sentences) / 2:
        return "looping reply"
    if sentences and max(sentences.count(s) for s in sentences) >= 3:  # "Have a great day!" x3
        return "looping reply"
    return None


@timed("verify")
def verify(state: AgentState, *, c: Components) -> dict[str, Any]:
    reply = state.get("reply") or ""
    store = store_facts(c)
    seen = {
        "facts": state.get("facts") or {},
        "prompt": prompt_facts(state.get("tool_calls") or [], state.get("facts") or {}, store),
        "store": store,  # the shop's own name and contact details are always grounded
    }
    problems = unsupported_facts(reply, state.get("text") or "", seen, c.product_names)
    problem = degenerate(reply)
    if problem:
        problems.append(problem)
    elif c.backend is not None:  # templates state their facts by construction
        problems += missing_facts(
            reply, state.get("intent") or "", state.get("reply_kind") or "", state.get("facts") or {}
        )
    counters = dict(state.get("verification") or {})
    if not problems:
        return {"unsupported": [], "verification": counters, "out_of_time": False}
    counters["failed"] = counters.get("failed", 0) + 1
    out_of_regenerations = (state.get("attempts") or 0) > c.settings.agent.max_regenerations
    out_of_time = not out_of_regenerations and not regeneration_fits(state, c.settings)
    update: dict[str, Any] = {"unsupported": problems, "verification": counters, "out_of_time": out_of_time}
    if out_of_regenerations or out_of_time:
        # The safe templated reply, built only from tool results (routing may escalate instead).
        counters["fallback"] = counters.get("fallback", 0) + 1
        update["reply"] = templated(state)
    if out_of_time:
        counters["deadline_fallback"] = counters.get("deadline_fallback", 0) + 1
    action = "deadline_fallback" if out_of_time else "fallback" if out_of_regenerations else "regenerate"
    log.info(
        "reply failed the fact check",
        extra={
            "ticket_id": state.get("ticket_id"),
            "attempt": state.get("attempts") or 0,
            "action": action,
            "spent_ms": round(turn_ms(state)),
            "deadline_ms": round(c.settings.agent.reply_deadline_s * 1000),
        },
    )
    return update
