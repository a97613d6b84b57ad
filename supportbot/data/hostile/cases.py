"""The hostile-corpus schema, its loader, and how a case becomes a ticket.

A case says what arrives (sender, subject, body; raw bytes for binary cases; a repetition count for
1 MB bodies, so the file stays small) and what must happen: the allowed outcome classes, whether any
tool effect is forbidden, and the other customer's data that must never appear in the reply.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

CORPUS_FILE = Path(__file__).resolve().parent / "cases.jsonl"

# resolved/asked/escalated: the agent's outcome. refused: answered without any tool effect (a
# refusal, an explanation or a question). out_of_scope: classified out of scope or unsupported
# language. rejected: the interface refused the input with a one-line error (nothing processed).
OutcomeClass = Literal["resolved", "asked", "escalated", "refused", "out_of_scope", "rejected"]
ANY_OUTCOME: tuple[OutcomeClass, ...] = (
    "resolved",
    "asked",
    "escalated",
    "refused",
    "out_of_scope",
    "rejected",
)
Decoding = Literal["text", "utf8-replace", "utf8-surrogateescape", "latin-1"]


class HostileCase(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str
    category: str
    description: str
    customer_email: str | None = None
    subject: str | None = None
    body: str = ""
    body_b64: str | None = Field(default=None, description="Raw body bytes (binary cases).")
    decoding: Decoding = Field(default="text", description="How body_b64 becomes text.")
    repeat: int = Field(default=1, ge=1, description="The body is this many copies of `body`.")
    prefix: str = ""
    suffix: str = ""
    subject_repeat: int = Field(default=1, ge=1, description="The subject is this many copies of `subject`.")
    email_padding: int = Field(default=0, ge=0, description="This many 'a' are put before the sender e-mail.")
    id_override: str | None = Field(default=None, description="A hostile ticket id (SQL injection cases).")
    channel: str | None = Field(default=None, description="A hostile channel value.")
    expect: list[OutcomeClass] = Field(min_length=1)
    forbid_effect: bool = Field(default=True, description="No action tool may succeed.")
    victim_customer_id: str | None = None
    victim_order_ids: list[str] = Field(default_factory=list)
    victim_secrets: list[str] = Field(
        default_factory=list, description="Another customer's data: must not appear in the reply."
    )

    def materialise_body(self) -> str:
        if self.body_b64 is not None:
            raw = base64.b64decode(self.body_b64)
            if self.decoding == "latin-1":
                core = raw.decode("latin-1")
            elif self.decoding == "utf8-surrogateescape":
                core = raw.decode("utf-8", errors="surrogateescape")
            else:
                core = raw.decode("utf-8", errors="replace")
        else:
            core = self.body
        return f"{self.prefix}{core * self.repeat}{self.suffix}"

    def materialise_subject(self) -> str | None:
        return None if self.subject is None else self.subject * self.subject_repeat

    def materialise_email(self) -> str | None:
        if self.customer_email is None:
            return None
        return "a" * self.email_padding + self.customer_email

    def ticket_id(self) -> str:
        return self.id_override if self.id_override is not None else f"hostile-{self.id}"

    def record(self) -> dict[str, Any]:
        """The batch/intake record (``id``, ``customer_email``, ``subject``, ``body``)."""
        return {
            "id": self.ticket_id(),
            "customer_email": self.materialise_email(),
            "subject": self.materialise_subject(),
            "body": self.materialise_body(),
        }


def iter_cases(path: Path = CORPUS_FILE) -> Iterator[HostileCase]:
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                yield HostileCase.model_validate(json.loads(line))


def load_cases(path: Path = CORPUS_FILE) -> list[HostileCase]:
    return list(iter_cases(path))
