"""Act: run the plan's tool calls in order, honouring consent, policy and approval results."""

from __future__ import annotations

from typing import Any

from supportbot.agent.components import Components
from supportbot.agent.facts import add_call_facts
from supportbot.agent.state import AgentState
from supportbot.agent.timing import timed
from supportbot.agent.toolcalls import run_tool

# Statuses after which the remaining calls of the plan are not run.
STOPPING = {"not_owner", "policy_refusal", "needs_consent", "needs_approval", "invalid", "error", "not_found"}


def _resolve(value: Any, earlier: list[dict[str, Any]]) -> Any:
    """Replace ``{"$ref": ...}`` placeholders with values from earlier results of this plan."""
    if not (isinstance(value, dict) and "$ref" in value):
        return value
    details: dict[str, Any] = next(
        (c["result"] for c in earlier if c["name"] == "get_order_details" and c["ok"]), {}
    )
    if value["$ref"] == "order_items":
        items = details.get("items", [])
        wanted = (value.get("product") or "").lower()
        chosen = [i["item_id"] for i in items if wanted and wanted in i["name"].lower()]
        return chosen or [i["item_id"] for i in items]
    if value["$ref"] == "original_payment":
        payments = [p for p in details.get("payments", []) if p.get("kind") == "payment"]
        return payments[0]["payment_method_id"] if payments else None
    return None


@timed("tools")
def act(state: AgentState, *, c: Components) -> dict[str, Any]:
    calls = list(state.get("tool_calls") or [])
    facts = dict(state.get("facts") or {})
    this_turn: list[dict[str, Any]] = []
    stopped: dict[str, Any] | None = None
    for step in state.get("plan") or []:
        args = {k: _resolve(v, this_turn) for k, v in step["args"].items()}
        call = run_tool(c, state, step["tool"], args)
        this_turn.append(call)
        facts = add_call_facts(facts, call)
        if call["status"] in STOPPING:
            stopped = call
            break
    update: dict[str, Any] = {"tool_calls": calls + this_turn, "facts": facts}
    if stopped is None:
        return update
    status = stopped["status"]
    if status == "needs_consent":
        update["reply_kind"] = "confirm"
        update["task"] = f"Describe the proposed action and ask the customer to confirm: {stopped['message']}"
        update["next_awaiting"] = {
            "what": "confirmation",
            "intent": state.get("intent"),
            "order_id": stopped["args"].get("order_id"),
            "action": {"tool": stopped["name"], "args": stopped["args"]},
        }
    elif status in {"policy_refusal", "not_owner"}:
        update["reply_kind"] = "refuse"
        update["task"] = f"Explain politely that this is not possible: {stopped['message']}"
        update["next_awaiting"] = None
    elif status == "not_found":
        update["reply_kind"] = "clarify"
        update["task"] = f"Say: {stopped['message']} Ask the customer to check the name."
    elif status == "needs_approval":
        update["pending_action"] = {
            "tool": stopped["name"],
            "args": stopped["args"],
            "reason": stopped["message"],
            "amount": (stopped.get("result") or {}).get("amount"),
        }
    return update
