"""Training examples from answered tickets: the support team's feedback loop, masked.

One example per ticket that got a final reply: the reviewer's reply from the handoff queue when
there is one (it wins over the bot's draft), otherwise the reply the bot sent on its own. Escalated
tickets without a reviewer reply (only a holding message was sent) are never exported.

Each example is written in the SFT format of :func:`supportbot.training.dataset.to_jsonable`:
``prompt`` is :func:`supportbot.llm.prompt.build_messages` of a :class:`ReplyContext` rebuilt
from the stored ticket and result (ticket text, customer name, intent, FACTS from the stored tool
calls), ``completion`` is the reply. Every string of the example goes through
:func:`supportbot.privacy.mask_record` first: e-mails, phone numbers, card digits and addresses are
masked; order ids, amounts and tracking numbers stay.

``supportbot train sft --extra-data FILE`` adds such a file to the training split
(:mod:`supportbot.training.extra_data`).

The agent's per-turn TASK and reply kind are not stored with a ticket, so the exported context
uses a generic task per outcome (see ``TASKS``).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from sqlalchemy import Engine, select
from sqlalchemy.orm import selectinload

from supportbot.agent.facts import prompt_facts
from supportbot.agent.nodes.respond import MAX_PROMPT_TICKET_CHARS
from supportbot.agent.text import normalise
from supportbot.db.engine import session_scope
from supportbot.db.models import Customer, Handoff, Ticket
from supportbot.errors import InputError
from supportbot.llm.base import ChatMessage
from supportbot.llm.prompt import ReplyContext, ReplyKind, build_messages
from supportbot.privacy import mask_record

ReplySource = Literal["bot", "reviewer"]

# Ticket statuses that can carry a final reply ("escalated" and "dead" only carry a holding reply).
EXPORTABLE_STATUSES = ("resolved", "asked")
DEFAULT_STATUSES = ("resolved",)
TASKS: dict[str, tuple[ReplyKind, str]] = {
    "resolved": ("resolve", "Resolve the customer's request using FACTS."),
    "asked": ("clarify", "Ask the customer for the details needed to handle the request."),
}
_CUSTOMER_LOOKUPS = {"find_customer_by_email", "find_customer_by_name_zip"}


@dataclass(frozen=True)
class TicketExample:
    """One masked training example built from one answered ticket."""

    ticket_id: str
    source: ReplySource
    ctx: ReplyContext
    reply: str

    def to_jsonable(self) -> dict[str, object]:
        """The same record as :func:`supportbot.training.dataset.to_jsonable`."""
        prompt: list[ChatMessage] = build_messages(self.ctx)
        return {"prompt": prompt, "completion": [{"role": "assistant", "content": self.reply}]}


def _aware(value: dt.datetime | None) -> dt.datetime | None:
    if value is None:
        return None
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)


def parse_since(text: str) -> dt.datetime:
    """``2026-11-01`` or ``2026-11-01T08:00`` (UTC unless an offset is given)."""
    try:
        value = dt.datetime.fromisoformat(text.strip())
    except ValueError:
        raise InputError(f"--since {text!r} is not a date (use YYYY-MM-DD or an ISO date-time)") from None
    aware = _aware(value)
    assert aware is not None
    return aware


def check_statuses(statuses: Sequence[str]) -> tuple[str, ...]:
    chosen = tuple(dict.fromkeys(s.strip().lower() for s in statuses)) or DEFAULT_STATUSES
    bad = [s for s in chosen if s not in EXPORTABLE_STATUSES]
    if bad:
        raise InputError(
            f"--status {', '.join(bad)}: only {', '.join(EXPORTABLE_STATUSES)} tickets carry a final reply"
        )
    return chosen


def final_reply(ticket: Ticket) -> tuple[str, ReplySource] | None:
    """The reply the customer finally got: the latest reviewer message, else the bot's own reply
    (never the holding message of an escalation)."""
    reviewer = [m.body.strip() for m in ticket.messages if m.role == "agent" and m.body.strip()]
    if reviewer:
        return reviewer[-1], "reviewer"
    result = ticket.result or {}
    if not result or result.get("escalated") or not (ticket.reply or "").strip():
        return None
    return (ticket.reply or "").strip(), "bot"


def _tool_calls(result: dict[str, Any], handoff: Handoff | None) -> list[dict[str, Any]]:
    calls = result.get("tool_calls")
    if not calls and handoff is not None:
        calls = (handoff.details or {}).get("tool_calls")
    return [c for c in calls or [] if isinstance(c, dict) and "name" in c and "status" in c]


def _customer_name(calls: Iterable[dict[str, Any]], customer: Customer | None) -> str | None:
    for call in calls:
        data = call.get("result") or {}
        if call["name"] in _CUSTOMER_LOOKUPS and call["status"] == "ok":
            name = data.get("name") or " ".join(
                p for p in (data.get("first_name"), data.get("last_name")) if p
            )
            if name:
                return str(name)
    return customer.name if customer is not None else None


def ticket_example(
    ticket: Ticket, *, handoff: Handoff | None = None, customer: Customer | None = None
) -> TicketExample | None:
    """The masked example for ``ticket``, or ``None`` when it has no final reply."""
    found = final_reply(ticket)
    if found is None:
        return None
    reply, source = found
    result = ticket.result or {}
    calls = _tool_calls(result, handoff)
    kind, task = TASKS["asked" if ticket.status == "asked" else "resolved"]
    text, _ = normalise(ticket.subject, ticket.body, MAX_PROMPT_TICKET_CHARS)
    raw = {
        "ctx": {
            "ticket": text[:MAX_PROMPT_TICKET_CHARS],
            "customer_name": _customer_name(calls, customer),
            "intent": result.get("intent") or (handoff.intent if handoff else None) or "out_of_scope",
            "kind": kind,
            "task": task,
            "facts": prompt_facts(calls, {}),
        },
        "reply": reply,
    }
    masked = mask_record(raw)
    return TicketExample(
        ticket_id=ticket.id,
        source=source,
        ctx=ReplyContext.model_validate(masked["ctx"]),
        reply=str(masked["reply"]),
    )


def export_examples(
    engine: Engine,
    *,
    since: dt.datetime | None = None,
    statuses: Sequence[str] = DEFAULT_STATUSES,
) -> Iterator[TicketExample]:
    """Examples for the answered tickets in ``statuses`` finished at or after ``since``, oldest
    first."""
    chosen = check_statuses(statuses)
    with session_scope(engine) as session:
        query = (
            select(Ticket)
            .where(Ticket.status.in_(chosen))
            .options(selectinload(Ticket.messages))
            .order_by(Ticket.finished_at, Ticket.id)
        )
        for ticket in session.execute(query).scalars():
            finished = _aware(ticket.finished_at)
            if since is not None and (finished is None or finished < since):
                continue
            handoff = session.execute(
                select(Handoff).where(Handoff.ticket_id == ticket.id).order_by(Handoff.id.desc()).limit(1)
            ).scalar_one_or_none()
            customer = session.get(Customer, ticket.customer_id) if ticket.customer_id else None
            example = ticket_example(ticket, handoff=handoff, customer=customer)
            if example is not None:
                yield example


def write_jsonl(examples: Iterable[TicketExample], path: Path) -> dict[str, int]:
    """Write one prompt/completion record a line; returns counts by reply source."""
    counts: dict[str, int] = {"bot": 0, "reviewer": 0}
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    try:
        with tmp.open("w", encoding="utf-8") as fh:
            for example in examples:
                fh.write(json.dumps(example.to_jsonable(), ensure_ascii=False) + "\n")
                counts[example.source] += 1
        tmp.replace(path)
    finally:
        tmp.unlink(missing_ok=True)
    return counts
