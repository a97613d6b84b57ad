"""Saving a reply fails (the disk is full, or the write is refused): the transaction rolls back,
nothing half-written remains, and the ticket is retried until it is answered exactly once, or,
when the failure is permanent, dead-lettered to a human. Failures are injected with a trigger in
the test's own PostgreSQL schema, raising SQLSTATE 53100 (disk_full) or 23514 (check_violation)."""

from __future__ import annotations

import io
import logging

import pytest
from sqlalchemy import func, select, text

from supportbot.db.engine import create_db_engine, session_scope
from supportbot.db.models import AuditLog, Customer, Handoff, Order, Payment, Ticket, TicketMessage
from supportbot.interfaces.intake import NewTicket, add_ticket
from supportbot.interfaces.worker import Worker
from supportbot.privacy import configure_logging, find_leaks
from supportbot.settings import load_settings
from tests.reliability.conftest import make_runner, reliability_settings
from tests.reliability.faults import enqueue_real_tickets, invariants

pytestmark = [pytest.mark.postgres, pytest.mark.slow]

NOAH = "noah.brown7922@example.com"


def _install_failing_trigger(url: str, errcode: str, times: int, ticket_id: str | None = None) -> None:
    only = f"AND NEW.ticket_id = '{ticket_id}'" if ticket_id else ""
    engine = create_db_engine(url)
    with engine.begin() as conn:
        conn.execute(text("CREATE SEQUENCE reply_write_attempts"))
        conn.execute(
            text(
                f"""
                CREATE FUNCTION fail_reply_write() RETURNS trigger AS $$
                BEGIN
                  IF NEW.role = 'bot' {only} AND nextval('reply_write_attempts') <= {times} THEN
                    RAISE EXCEPTION 'could not extend file: No space left on device'
                      USING ERRCODE = '{errcode}';
                  END IF;
                  RETURN NEW;
                END $$ LANGUAGE plpgsql
                """
            )
        )
        conn.execute(
            text(
                "CREATE TRIGGER fail_reply_write BEFORE INSERT ON ticket_messages "
                "FOR EACH ROW EXECUTE FUNCTION fail_reply_write()"
            )
        )
    engine.dispose()


def _attempts(url: str) -> int:
    engine = create_db_engine(url)
    with engine.connect() as conn:
        value = conn.execute(text("SELECT last_value FROM reply_write_attempts")).scalar_one()
    engine.dispose()
    return int(value)


def _run_one_ticket(url: str) -> tuple[Worker, BaseException | None]:
    with session_scope(create_db_engine(url)) as s:
        add_ticket(s, NewTicket(id="w-1", customer_email=NOAH, body="Where is my order #W7678072?"))
    settings = reliability_settings(url, worker={"lease_s": 30, "max_attempts": 3})
    runner = make_runner(settings)
    worker = Worker(runner.engine, settings, runner.run_many, exit_when_idle=True)
    error: BaseException | None = None
    try:
        worker.run()
    except BaseException as exc:  # reported by the caller
        error = exc
    finally:
        runner.close()
    return worker, error


def test_disk_full_while_saving_reply_rolls_back_and_retries(pg_url: str) -> None:
    _install_failing_trigger(pg_url, "53100", times=2)
    stream = io.StringIO()
    root = logging.getLogger()
    saved = list(root.handlers), root.level
    configure_logging(load_settings(), stream=stream)  # the worker's masked JSON logs
    try:
        _worker, error = _run_one_ticket(pg_url)
    finally:
        for h in list(root.handlers):
            root.removeHandler(h)
        for h in saved[0]:
            root.addHandler(h)
        root.setLevel(saved[1])
    logged = stream.getvalue()
    # the failed INSERT's SQL parameters (the reply text) are in the warning; no personal data is
    assert logged.count("database write failed; retrying") >= 2
    assert find_leaks(logged, [NOAH, "986 Sunset Drive", "80279"]) == [], logged[-2000:]
    assert error is None, f"worker crashed: {error!r}"
    assert _attempts(pg_url) >= 3  # two refused writes, then the successful one
    engine = create_db_engine(pg_url)
    with session_scope(engine) as s:
        row = s.get(Ticket, "w-1")
        assert row is not None and row.status in ("resolved", "asked")
        replies = s.scalar(
            select(func.count())
            .select_from(TicketMessage)
            .where(TicketMessage.ticket_id == "w-1", TicketMessage.role == "bot")
        )
    assert replies == 1
    assert invariants().check_invariants(engine, ["w-1"]).ok
    engine.dispose()


