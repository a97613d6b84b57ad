"""Running tools from the graph: every call goes through the one registry, under the ticket's
sender identity, and is recorded as a plain dict in the state."""

from __future__ import annotations

import time
from typing import Any

from supportbot.agent.components import Components
from supportbot.agent.state import AgentState


def tool_context(c: Components, state: AgentState, customer_id: str | None) -> Any:
    from supportbot.tools.context import ToolContext

    return ToolContext(
        engine=c.engine,
        customer_id=customer_id,
        ticket_id=state.get("ticket_id"),
        actor="bot",
        settings=c.settings,
    )


def run_tool(
    c: Components, state: AgentState, name: str, args: dict[str, Any], *, customer_id: str | None = None
) -> dict[str, Any]:
    """Call tool ``name``; ``customer_id`` defaults to the identified sender."""
    from supportbot.tools.registry import call_tool

    acting = customer_id if customer_id is not None else state.get("customer_id")
    start = time.perf_counter()
    result = call_tool(tool_context(c, state, acting), name, args)
    return {
        "name": name,
        "args": args,
        "ok": result.ok,
        "status": result.status,
        "message": result.message,
        "reason": result.reason,
        "result": result.data,
        "replayed": result.replayed,
        "ms": round((time.perf_counter() - start) * 1000, 2),
    }
