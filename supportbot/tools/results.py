"""Typed tool results. Every tool returns exactly one of these; none raises for a refusal.

The agent and the reply model see ``status`` and ``message``; ``data`` carries the facts a reply
may quote (and nothing about records the acting customer does not own).
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

ToolStatus = Literal[
    "ok",  # done / found
    "not_owner",  # the record is not the acting customer's, or does not exist: same answer for both
    "policy_refusal",  # the store policy forbids it; `reason` is quotable
    "needs_consent",  # a consequential action without the consent flag: ask the customer to confirm
    "needs_approval",  # above the approval amount: a human must approve
    "not_found",  # a lookup of public data (e.g. a product) found nothing
    "invalid",  # malformed arguments
    "error",  # unexpected failure (logged), treated as an escalation
]


class ToolResult(BaseModel):
    model_config = ConfigDict(extra="forbid")

    tool: str
    status: ToolStatus
    message: str = Field(default="", description="One sentence a reply or a reviewer can use.")
    reason: str | None = Field(default=None, description="Policy reason code for refusals.")
    data: dict[str, Any] = Field(default_factory=dict)
    replayed: bool = Field(
        default=False, description="True when an idempotency key returned a stored result."
    )

    @property
    def ok(self) -> bool:
        return self.status == "ok"


class NotOwner(ToolResult):
    """Refusal that reveals nothing: not even whether the record exists."""

    status: ToolStatus = "not_owner"
    message: str = "I can only help with orders and details that belong to your own account."


class PolicyRefusal(ToolResult):
    status: ToolStatus = "policy_refusal"
