"""Identify the customer from the sender identity (never from text inside the ticket)."""

from __future__ import annotations

from typing import Any

from supportbot.agent.components import Components
from supportbot.agent.state import AgentState
from supportbot.agent.timing import timed
from supportbot.agent.toolcalls import run_tool


@timed("identify")
def identify(state: AgentState, *, c: Components) -> dict[str, Any]:
    if state.get("customer_id"):
        return {}
    email = (state.get("customer_email") or "").strip()
    if not email or "@" not in email:
        return {"customer_id": None}
    from supportbot.tools.context import customer_id_for_email

    customer_id = customer_id_for_email(c.engine, email)
    if customer_id is None:
        return {"customer_id": None}
    call = run_tool(c, state, "find_customer_by_email", {"email": email}, customer_id=customer_id)
    data = call["result"] if call["ok"] else {}
    name = (
        data.get("name") or " ".join(p for p in (data.get("first_name"), data.get("last_name")) if p) or None
    )
    return {"customer_id": customer_id, "customer_name": name, "tool_calls": [call]}
