"""The human handoff queue: what reviewers see and do.

Every reviewer action is one transaction that also appends an audit-log row (actor
``reviewer:<name>``). Claiming is an atomic conditional UPDATE, so two reviewers can never hold the
same handoff; acting on an open handoff claims it first, and acting on one held by someone else is
refused.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, Literal

from sqlalchemy import Engine, select, update
from sqlalchemy.orm import Session

from supportbot.agent.contract import TicketOutcome
from supportbot.db.engine import session_scope
from supportbot.db.models import AuditLog, Handoff, Ticket, TicketMessage, utcnow
from supportbot.errors import InputError, SupportbotError
from supportbot.interfaces.outcomes import persist_outcome
from supportbot.interfaces.runner_port import AgentRunnerLike

ACTIVE = ("open", "claimed")
AGE_BUCKETS: tuple[tuple[str, float], ...] = (("<1h", 1), ("1-4h", 4), ("4-24h", 24), (">24h", float("inf")))
SortKey = Literal["age", "sla"]


class HandoffConflict(SupportbotError):
    """The handoff is held by another reviewer, or already closed."""


def _aware(value: dt.datetime | None) -> dt.datetime | None:
    if value is None:
        return None
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)


def parse_age(text: str) -> dt.timedelta:
    """'30m', '4h', '2d' -> timedelta."""
    units = {"m": 60, "h": 3600, "d": 86400}
    text = text.strip().lower()
    if len(text) < 2 or text[-1] not in units:
        raise InputError(f"not an age: {text!r} (use e.g. 30m, 4h, 2d)")
    try:
        amount = float(text[:-1])
    except ValueError:
        raise InputError(f"not an age: {text!r} (use e.g. 30m, 4h, 2d)") from None
    return dt.timedelta(seconds=amount * units[text[-1]])


@dataclass(frozen=True)
class HandoffRow:
    id: int
    ticket_id: str
    status: str
    reason: str
    intent: str | None
    assignee: str | None
    customer_email: str | None
    subject: str | None
    created_at: dt.datetime
    sla_due_at: dt.datetime | None
    has_pending_action: bool

    def age(self, now: dt.datetime | None = None) -> dt.timedelta:
        return (now or utcnow()) - self.created_at


@dataclass(frozen=True)
class HandoffDetail:
    row: HandoffRow
    summary: str
    draft_reply: str | None
    details: dict[str, Any]
    pending_action: dict[str, Any] | None
    thread_id: str | None
    body: str
    messages: list[tuple[str, str | None, str, dt.datetime]]  # role, author, body, at
    audit: list[tuple[dt.datetime, str, str, bool]]  # at, actor, action, ok


def _row(h: Handoff, t: Ticket) -> HandoffRow:
    return HandoffRow(
        id=h.id,
        ticket_id=h.ticket_id,
        status=h.status,
        reason=h.reason,
        intent=h.intent,
        assignee=h.assignee,
        customer_email=t.customer_email,
        subject=t.subject,
        created_at=_aware(h.created_at) or utcnow(),
        sla_due_at=_aware(h.sla_due_at),
        has_pending_action=bool(h.pending_action),
    )


def list_handoffs(
    engine: Engine,
    *,
    reasons: list[str] | None = None,
    intents: list[str] | None = None,
    older_than: dt.timedelta | None = None,
    statuses: tuple[str, ...] = ACTIVE,
    assignee: str | None = None,
    sort: SortKey = "age",
    limit: int = 200,
) -> list[HandoffRow]:
    """Handoffs waiting for people, oldest first (``sort="age"``) or soonest SLA first."""
    query = (
        select(Handoff, Ticket)
        .join(Ticket, Ticket.id == Handoff.ticket_id)
        .where(Handoff.status.in_(statuses))
    )
    if reasons:
        query = query.where(Handoff.reason.in_(reasons))
    if intents:
        query = query.where(Handoff.intent.in_(intents))
    if assignee:
        query = query.where(Handoff.assignee == assignee)
    if older_than is not None:
        query = query.where(Handoff.created_at <= _cutoff(engine, older_than))
    if sort == "sla":
        query = query.order_by(Handoff.sla_due_at.is_(None), Handoff.sla_due_at, Handoff.id)
    else:
        query = query.order_by(Handoff.created_at, Handoff.id)
    with session_scope(engine) as session:
        return [_row(h, t) for h, t in session.execute(query.limit(limit)).all()]


def _cutoff(engine: Engine, age: dt.timedelta) -> dt.datetime:
    cutoff = utcnow() - age
    return cutoff.replace(tzinfo=None) if engine.dialect.name == "sqlite" else cutoff


def _load(session: Session, handoff_id: int) -> tuple[Handoff, Ticket]:
    handoff = session.get(Handoff, handoff_id)
    if handoff is None:
        raise InputError(f"no handoff with id {handoff_id}", hint="see 'supportbot queue list'")
    ticket = session.get(Ticket, handoff.ticket_id)
    assert ticket is not None  # foreign key
    return handoff, ticket


def get_handoff(engine: Engine, handoff_id: int) -> HandoffDetail:
    with session_scope(engine) as session:
        h, t = _load(session, handoff_id)
        messages = [(m.role, m.author, m.body, m.created_at) for m in t.messages]
        audit = [
            (a.at, a.actor, a.action, a.ok)
            for a in session.execute(
                select(AuditLog).where(AuditLog.ticket_id == t.id).order_by(AuditLog.id)
            ).scalars()
        ]
        return HandoffDetail(
            row=_row(h, t),
            summary=h.summary,
            draft_reply=h.draft_reply,
            details=dict(h.details or {}),
            pending_action=h.pending_action,
            thread_id=h.thread_id or t.thread_id,
            body=t.body,
            messages=messages,
            audit=audit,
        )


def _audit(
    session: Session, reviewer: str, ticket_id: str, action: str, args: dict[str, Any], result: dict[str, Any]
) -> None:
    session.add(
        AuditLog(
            actor=f"reviewer:{reviewer}",
            ticket_id=ticket_id,
            action=f"queue.{action}",
            args=args,
            result=result,
            ok=True,
            duration_ms=0,
        )
    )


def _check_reviewer(reviewer: str) -> str:
    reviewer = reviewer.strip()
    if not reviewer or len(reviewer) > 100:
        raise InputError("a reviewer name is required (1-100 characters)")
    return reviewer


def _take(session: Session, handoff_id: int, reviewer: str) -> tuple[Handoff, Ticket, bool]:
    """Hold the handoff for ``reviewer``: claim it if open (atomically); refuse if held by someone
    else or closed. Returns (handoff, ticket, newly_claimed)."""
    now = utcnow()
    result = session.execute(
        update(Handoff)
        .where(Handoff.id == handoff_id, Handoff.status == "open")
        .values(status="claimed", assignee=reviewer, claimed_at=now)
        .execution_options(synchronize_session=False)
    )
    newly = bool(result.rowcount == 1)  # type: ignore[attr-defined]
    handoff, ticket = _load(session, handoff_id)
    session.refresh(handoff)
    if handoff.status != "claimed":
        raise HandoffConflict(f"handoff {handoff_id} is {handoff.status}; nothing to do")
    if handoff.assignee != reviewer:
        raise HandoffConflict(
            f"handoff {handoff_id} is claimed by {handoff.assignee}",
            hint="ask them, or pick another one from 'supportbot queue list'",
        )
    return handoff, ticket, newly


@contextmanager
def _held(engine: Engine, handoff_id: int, reviewer: str) -> Iterator[tuple[Session, Handoff, Ticket]]:
    reviewer = _check_reviewer(reviewer)
    with session_scope(engine) as session:
        handoff, ticket, newly = _take(session, handoff_id, reviewer)
        if newly:
            _audit(session, reviewer, ticket.id, "claim", {"handoff_id": handoff_id}, {"status": "claimed"})
        yield session, handoff, ticket


def claim(engine: Engine, handoff_id: int, reviewer: str) -> HandoffRow:
    """Claim an open handoff; claiming one's own again is a no-op; someone else's is refused."""
    with _held(engine, handoff_id, reviewer) as (_session, handoff, ticket):
        return _row(handoff, ticket)


def unclaim(engine: Engine, handoff_id: int, reviewer: str) -> HandoffRow:
    """Put a handoff one holds back in the open queue."""
    with _held(engine, handoff_id, reviewer) as (session, handoff, ticket):
        handoff.status, handoff.assignee, handoff.claimed_at = "open", None, None
        _audit(session, reviewer, ticket.id, "unclaim", {"handoff_id": handoff_id}, {"status": "open"})
        return _row(handoff, ticket)


def _close(handoff: Handoff, status: str) -> None:
    handoff.status = status
    handoff.resolved_at = utcnow()


def send_reply(engine: Engine, handoff_id: int, reviewer: str, text: str) -> HandoffRow:
    """Send ``text`` to the customer as the reviewer and close the handoff and the ticket."""
    text = text.strip()
    if not text:
        raise InputError("the reply is empty; nothing was sent")
    with _held(engine, handoff_id, reviewer) as (session, handoff, ticket):
        if handoff.pending_action:
            raise HandoffConflict(
                f"handoff {handoff_id} waits for a decision on {handoff.pending_action.get('tool')}",
                hint="use 'approve' or 'deny' (a reply alone would leave the action pending)",
            )
        now = utcnow()
        session.add(
            TicketMessage(ticket_id=ticket.id, role="agent", author=reviewer, body=text, created_at=now)
        )
        ticket.status, ticket.reply, ticket.finished_at = "resolved", text, now
        _close(handoff, "resolved")
        edited = text != (handoff.draft_reply or "").strip()
        _audit(
            session,
            reviewer,
            ticket.id,
            "reply",
            {"handoff_id": handoff_id, "edited": edited},
            {"chars": len(text)},
        )
        return _row(handoff, ticket)


def resolve(engine: Engine, handoff_id: int, reviewer: str, note: str | None = None) -> HandoffRow:
    """Close the handoff without a message from here (handled elsewhere: phone, helpdesk...)."""
    with _held(engine, handoff_id, reviewer) as (session, handoff, ticket):
        ticket.status, ticket.finished_at = "resolved", utcnow()
        _close(handoff, "resolved")
        _audit(session, reviewer, ticket.id, "resolve", {"handoff_id": handoff_id, "note": note}, {})
        return _row(handoff, ticket)


def return_to_bot(engine: Engine, handoff_id: int, reviewer: str, note: str | None = None) -> HandoffRow:
    """Send the ticket back to the worker queue (fresh attempts) and close the handoff."""
    with _held(engine, handoff_id, reviewer) as (session, handoff, ticket):
        ticket.status, ticket.attempts, ticket.finished_at = "queued", 0, None
        ticket.lease_owner, ticket.lease_expires_at, ticket.last_error = None, None, None
        _close(handoff, "returned")
        _audit(session, reviewer, ticket.id, "return_to_bot", {"handoff_id": handoff_id, "note": note}, {})
        return _row(handoff, ticket)


def decide(
    engine: Engine,
    handoff_id: int,
    reviewer: str,
    *,
    approve: bool,
    runner: AgentRunnerLike,
    note: str | None = None,
) -> TicketOutcome:
    """Approve or deny the pending action: resume the interrupted graph, then record its outcome
    (the reply to the customer, the ticket's status) and close this handoff."""
    reviewer = _check_reviewer(reviewer)
    with _held(engine, handoff_id, reviewer) as (_session, handoff, ticket):
        if not handoff.pending_action:
            raise HandoffConflict(f"handoff {handoff_id} has no pending action to approve or deny")
        thread_id = handoff.thread_id or ticket.thread_id or ticket.id
    outcome = runner.resume(thread_id, approve=approve, reviewer=reviewer, note=note)
    action = "approve" if approve else "deny"
    with session_scope(engine) as session:
        handoff, ticket, _ = _take(session, handoff_id, reviewer)
        _close(handoff, "resolved")
        handoff.pending_action = None
        ticket.status = "processing"
        session.flush()
        persist_outcome(session, ticket, outcome)
        _audit(
            session,
            reviewer,
            ticket.id,
            action,
            {"handoff_id": handoff_id, "note": note, "thread_id": thread_id},
            {
                "outcome": outcome.outcome,
                "escalated": outcome.escalated,
                "tool_calls": len(outcome.tool_calls),
            },
        )
    return outcome


@dataclass
class QueueStats:
    waiting: int = 0
    claimed: int = 0
    by_reason: Counter[str] = field(default_factory=Counter)
    by_age: dict[str, int] = field(default_factory=lambda: {name: 0 for name, _ in AGE_BUCKETS})
    oldest: HandoffRow | None = None
    overdue: int = 0


def queue_stats(engine: Engine) -> QueueStats:
    stats = QueueStats()
    now = utcnow()
    for row in list_handoffs(engine, sort="age", limit=1_000_000):
        stats.by_reason[row.reason] += 1
        if row.status == "claimed":
            stats.claimed += 1
        else:
            stats.waiting += 1
            if stats.oldest is None:
                stats.oldest = row
        hours = row.age(now).total_seconds() / 3600
        bucket = next(name for name, limit in AGE_BUCKETS if hours < limit)
        stats.by_age[bucket] += 1
        if row.sla_due_at is not None and row.sla_due_at < now:
            stats.overdue += 1
    return stats
