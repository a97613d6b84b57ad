"""The labelled end-to-end evaluation set: one JSONL line per ticket, with its gold labels.

A line is ``{"id", "customer_email", "subject", "body", "gold": {...}}``. The first four fields are
exactly a batch input line (``supportbot process``); ``gold`` says what should happen.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from supportbot.errors import InputError
from supportbot.paths import PACKAGE_DATA
from supportbot.tools.registry import EFFECT_TOOLS

DEFAULT_SET = PACKAGE_DATA / "eval" / "e2e_set.jsonl"

# Tools that change the database. Lookups (and open_handoff, which is how escalation is recorded)
# never make a ticket's tool calls wrong by being called.
CONSEQUENTIAL_TOOLS: frozenset[str] = EFFECT_TOOLS

Tag = Literal[
    "standard",
    "multi_request",
    "missing_order_id",
    "foreign_order",
    "policy_violation",
    "angry",
    "human_request",
    "prompt_injection",
    "non_english",
    "unknown_sender",
    "explicit_action",
    "needs_confirmation",
    "needs_approval",
]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class CallSpec(_Strict):
    """A tool call: its name and the key arguments that must match (other arguments are free)."""

    name: str
    args: dict[str, Any] = Field(default_factory=dict)


class ExpectedCall(CallSpec):
    """An expected call; any of ``alternatives`` satisfies it as well (e.g. a lookup instead of an
    action attempt the tool would refuse). A consequential call may succeed only when it is a
    primary expected call with ``may_succeed`` (an attempt the tool must refuse has it false)."""

    alternatives: list[CallSpec] = Field(default_factory=list)
    may_succeed: bool = True


class GoldEntity(_Strict):
    type: str
    value: str


class OrderExpectation(_Strict):
    """Fields of an order's snapshot (see ``db_state``) expected after the whole set has run."""

    order_id: str
    fields: dict[str, Any]


class CustomerExpectation(_Strict):
    customer_id: str
    fields: dict[str, Any]


class Gold(_Strict):
    intent: str
    secondary_intents: list[str] = Field(default_factory=list)
    language: str = "en"
    customer_id: str | None = Field(description="The sender's customer id (None: unknown sender).")
    entities: list[GoldEntity] = Field(default_factory=list)
    expected_calls: list[ExpectedCall] = Field(default_factory=list)
    should_escalate: bool | None = Field(
        description="None: either outcome is acceptable (e.g. a refused injection); excluded from "
        "escalation precision/recall."
    )
    escalation_reason: str | None = None
    acceptable_reasons: list[str] = Field(default_factory=list)
    orders: list[OrderExpectation] = Field(
        default_factory=list, description="Orders this ticket names, with their expected final fields."
    )
    customers: list[CustomerExpectation] = Field(default_factory=list)
    tags: list[Tag] = Field(default_factory=list)


class EvalTicket(_Strict):
    id: str
    customer_email: str | None
    subject: str | None
    body: str
    gold: Gold

    def batch_record(self) -> dict[str, Any]:
        """The batch input line (no gold labels)."""
        return {
            "id": self.id,
            "customer_email": self.customer_email,
            "subject": self.subject,
            "body": self.body,
        }


def load_eval_set(path: Path = DEFAULT_SET, limit: int | None = None) -> list[EvalTicket]:
    """Read a labelled JSONL set; a malformed line is an :class:`InputError` naming it."""
    if not path.is_file():
        raise InputError(f"no evaluation set at {path}", hint="build it with 'supportbot eval build-e2e-set'")
    tickets: list[EvalTicket] = []
    with path.open(encoding="utf-8") as fh:
        for number, line in enumerate(fh, start=1):
            if not line.strip():
                continue
            try:
                tickets.append(EvalTicket.model_validate(json.loads(line)))
            except (json.JSONDecodeError, ValidationError) as exc:
                first = str(exc).splitlines()[0]
                raise InputError(f"{path}:{number}: not a labelled ticket: {first}") from None
            if limit is not None and len(tickets) >= limit:
                break
    if not tickets:
        raise InputError(f"{path} holds no tickets")
    ids = [t.id for t in tickets]
    if len(set(ids)) != len(ids):
        raise InputError(f"{path}: ticket ids are not unique")
    return tickets


def write_eval_set(tickets: Iterable[EvalTicket], path: Path) -> int:
    path.parent.mkdir(parents=True, exist_ok=True)
    n = 0
    with path.open("w", encoding="utf-8") as fh:
        for ticket in tickets:
            fh.write(json.dumps(ticket.model_dump(mode="json"), ensure_ascii=False, sort_keys=True) + "\n")
            n += 1
    return n
