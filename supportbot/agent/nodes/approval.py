"""Await approval: pause the graph (LangGraph ``interrupt``) until a reviewer decides, then run
or decline the action."""

from __future__ import annotations

from typing import Any

from langgraph.types import interrupt

from supportbot.agent.components import Components
from supportbot.agent.facts import add_call_facts
from supportbot.agent.state import AgentState
from supportbot.agent.toolcalls import run_tool


def await_approval(state: AgentState, *, c: Components) -> dict[str, Any]:
    pending = state.get("pending_action") or {}
    decision = interrupt({"pending_action": pending, "summary": state.get("summary")})
    approve = bool(isinstance(decision, dict) and decision.get("approve"))
    reviewer = (
        str((decision or {}).get("reviewer") or "reviewer") if isinstance(decision, dict) else "reviewer"
    )
    if not approve:
        note = (decision or {}).get("note") if isinstance(decision, dict) else None
        message = "A colleague reviewed this request and could not approve it." + (f" {note}" if note else "")
        facts = {
            **(state.get("facts") or {}),
            "action": {"tool": pending.get("tool"), "status": "declined", "message": message},
        }
        return {
            "reply_kind": "refuse",
            "task": message,
            "facts": facts,
            "pending_action": None,
            "escalation_reason": None,
        }
    args = {**pending.get("args", {}), "approved_by": reviewer, "consent": True}
    call = run_tool(c, state, pending["tool"], args)
    facts = add_call_facts(state.get("facts") or {}, call)
    kind = "resolve" if call["ok"] else "refuse"
    return {
        "tool_calls": [*(state.get("tool_calls") or []), call],
        "facts": facts,
        "reply_kind": kind,
        "task": f"Tell the customer the outcome: {call['message']}",
        "pending_action": None,
        "escalation_reason": None,
    }
