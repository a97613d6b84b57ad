"""A terminal chat conversation with the bot, as one customer.

The conversation is one ticket (channel ``chat``, id = the thread id) so it uses the same graph
and checkpointer as the worker: a follow-up such as ``yes, cancel it`` continues the thread. Each
turn appends the customer's message, reopens the ticket and records the outcome with
:func:`persist_outcome`; an escalated turn puts the conversation in the handoff queue.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator

from sqlalchemy import Engine, select

from supportbot.agent.contract import TicketInput, TicketOutcome
from supportbot.db.engine import session_scope
from supportbot.db.models import Customer, Ticket, TicketMessage, utcnow
from supportbot.interfaces.intake import NewTicket, add_ticket
from supportbot.interfaces.outcomes import customer_reply, persist_outcome
from supportbot.interfaces.runner_port import AgentRunnerLike
from supportbot.settings import Settings


class Correction(str):
    """The final reply, when it differs from the streamed draft (the fact check replaced it, or
    the turn was escalated): the chat shows this text instead. A ``str``, so callers that only
    collect text still see what the customer was shown."""


class ChatSession:
    def __init__(self, runner: AgentRunnerLike, engine: Engine, email: str, settings: Settings) -> None:
        self.runner, self.engine, self.email, self.settings = runner, engine, email.strip().lower(), settings
        self.turn = 0
        self.thread_id = self._new_thread()

    @staticmethod
    def _new_thread() -> str:
        return f"chat-{uuid.uuid4().hex[:16]}"

    def customer_name(self) -> str | None:
        with session_scope(self.engine) as session:
            customer = session.execute(
                select(Customer).where(Customer.email == self.email)
            ).scalar_one_or_none()
            return customer.name if customer else None

    def reset(self) -> None:
        """Start a new conversation (a new thread and ticket)."""
        self.thread_id = self._new_thread()
        self.turn = 0

    def _open_turn(self, text: str) -> None:
        with session_scope(self.engine) as session:
            row = session.get(Ticket, self.thread_id)
            if row is None:
                add_ticket(
                    session,
                    NewTicket(id=self.thread_id, customer_email=self.email, body=text, channel="chat"),
                    status="processing",
                )
                return
            now = utcnow()
            session.add(
                TicketMessage(ticket_id=row.id, role="customer", author=self.email, body=text, created_at=now)
            )
            row.status, row.body, row.updated_at, row.finished_at = "processing", text, now, None

    def _record(self, outcome: TicketOutcome) -> None:
        with session_scope(self.engine) as session:
            row = session.get(Ticket, self.thread_id)
            if row is not None:
                persist_outcome(session, row, outcome, settings=self.settings)

    def send(self, text: str) -> Iterator[str | TicketOutcome]:
        """Stream the reply to one customer message: text pieces, a :class:`Correction` when the
        final reply is not what was streamed, then the outcome (already recorded)."""
        self.turn += 1
        self._open_turn(text)
        ticket = TicketInput(
            id=f"{self.thread_id}-{self.turn}",
            customer_email=self.email,
            body=text[: self.settings.agent.max_ticket_chars],
            channel="chat",
            thread_id=self.thread_id,
        )
        outcome: TicketOutcome | None = None
        pieces: list[str] = []
        for piece in self.runner.stream(ticket):
            if isinstance(piece, TicketOutcome):
                outcome = piece
            elif piece:
                pieces.append(piece)
                yield piece
        if outcome is None:
            raise RuntimeError("the agent finished without an outcome")
        reply = customer_reply(outcome)
        if not pieces:
            if reply:
                yield reply
        elif reply.strip() != "".join(pieces).strip():
            yield Correction(reply)
        self._record(outcome)
        yield outcome