def test_permanently_refused_write_dead_letters_the_ticket(pg_url: str) -> None:
    _install_failing_trigger(pg_url, "23514", times=10**6)
    _worker, error = _run_one_ticket(pg_url)
    assert error is None, f"worker crashed: {error!r}"
    engine = create_db_engine(pg_url)
    with session_scope(engine) as s:
        row = s.get(Ticket, "w-1")
        assert row is not None and row.status == "dead", row.status if row else None
        assert (
            s.scalar(
                select(func.count())
                .select_from(TicketMessage)
                .where(TicketMessage.ticket_id == "w-1", TicketMessage.role == "bot")
            )
            == 0
        )
        assert s.scalar(select(func.count()).select_from(Handoff).where(Handoff.ticket_id == "w-1")) == 1
    report = invariants().check_invariants(engine, ["w-1"])
    assert report.ok, "\n".join(report.lines())
    engine.dispose()


def test_refused_cancellation_reply_acts_once_and_the_worker_goes_on(pg_url: str) -> None:
    """The reply to a cancellation is refused on every attempt: the order is cancelled once (the
    retries find the action under its idempotency key), the ticket is dead-lettered to a person,
    and the same worker answers the other tickets of the queue."""
    engine = create_db_engine(pg_url)
    ids = enqueue_real_tickets(engine, n_status=2, n_cancel=0, prefix="r")
    with session_scope(engine) as s:  # a pending order the bot may cancel without an approval
        order_id, email = s.execute(
            select(Order.id, Customer.email)
            .join(Customer, Customer.id == Order.customer_id)
            .join(Payment, Payment.order_id == Order.id)
            .where(Order.status == "pending", Payment.kind == "payment")
            .group_by(Order.id, Customer.email)
            .having(func.sum(Payment.amount) < 300)
            .order_by(Order.id)
            .limit(1)
        ).one()
        body = f"Please cancel my order {order_id}, I ordered it by mistake."
        add_ticket(s, NewTicket(id="r-cancel-0", customer_email=email, body=body))
    ids.append("r-cancel-0")
    _install_failing_trigger(pg_url, "23514", times=10**6, ticket_id="r-cancel-0")
    settings = reliability_settings(pg_url, worker={"lease_s": 30, "max_attempts": 3, "batch_size": 2})
    runner = make_runner(settings)
    try:
        stats = Worker(runner.engine, settings, runner.run_many, exit_when_idle=True).run()
    finally:
        runner.close()
        runner.engine.dispose()
    assert stats.dead == 1 and stats.processed == 2 and stats.retried == 2
    with session_scope(engine) as s:
        cancel = s.get(Ticket, "r-cancel-0")
        assert cancel is not None and cancel.status == "dead" and cancel.attempts == 3
        assert cancel.last_error is not None and "CheckViolation" in cancel.last_error
        assert "\n" not in cancel.last_error and "INSERT" not in cancel.last_error  # no SQL, no reply text
        assert [t.status for t in (s.get(Ticket, "r-status-0"), s.get(Ticket, "r-status-1"))] == [
            "resolved",
            "resolved",
        ]
        audit = s.execute(select(AuditLog).where(AuditLog.ticket_id == "r-cancel-0")).scalars().all()
        cancellations = [a for a in audit if a.action == "cancel_order" and a.ok]
        assert len(cancellations) >= 1, [(a.action, a.ok) for a in audit]
        assert {a.args["order_id"] for a in cancellations} == {order_id}
        order = s.get(Order, order_id)
        assert order is not None and order.status == "cancelled"
        handoff = s.execute(select(Handoff).where(Handoff.ticket_id == "r-cancel-0")).scalar_one()
        assert handoff.reason == "dead_letter"
    report = invariants().check_invariants(engine, ids)
    assert report.ok, "\n".join(report.lines())
    assert report.actions == 1  # one cancellation, never repeated by the two retries
    engine.dispose()


def test_chat_reply_saved_through_a_full_disk(pg_url: str) -> None:
    """A chat turn's reply hits a full disk twice: the turn retries the write and the customer gets
    the reply, stored once."""
    from supportbot.interfaces.chat import ChatSession, Reply

    _install_failing_trigger(pg_url, "53100", times=2)
    runner = make_runner(reliability_settings(pg_url))
    try:
        session = ChatSession(runner, runner.engine, NOAH, runner.settings)
        reply, _outcome = list(session.send("Where is my order #W7678072?"))
    finally:
        runner.close()
        runner.engine.dispose()
    assert isinstance(reply, Reply) and "#W7678072" in reply
    assert _attempts(pg_url) >= 3
    engine = create_db_engine(pg_url)
    with session_scope(engine) as s:
        row = s.get(Ticket, session.thread_id)
        assert row is not None and row.status == "resolved" and row.reply == reply
        bodies = s.execute(
            select(TicketMessage.body).where(TicketMessage.ticket_id == row.id, TicketMessage.role == "bot")
        ).scalars()
        assert list(bodies) == [reply]
    engine.dispose()
