"""A terminal chat conversation with the bot, as one customer.

The conversation is one ticket (channel ``chat``, id = the thread id) so it uses the same graph
and checkpointer as the worker: a follow-up such as ``yes, cancel it`` continues the thread. Each
turn appends the customer's message, reopens the ticket and records the outcome with
:func:`persist_outcome`; an escalated turn puts the conversation in the handoff queue.

What the customer is shown: :meth:`ChatSession.send` yields only the **verified** reply (after the
fact check), never the model's draft. The draft's tokens go, as they are generated, to an optional
``on_draft`` callback, for a transient preview that the caller replaces with the verified reply
(the terminal chat draws it in a Rich live region that is erased). So a draft that fails the check
never becomes part of the conversation, and streaming still shows progress as it happens.

A turn that does not finish (the agent fails, Ctrl-C while it runs) is handed to a person: the
ticket goes ``dead`` with a ``dead_letter`` handoff saying why, so the accepted message is never
left unanswered in ``processing``.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import re
import socket
import uuid
from collections.abc import Callable, Iterator

from sqlalchemy import Engine, select

from supportbot.agent.contract import TicketInput, TicketOutcome
from supportbot.db.engine import session_scope
from supportbot.db.models import Customer, Ticket, TicketMessage, utcnow
from supportbot.errors import InputError
from supportbot.interfaces.db_wait import describe_error, retry_transient
from supportbot.interfaces.intake import MAX_BODY_CHARS, NewTicket, add_ticket, is_email, replace_surrogates
from supportbot.interfaces.outcomes import customer_reply, persist_dead_letter, persist_outcome
from supportbot.interfaces.runner_port import AgentRunnerLike
from supportbot.interfaces.ticket_queue import chat_lease_s, db_now
from supportbot.settings import Settings

log = logging.getLogger("supportbot.chat")

# Terminal escape sequences (arrow keys typed without line editing, pasted colour codes) and
# control characters other than tab and newline: they mean nothing in a message and must not
# reach another terminal (a reviewer's) from the stored ticket.
_ESCAPES = re.compile(r"\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)?|[@-Z\\-_])")
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


CHAT_WRITE_RETRY_S = 15.0  # how long a chat turn retries saving its outcome through a DB blip


class Reply(str):
    """The verified reply of a turn: the only text the customer is shown for good."""


def clean_message(text: str) -> str:
    """The customer's message as it is stored and processed: escape sequences removed, other
    control characters as spaces, undecodable characters (lone surrogates) as U+FFFD."""
    text = _CONTROLS.sub(" ", _ESCAPES.sub("", text))
    return replace_surrogates(text).strip()


def check_message(text: str) -> str:
    """:func:`clean_message`, or :class:`InputError` for an empty or over-long message."""
    message = clean_message(text)
    if not message:
        raise InputError("empty message")
    if len(message) > MAX_BODY_CHARS:
        raise InputError(
            f"message too long: {len(message):,} characters (at most {MAX_BODY_CHARS:,})",
            hint="shorten it, or send the details in several messages",
        )
    return message


def check_email(email: str) -> str:
    """The customer's address, normalised; :class:`InputError` if it is not an e-mail address."""
    value = (email or "").strip().lower()
    if not is_email(value):
        raise InputError(
            f"--as: not an e-mail address: {clean_message(email)[:80]!r}",
            hint="give the customer's e-mail address, e.g. --as noah.brown7922@example.com",
        )
    return value


class ChatSession:
    def __init__(self, runner: AgentRunnerLike, engine: Engine, email: str, settings: Settings) -> None:
        self.runner, self.engine, self.settings = runner, engine, settings
        # No address at all is an anonymous visitor (treated as an unknown customer); anything else
        # must be an e-mail address.
        self.email = check_email(email) if (email or "").strip() else ""
        self.turn = 0
        self.thread_id = self._new_thread()
        self.handed_over = False  # the last turn failed and was handed to a person

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
        """Store the message and mark the conversation ``processing`` under a chat lease: if this
        process dies (or cannot save the outcome) the lease runs out and the next worker claim hands
        the conversation to a person (see :func:`ticket_queue.claim`)."""
        with session_scope(self.engine) as session:
            row = session.get(Ticket, self.thread_id)
            now = utcnow()
            if row is None:
                row = add_ticket(
                    session,
                    NewTicket(
                        id=self.thread_id, customer_email=self.email or None, body=text, channel="chat"
                    ),
                    status="processing",
                )
                assert row is not None
            else:
                session.add(
                    TicketMessage(
                        ticket_id=row.id, role="customer", author=self.email, body=text, created_at=now
                    )
                )
                row.status, row.body, row.updated_at, row.finished_at = "processing", text, now, None
            row.lease_owner = f"chat:{socket.gethostname()}:{os.getpid()}"
            row.lease_expires_at = db_now(session) + dt.timedelta(seconds=chat_lease_s(self.settings))

    def _record(self, outcome: TicketOutcome) -> None:
        """Save the outcome; a database blip is retried for a while (the customer waits)."""

        def write() -> None:
            with session_scope(self.engine) as session:
                row = session.get(Ticket, self.thread_id)
                if row is not None:
                    persist_outcome(session, row, outcome, settings=self.settings)

        retry_transient(write, self.settings, within_s=CHAT_WRITE_RETRY_S)

    def _hand_over(self, exc: BaseException) -> bool:
        """The turn did not finish: hand the conversation to a person (best effort: the database
        may be the thing that failed). Returns whether the handoff was recorded."""
        what = "interrupted (Ctrl-C)" if isinstance(exc, KeyboardInterrupt) else describe_error(exc)
        error = f"chat turn {self.turn} did not finish: {what}; the customer's last message has no answer"
        try:
            with session_scope(self.engine) as session:
                row = session.get(Ticket, self.thread_id)
                return row is not None and persist_dead_letter(session, row, error, settings=self.settings)
        except Exception as db_error:
            log.error(
                "chat turn not handed over",
                extra={"ticket_id": self.thread_id, "error": describe_error(db_error)},
            )
            return False

    def _run(self, ticket: TicketInput, on_draft: Callable[[str], None] | None) -> TicketOutcome:
        outcome: TicketOutcome | None = None
        for piece in self.runner.stream(ticket):
            if isinstance(piece, TicketOutcome):
                outcome = piece
            elif piece and on_draft is not None:
                on_draft(piece)
        if outcome is None:
            raise RuntimeError("the agent finished without an outcome")
        return outcome

    def send(
        self, text: str, on_draft: Callable[[str], None] | None = None
    ) -> Iterator[Reply | TicketOutcome]:
        """One customer message: the verified reply (a :class:`Reply`, when there is one), then
        the outcome, already recorded. ``on_draft`` gets the model's draft as it is generated,
        for a transient preview only.

        Raises :class:`InputError` for an empty or over-long message (nothing is stored, the
        conversation goes on). If the turn fails, the conversation is handed to a person and the
        error is raised."""
        message = check_message(text)
        self.handed_over = False
        self._open_turn(message)
        self.turn += 1
        ticket = TicketInput(
            id=f"{self.thread_id}-{self.turn}",
            customer_email=self.email,
            body=message[: self.settings.agent.max_ticket_chars],
            channel="chat",
            thread_id=self.thread_id,
        )
        try:
            outcome = self._run(ticket, on_draft)
            self._record(outcome)
        except BaseException as exc:
            self.handed_over = self._hand_over(exc)
            raise
        reply = customer_reply(outcome)
        if reply:
            yield Reply(reply)
        yield outcome
