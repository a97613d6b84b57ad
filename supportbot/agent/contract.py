"""What goes into the agent and what comes out: the contract for the worker, batch processing,
chat, the handoff queue and evaluation.

``TicketOutcome`` carries every field of the batch output line (see ``to_output_line``).
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

Outcome = Literal["resolved", "asked", "escalated"]

# Reason codes recorded on escalation (queue filters use them).
EscalationReason = Literal[
    "low_confidence",
    "out_of_scope",
    "human_requested",
    "angry_customer",
    "needs_approval",
    "foreign_order",
    "verification_failed",
    "unsupported_language",
    "unknown_customer",
    "policy_exception",
    "suspicious_request",
    "tool_error",
    "model_error",
    "multiple_requests",
]


class TicketInput(BaseModel):
    """One ticket (or one conversation turn) for the agent."""

    model_config = ConfigDict(extra="forbid")

    id: str = Field(min_length=1, max_length=64)
    customer_email: str | None = None
    subject: str | None = None
    body: str
    channel: Literal["email", "chat", "helpdesk", "batch"] = "email"
    thread_id: str | None = Field(
        default=None, description="Continue this conversation; default: one per ticket."
    )


class EntityOut(BaseModel):
    model_config = ConfigDict(extra="forbid")
    type: str
    value: str
    flag: str | None = None


class ToolCallOut(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str
    args: dict[str, Any]
    ok: bool
    status: str = "ok"
    result: dict[str, Any] = Field(default_factory=dict)


class PendingAction(BaseModel):
    """An action waiting for a human's approval (the graph is interrupted)."""

    model_config = ConfigDict(extra="forbid")
    tool: str
    args: dict[str, Any]
    reason: str
    amount: float | None = None


class TicketOutcome(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str
    thread_id: str
    outcome: Outcome
    intent: str
    confidence: float
    language: str
    entities: list[EntityOut] = Field(default_factory=list)
    tool_calls: list[ToolCallOut] = Field(default_factory=list)
    reply: str = ""
    escalated: bool = False
    escalation_reason: EscalationReason | None = None
    summary: str | None = Field(default=None, description="One paragraph for the human reviewer.")
    draft_reply: str | None = Field(default=None, description="Suggested reply for the reviewer.")
    pending_action: PendingAction | None = None
    customer_id: str | None = None
    latency_ms: float = 0.0
    stage_ms: dict[str, float] = Field(
        default_factory=dict, description="classify, extract, tools, generate, verify"
    )
    verification: dict[str, int] = Field(
        default_factory=dict,
        description="Counters: regenerated, fallback (of which deadline_fallback), failed, "
        "deadline_cut (a generation stopped at the deadline), backend_error.",
    )

    def to_output_line(self) -> dict[str, Any]:
        """The stable batch-output record (``supportbot process``)."""
        return {
            "id": self.id,
            "intent": self.intent,
            "confidence": round(self.confidence, 4),
            "entities": [{"type": e.type, "value": e.value} for e in self.entities],
            "tool_calls": [{"name": t.name, "args": t.args, "ok": t.ok} for t in self.tool_calls],
            "reply": self.reply,
            "escalated": self.escalated,
            "escalation_reason": self.escalation_reason,
            "language": self.language,
            "latency_ms": round(self.latency_ms, 1),
        }
