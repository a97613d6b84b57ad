"""Respond: the reply model writes the reply from the ticket and the facts; templates when there
is no model, when the model fails, or when its replies failed the fact check."""

from __future__ import annotations

import logging
import time
from typing import Any

from langchain_core.runnables import RunnableConfig

from supportbot.agent.components import Components
from supportbot.agent.facts import prompt_facts
from supportbot.agent.routing import turn_ms
from supportbot.agent.state import AgentState
from supportbot.agent.templates import render
from supportbot.agent.timing import timed
from supportbot.errors import ReplyTooSlow
from supportbot.llm.prompt import ReplyContext, build_messages
from supportbot.settings import Settings

log = logging.getLogger(__name__)
MAX_PROMPT_TICKET_CHARS = 1500


def reply_context(state: AgentState, store: dict[str, Any] | None = None) -> ReplyContext:
    task = state.get("task") or ""
    problems = state.get("unsupported") or []
    missing = [p.removeprefix("missing ") for p in problems if p.startswith("missing ")]
    wrong = [p for p in problems if not p.startswith("missing ")]
    if wrong:
        task += f" Do not mention {', '.join(wrong)}: it is not in FACTS."
    if missing:
        task += f" State {', '.join(missing)} exactly as in FACTS."
    return ReplyContext(
        ticket=(state.get("text") or "")[:MAX_PROMPT_TICKET_CHARS],
        customer_name=state.get("customer_name"),
        intent=state.get("intent") or "out_of_scope",
        kind=state.get("reply_kind") or "inform",
        task=task,
        facts=prompt_facts(state.get("tool_calls") or [], state.get("facts") or {}, store),
    )


def store_facts(c: Components) -> dict[str, Any]:
    return {"store_name": c.store.store_name, "support": dict(c.store.support)}


def templated(state: AgentState) -> str:
    return render(
        state.get("reply_kind") or "inform",
        state.get("intent") or "",
        state.get("task") or "",
        state.get("facts") or {},
        state.get("customer_name"),
    )


def generation_deadline(state: AgentState, settings: Settings) -> float | None:
    """The ``time.monotonic()`` instant by which a reply generation must end for the turn to stay in
    ``agent.reply_deadline_s``, keeping ``agent.reply_reserve_s`` for what follows; None: no budget."""
    budget_s = settings.agent.reply_deadline_s
    if budget_s <= 0:
        return None
    return time.monotonic() + budget_s - settings.agent.reply_reserve_s - turn_ms(state) / 1000


def _generate(c: Components, state: AgentState, stream: bool) -> str:
    backend = c.backend
    assert backend is not None
    messages = build_messages(reply_context(state, store_facts(c)))
    if not stream:  # a streamed reply is already in front of the reader: it is never cut
        deadline = generation_deadline(state, c.settings)
        return backend.generate([messages], deadline=deadline)[0].strip()
    from langgraph.config import get_stream_writer

    writer = get_stream_writer()
    pieces: list[str] = []
    for piece in backend.stream(messages):
        pieces.append(piece)
        writer({"reply_piece": piece})
    return "".join(pieces).strip()


@timed("generate")
def respond(state: AgentState, config: RunnableConfig, *, c: Components) -> dict[str, Any]:
    counters = dict(state.get("verification") or {})
    attempts = (state.get("attempts") or 0) + 1
    backend = c.backend
    if backend is None:
        return {"reply": templated(state), "attempts": attempts, "verification": counters}
    try:
        stream = bool((config.get("configurable") or {}).get("stream_replies"))
        reply = _generate(c, state, stream and attempts == 1)
    except ReplyTooSlow:  # stopped at the turn's deadline: the verified template, at once
        extra = {"ticket_id": state.get("ticket_id"), "attempt": attempts, "action": "deadline_cut"}
        log.info("reply generation stopped at the deadline, using the template", extra=extra)
        counters["deadline_cut"] = counters.get("deadline_cut", 0) + 1
        return {"reply": templated(state), "attempts": attempts, "verification": counters, "unsupported": []}
    except Exception as exc:  # any backend failure falls back to the safe template
        log.warning("reply backend failed, using the template: %s", type(exc).__name__)
        counters["backend_error"] = counters.get("backend_error", 0) + 1
        return {"reply": templated(state), "attempts": attempts, "verification": counters, "unsupported": []}
    if attempts > 1:
        counters["regenerated"] = counters.get("regenerated", 0) + 1
    return {"reply": reply, "attempts": attempts, "verification": counters}
