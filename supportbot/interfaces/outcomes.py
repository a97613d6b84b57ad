"""Writing the agent's outcome for a ticket: the reply, the final status, the result and, for an
escalation, the handoff row — all in the caller's single transaction.

Exactly once: the ticket row is moved out of ``processing`` with a conditional UPDATE (and, for the
worker, only while this worker still holds the lease). If another writer got there first the
update matches no row, nothing else is written, and the function returns ``False``.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from supportbot.agent.contract import TicketOutcome
from supportbot.db.models import Handoff, Ticket, TicketMessage, utcnow
from supportbot.settings import Settings, get_settings

HOLDING_REPLY = (
    "Thank you for your message. A member of our support team will look into this and follow up "
    "with you personally."
)
DEAD_LETTER = "dead_letter"


def final_status(outcome: TicketOutcome) -> str:
    return "escalated" if outcome.escalated else outcome.outcome


def sla_due(reason: str, now: dt.datetime, settings: Settings | None = None) -> dt.datetime:
    worker = (settings or get_settings()).worker
    hours = worker.urgent_sla_hours if reason in worker.urgent_reasons else worker.sla_hours
    return now + dt.timedelta(hours=hours)


def customer_reply(outcome: TicketOutcome) -> str:
    """What the customer is sent: the bot's reply, or a holding message for an escalation."""
    if outcome.reply.strip():
        return outcome.reply
    return HOLDING_REPLY if outcome.escalated else ""


def default_summary(ticket: Ticket, outcome: TicketOutcome) -> str:
    entities = ", ".join(f"{e.type}={e.value}" for e in outcome.entities) or "none"
    return (
        f"{outcome.escalation_reason or 'escalated'}: intent {outcome.intent} "
        f"({outcome.confidence:.2f}), entities {entities}. Subject: {ticket.subject or '(none)'}"
    )


def _open_handoff(session: Session, ticket_id: str) -> Handoff | None:
    return session.execute(
        select(Handoff)
        .where(Handoff.ticket_id == ticket_id, Handoff.status.in_(("open", "claimed")))
        .order_by(Handoff.id.desc())
        .limit(1)
    ).scalar_one_or_none()


def upsert_handoff(
    session: Session,
    ticket: Ticket,
    *,
    reason: str,
    summary: str,
    now: dt.datetime,
    draft_reply: str | None = None,
    intent: str | None = None,
    details: dict[str, Any] | None = None,
    pending_action: dict[str, Any] | None = None,
    thread_id: str | None = None,
    settings: Settings | None = None,
) -> Handoff:
    """One open handoff per ticket: refresh the open one (a later chat turn) or create it."""
    handoff = _open_handoff(session, ticket.id)
    if handoff is None:
        handoff = Handoff(ticket_id=ticket.id, status="open", created_at=now)
        session.add(handoff)
    handoff.reason = reason
    handoff.summary = summary
    handoff.draft_reply = draft_reply
    handoff.intent = intent
    handoff.details = details
    handoff.pending_action = pending_action
    handoff.thread_id = thread_id
    handoff.sla_due_at = sla_due(reason, now, settings)
    return handoff


def _fence(session: Session, ticket_id: str, lease_owner: str | None, values: dict[str, Any]) -> bool:
    conditions = [Ticket.id == ticket_id, Ticket.status == "processing"]
    if lease_owner is not None:
        conditions.append(Ticket.lease_owner == lease_owner)
    result = session.execute(
        update(Ticket).where(*conditions).values(**values).execution_options(synchronize_session=False)
    )
    return bool(result.rowcount == 1)  # type: ignore[attr-defined]


def persist_outcome(
    session: Session,
    ticket_row: Ticket,
    outcome: TicketOutcome,
    *,
    lease_owner: str | None = None,
    settings: Settings | None = None,
) -> bool:
    """Record ``outcome`` for ``ticket_row`` in ``session``'s transaction (the caller commits).

    Returns ``False`` (and writes nothing) when the ticket is no longer ``processing`` — or no longer
    leased by ``lease_owner`` — because someone else already recorded it.
    """
    now = utcnow()
    status = final_status(outcome)
    reply = customer_reply(outcome)
    values: dict[str, Any] = {
        "status": status,
        "result": outcome.model_dump(mode="json"),
        "reply": reply or None,
        "thread_id": outcome.thread_id,
        "lease_owner": None,
        "lease_expires_at": None,
        "last_error": None,
        "finished_at": now,
        "updated_at": now,
    }
    if outcome.customer_id and not ticket_row.customer_id:
        values["customer_id"] = outcome.customer_id
    if not _fence(session, ticket_row.id, lease_owner, values):
        return False
    if reply:
        session.add(
            TicketMessage(ticket_id=ticket_row.id, role="bot", author="bot", body=reply, created_at=now)
        )
    if outcome.escalated:
        upsert_handoff(
            session,
            ticket_row,
            reason=outcome.escalation_reason or "model_error",
            summary=outcome.summary or default_summary(ticket_row, outcome),
            draft_reply=outcome.draft_reply,
            intent=outcome.intent,
            details={
                "confidence": outcome.confidence,
                "language": outcome.language,
                "customer_id": outcome.customer_id,
                "entities": [e.model_dump(mode="json") for e in outcome.entities],
                "tool_calls": [t.model_dump(mode="json") for t in outcome.tool_calls],
                "stage_ms": outcome.stage_ms,
            },
            pending_action=outcome.pending_action.model_dump(mode="json") if outcome.pending_action else None,
            thread_id=outcome.thread_id,
            now=now,
            settings=settings,
        )
    session.flush()
    session.refresh(ticket_row)
    return True


def persist_dead_letter(
    session: Session,
    ticket_row: Ticket,
    error: str,
    *,
    lease_owner: str | None = None,
    settings: Settings | None = None,
) -> bool:
    """Give up on a ticket after repeated failures: status ``dead`` with the error, and a handoff
    (reason ``dead_letter``) so a human still answers the customer."""
    now = utcnow()
    values = {
        "status": "dead",
        "last_error": error[:4000],
        "lease_owner": None,
        "lease_expires_at": None,
        "finished_at": now,
        "updated_at": now,
    }
    if not _fence(session, ticket_row.id, lease_owner, values):
        return False
    upsert_handoff(
        session,
        ticket_row,
        reason=DEAD_LETTER,
        summary=f"The bot failed on this ticket {ticket_row.attempts} time(s); last error: {error[:500]}",
        now=now,
        settings=settings,
    )
    session.flush()
    session.refresh(ticket_row)
    return True
