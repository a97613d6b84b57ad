"""The worker side of the ticket queue: claim with a lease, renew, release, record failures.

A ticket is claimable when it is ``queued`` and not held back by a retry delay
(``lease_expires_at`` then holds the earliest retry time), or ``processing`` with an expired lease
(its worker died). On PostgreSQL the claim uses ``SELECT ... FOR UPDATE SKIP LOCKED`` so any number
of workers on any number of machines share the queue without blocking each other; lease times come
from the database clock so machines need not agree on the time. SQLite allows a single worker.

Every claim counts as an attempt, so a ticket that crashes its worker again and again is
dead-lettered after ``worker.max_attempts`` instead of looping forever.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from sqlalchemy import Engine, and_, func, or_, select, text, update
from sqlalchemy.orm import Session

from supportbot.agent.contract import TicketInput
from supportbot.db.engine import session_scope
from supportbot.db.models import Ticket, utcnow
from supportbot.interfaces.outcomes import persist_dead_letter
from supportbot.settings import Settings


@dataclass(frozen=True)
class ClaimedTicket:
    id: str
    attempts: int
    ticket: TicketInput


def db_now(session: Session) -> dt.datetime:
    """The database's clock on PostgreSQL (shared by all machines), the local UTC clock on SQLite."""
    if session.get_bind().dialect.name == "postgresql":
        value: dt.datetime = session.execute(text("SELECT clock_timestamp()")).scalar_one()
        return value
    return utcnow().replace(tzinfo=None)


CHAT_LEASE_FACTOR = 10


def chat_lease_s(settings: Settings) -> float:
    """How long a chat turn may take before a worker hands the conversation to a person."""
    return CHAT_LEASE_FACTOR * settings.worker.lease_s


def _claimable(now: dt.datetime) -> object:
    return or_(
        and_(
            Ticket.status == "queued", or_(Ticket.lease_expires_at.is_(None), Ticket.lease_expires_at <= now)
        ),
        and_(Ticket.status == "processing", Ticket.lease_expires_at <= now),
    )


def to_input(row: Ticket, max_chars: int) -> TicketInput:
    return TicketInput(
        id=row.id,
        customer_email=row.customer_email,
        subject=row.subject,
        body=row.body[:max_chars],
        channel=row.channel if row.channel in ("email", "chat", "helpdesk", "batch") else "email",
        thread_id=row.thread_id,
    )


def claim(engine: Engine, worker_id: str, settings: Settings, limit: int) -> list[ClaimedTicket]:
    """Lease up to ``limit`` tickets to ``worker_id``, oldest first. Tickets whose attempts are used
    up (their worker kept dying) are dead-lettered here instead of being handed out again."""
    claimed: list[ClaimedTicket] = []
    with session_scope(engine) as session:
        now = db_now(session)
        rows = (
            session.execute(
                select(Ticket)
                .where(_claimable(now))  # type: ignore[arg-type]
                .order_by(Ticket.created_at, Ticket.id)
                .limit(limit)
                .with_for_update(skip_locked=True)
            )
            .scalars()
            .all()
        )
        expires = now + dt.timedelta(seconds=settings.worker.lease_s)
        for row in rows:
            if row.status == "processing" and row.channel == "chat":
                # A chat turn whose process died, or could not save its reply: never re-run it here
                # (the customer has left; its tool calls may have acted), hand it to a person.
                persist_dead_letter(
                    session,
                    row,
                    "the chat turn did not finish: the chat stopped, or could not save its reply, "
                    f"within {chat_lease_s(settings):,.0f} s",
                    settings=settings,
                )
                continue
            if row.status == "processing" and row.attempts >= settings.worker.max_attempts:
                persist_dead_letter(
                    session,
                    row,
                    row.last_error
                    or "the worker processing this ticket stopped without finishing it "
                    f"{row.attempts} time(s) (lease expired)",
                    settings=settings,
                )
                continue
            row.status = "processing"
            row.lease_owner = worker_id
            row.lease_expires_at = expires
            row.attempts = (row.attempts or 0) + 1
            row.updated_at = now
            claimed.append(
                ClaimedTicket(row.id, row.attempts, to_input(row, settings.agent.max_ticket_chars))
            )
    return claimed


def renew(engine: Engine, worker_id: str, ticket_ids: list[str], lease_s: float) -> int:
    """Extend this worker's leases; returns how many are still held."""
    if not ticket_ids:
        return 0
    with session_scope(engine) as session:
        now = db_now(session)
        result = session.execute(
            update(Ticket)
            .where(Ticket.id.in_(ticket_ids), Ticket.lease_owner == worker_id, Ticket.status == "processing")
            .values(lease_expires_at=now + dt.timedelta(seconds=lease_s))
            .execution_options(synchronize_session=False)
        )
        return int(result.rowcount)  # type: ignore[attr-defined]


def release(engine: Engine, worker_id: str, ticket_ids: list[str]) -> int:
    """Give tickets back unprocessed (clean shutdown): queued again, this attempt not counted."""
    if not ticket_ids:
        return 0
    with session_scope(engine) as session:
        result = session.execute(
            update(Ticket)
            .where(Ticket.id.in_(ticket_ids), Ticket.lease_owner == worker_id, Ticket.status == "processing")
            .values(
                status="queued",
                lease_owner=None,
                lease_expires_at=None,
                attempts=func.greatest(Ticket.attempts - 1, 0)
                if engine.dialect.name == "postgresql"
                else func.max(Ticket.attempts - 1, 0),
            )
            .execution_options(synchronize_session=False)
        )
        return int(result.rowcount)  # type: ignore[attr-defined]


def backoff_s(attempt: int, settings: Settings, rng: random.Random | None = None) -> float:
    """Exponential backoff with jitter: base * 2^(attempt-1), capped, times 0.5-1.0."""
    raw = min(settings.worker.backoff_max_s, settings.worker.backoff_base_s * 2 ** max(0, attempt - 1))
    return raw * (0.5 + 0.5 * (rng or random).random())


def record_failure(engine: Engine, worker_id: str, ticket_id: str, error: str, settings: Settings) -> str:
    """After a failed attempt: retry later with backoff, or dead-letter when attempts are used up.
    Returns ``"retry"``, ``"dead"`` or ``"lost"`` (the lease had passed to another worker)."""
    with session_scope(engine) as session:
        row = session.get(Ticket, ticket_id)
        if row is None or row.status != "processing" or row.lease_owner != worker_id:
            return "lost"
        if row.attempts >= settings.worker.max_attempts:
            persist_dead_letter(session, row, error, lease_owner=worker_id, settings=settings)
            return "dead"
        now = db_now(session)
        row.status = "queued"
        row.lease_owner = None
        row.last_error = error[:4000]
        row.lease_expires_at = now + dt.timedelta(seconds=backoff_s(row.attempts, settings))
        row.updated_at = now
        return "retry"


def retries_pending(engine: Engine) -> bool:
    """Whether a ``queued`` ticket is left that no claim returned: it is waiting out its retry
    delay (or another worker is claiming it right now)."""
    with session_scope(engine) as session:
        found = session.execute(select(Ticket.id).where(Ticket.status == "queued").limit(1)).first()
        return found is not None


def queue_depth(engine: Engine) -> int:
    with session_scope(engine) as session:
        return int(
            session.execute(
                select(func.count()).select_from(Ticket).where(Ticket.status.in_(("queued", "processing")))
            ).scalar_one()
        )
