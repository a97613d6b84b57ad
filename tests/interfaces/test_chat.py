"""ChatSession: what the customer is shown, input checks, and turns that do not finish
(real agent with template replies, real SQLite)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import select

from supportbot.agent.contract import TicketInput, TicketOutcome
from supportbot.agent.runner import AgentRunner
from supportbot.db.engine import create_db_engine, session_scope
from supportbot.db.models import Handoff, Ticket, TicketMessage
from supportbot.errors import InputError
from supportbot.interfaces.chat import ChatSession, Reply, check_email, check_message, clean_message
from supportbot.settings import load_settings

ETHAN = "ethan.nguyen4375@example.com"


class FailingRunner:
    """The real runner, whose stream fails after its first piece when ``fail`` is set."""

    def __init__(self, runner: AgentRunner) -> None:
        self.runner = runner
        self.fail: BaseException | None = None

    def stream(self, ticket: TicketInput) -> Iterator[str | TicketOutcome]:
        for piece in self.runner.stream(ticket):
            if self.fail is not None:
                yield "a draft that never finishes"
                raise self.fail
            yield piece

    def __getattr__(self, name: str) -> object:
        return getattr(self.runner, name)


@pytest.fixture
def runner(sqlite_url: str) -> Iterator[FailingRunner]:
    settings = load_settings(db={"url": sqlite_url}, llm={"backend": "template"})
    real = AgentRunner(settings, create_db_engine(sqlite_url))
    yield FailingRunner(real)
    real.close()
    real.engine.dispose()


def _session(runner: FailingRunner) -> ChatSession:
    return ChatSession(runner, runner.runner.engine, ETHAN, runner.runner.settings)  # type: ignore[arg-type]


def test_a_turn_yields_the_checked_reply_then_the_recorded_outcome(runner: FailingRunner) -> None:
    session = _session(runner)
    reply, outcome = list(session.send("Do you accept PayPal?"))
    assert isinstance(reply, Reply) and isinstance(outcome, TicketOutcome)
    assert reply == outcome.reply and "PayPal" in reply
    with session_scope(runner.runner.engine) as s:
        row = s.get(Ticket, session.thread_id)
        assert row is not None and row.status == "resolved" and row.reply == reply


@pytest.mark.parametrize("error", [KeyboardInterrupt(), RuntimeError("model crashed")])
def test_a_turn_that_does_not_finish_is_handed_to_a_person(
    runner: FailingRunner, error: BaseException
) -> None:
    session = _session(runner)
    runner.fail = error
    drafts: list[str] = []
    with pytest.raises(type(error)):
        list(session.send("Please cancel my order, I bought it by mistake", on_draft=drafts.append))
    assert drafts == ["a draft that never finishes"] and session.handed_over
    with session_scope(runner.runner.engine) as s:
        row = s.get(Ticket, session.thread_id)
        assert row is not None and row.status == "dead" and row.last_error is not None
        assert "did not finish" in row.last_error
        handoff = s.execute(select(Handoff).where(Handoff.ticket_id == row.id)).scalar_one()
        assert handoff.reason == "dead_letter" and handoff.status == "open"
        roles = s.execute(select(TicketMessage.role).where(TicketMessage.ticket_id == row.id)).scalars().all()
        assert list(roles) == ["customer"]  # the message is kept; no reply was invented
    runner.fail = None  # the conversation goes on
    *_, outcome = session.send("Do you accept PayPal?")
    assert isinstance(outcome, TicketOutcome) and "PayPal" in outcome.reply and not session.handed_over


def test_message_checks() -> None:
    assert clean_message(" a\x00b\x1b[1;31mc\x1b]0;title\x07d\ud800 \r") == "a bcd\ufffd"
    for blank in ("", "  \n\t", "\x1b[A\x1b[B", "\x00\x07"):
        with pytest.raises(InputError, match="empty message"):
            check_message(blank)
    assert check_message("x" * 100_000) == "x" * 100_000
    with pytest.raises(InputError, match=r"message too long: 100,001 characters \(at most 100,000\)"):
        check_message("x" * 100_001)


def test_email_check() -> None:
    assert check_email("  Ethan.Nguyen4375@Example.com ") == ETHAN
    for bad in ("not-an-email", "", "a@b", "x" * 400 + "@example.com", "a b@example.com"):
        with pytest.raises(InputError, match="--as: not an e-mail address"):
            check_email(bad)


def test_oversized_message_stores_nothing(runner: FailingRunner) -> None:
    session = _session(runner)
    with pytest.raises(InputError):
        list(session.send("x" * 100_001))
    assert session.turn == 0
    with session_scope(runner.runner.engine) as s:
        assert s.get(Ticket, session.thread_id) is None


def test_anonymous_visitor_is_an_unknown_customer(runner: FailingRunner) -> None:
    session = ChatSession(runner, runner.runner.engine, "", runner.runner.settings)  # type: ignore[arg-type]
    *_, outcome = session.send("Where is my order #W7678072?")
    assert isinstance(outcome, TicketOutcome) and outcome.customer_id is None
    assert outcome.outcome in ("asked", "escalated")
    with pytest.raises(InputError, match="not an e-mail address"):
        ChatSession(runner, runner.runner.engine, "not-an-email", runner.runner.settings)  # type: ignore[arg-type]


def test_a_chat_turn_whose_process_died_is_handed_over_by_the_next_worker_claim(
    runner: FailingRunner,
) -> None:
    """The chat stored the message and then died (or could not save the reply): once the chat
    lease runs out, a worker's claim dead-letters the conversation to a person, never re-runs it."""
    import datetime as dt

    from supportbot.interfaces import ticket_queue

    session = _session(runner)
    engine, settings = runner.runner.engine, runner.runner.settings
    session._open_turn("Please cancel my order #W9300146")  # the turn starts; the process dies here
    assert ticket_queue.claim(engine, "w", settings, 5) == []  # leased to the chat meanwhile
    with session_scope(engine) as s:
        row = s.get(Ticket, session.thread_id)
        assert row is not None and row.status == "processing" and row.lease_owner is not None
        assert row.lease_owner.startswith("chat:")
        row.lease_expires_at = dt.datetime.now(dt.UTC) - dt.timedelta(seconds=1)  # the lease runs out
    assert ticket_queue.claim(engine, "w", settings, 5) == []  # not handed out to a worker...
    with session_scope(engine) as s:
        row = s.get(Ticket, session.thread_id)
        assert row is not None and row.status == "dead" and row.attempts == 0  # ...but to a person
        assert row.last_error is not None and "chat turn did not finish" in row.last_error
        handoff = s.execute(select(Handoff).where(Handoff.ticket_id == row.id)).scalar_one()
        assert handoff.reason == "dead_letter"
