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
from supportbot.db.models import Handoff, Ticket, TicketMessage
from supportbot.interfaces.intake import NewTicket, add_ticket
from supportbot.interfaces.worker import Worker
from supportbot.privacy import configure_logging, find_leaks
from supportbot.settings import load_settings
from tests.reliability.conftest import make_runner, reliability_settings
from tests.reliability.faults import invariants

pytestmark = [pytest.mark.postgres, pytest.mark.slow]

NOAH = "noah.brown7922@example.com"


def _install_failing_trigger(url: str, errcode: str, times: int) -> None:
    engine = create_db_engine(url)
    with engine.begin() as conn:
        conn.execute(text("CREATE SEQUENCE reply_write_attempts"))
        conn.execute(
            text(
                f"""
                CREATE FUNCTION fail_reply_write() RETURNS trigger AS $$
                BEGIN
                  IF NEW.role = 'bot' AND nextval('reply_write_attempts') <= {times} THEN
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


@pytest.mark.xfail(
    strict=True,
    reason="GAP (interfaces): a non-transient error while saving the outcome escapes Worker._record "
    "and stops the worker loop instead of record_failure() -> retry -> dead letter",
)
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
