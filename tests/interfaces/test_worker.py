"""Worker mechanics on SQLite (single worker) with a real keyword processing function."""

from __future__ import annotations

import datetime as dt
import threading
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select

from supportbot.db.engine import create_db_engine, session_scope
from supportbot.db.models import Handoff, Ticket, TicketMessage
from supportbot.interfaces import ticket_queue
from supportbot.interfaces.worker import Worker, WorkerAlreadyRunning, single_sqlite_worker
from supportbot.settings import Settings

from .helpers import KeywordProcessor, enqueue


def _settings(settings: Settings, **worker: object) -> Settings:
    base = {"batch_size": 4, "backoff_base_s": 0.01, "backoff_max_s": 0.02, "poll_interval_s": 0.05}
    base.update(worker)
    return settings.model_copy(update={"worker": settings.worker.model_copy(update=base)})


def _statuses(engine: Engine) -> dict[str, int]:
    with session_scope(engine) as s:
        return dict(s.execute(select(Ticket.status, func.count()).group_by(Ticket.status)).all())  # type: ignore[arg-type]


@pytest.fixture
def engine(sqlite_url: str) -> Engine:
    return create_db_engine(sqlite_url)


def test_worker_processes_every_ticket_once_in_batches(engine: Engine, settings: Settings) -> None:
    bodies = ["where is it"] * 6 + ["which one?"] * 3 + ["I want a human"] * 2
    ids = enqueue(engine, bodies)
    process = KeywordProcessor()
    stats = Worker(engine, _settings(settings), process, exit_when_idle=True).run()
    assert stats.processed == len(ids)
    assert set(process.calls.values()) == {1}
    assert max(process.batches) == 4  # batched generation
    assert _statuses(engine) == {"resolved": 6, "asked": 3, "escalated": 2}
    with session_scope(engine) as s:
        assert s.execute(select(func.count()).select_from(Handoff)).scalar_one() == 2
        replies = s.execute(
            select(func.count()).select_from(TicketMessage).where(TicketMessage.role == "bot")
        )
        assert replies.scalar_one() == len(ids)
    assert "tickets/h" in stats.line()


def test_transient_failures_are_retried_then_succeed(engine: Engine, settings: Settings) -> None:
    enqueue(engine, ["ok", "explode now", "fine"])
    # Attempt 1: the batch call fails, then the ticket alone (2 calls); attempt 2 fails; attempt 3 works.
    process = KeywordProcessor(fail_times=3)
    worker = Worker(engine, _settings(settings, max_attempts=3), process, max_tickets=3)
    threading.Timer(5, worker.request_stop).start()  # safety net: never hang the suite
    result = worker.run()
    assert result.retried == 2 and result.dead == 0
    assert _statuses(engine) == {"resolved": 3}
    with session_scope(engine) as s:
        row = s.get(Ticket, "t-0001")
        assert row is not None and row.attempts == 3 and row.last_error is None


def test_dead_letter_after_max_attempts(engine: Engine, settings: Settings) -> None:
    enqueue(engine, ["explode", "fine"])
    worker = Worker(engine, _settings(settings, max_attempts=2), KeywordProcessor(), max_tickets=2)
    threading.Timer(5, worker.request_stop).start()
    stats = worker.run()
    assert stats.dead == 1 and stats.processed == 1
    with session_scope(engine) as s:
        dead = s.get(Ticket, "t-0000")
        assert dead is not None and dead.status == "dead" and dead.attempts == 2
        assert dead.last_error is not None and "boom on t-0000" in dead.last_error
        assert (
            s.execute(select(Handoff.reason).where(Handoff.ticket_id == "t-0000")).scalar_one()
            == "dead_letter"
        )


def test_expired_lease_is_reclaimed_and_answered_once(engine: Engine, settings: Settings) -> None:
    (tid,) = enqueue(engine, ["hello"])
    s1 = _settings(settings, lease_s=60)
    crashed = ticket_queue.claim(engine, "crashed-worker", s1, 5)
    assert [c.id for c in crashed] == [tid]
    assert ticket_queue.claim(engine, "other", s1, 5) == []  # leased: not claimable
    with session_scope(engine) as s:  # time passes: the lease runs out
        row = s.get(Ticket, tid)
        assert row is not None
        row.lease_expires_at = dt.datetime.now(dt.UTC) - dt.timedelta(seconds=1)
    stats = Worker(engine, s1, KeywordProcessor(), exit_when_idle=True, worker_id="rescuer").run()
    assert stats.processed == 1
    with session_scope(engine) as s:
        row = s.get(Ticket, tid)
        assert row is not None and row.status == "resolved" and row.attempts == 2


def test_poison_ticket_that_keeps_killing_workers_is_dead_lettered(
    engine: Engine, settings: Settings
) -> None:
    (tid,) = enqueue(engine, ["hello"])
    s1 = _settings(settings, max_attempts=2)
    for _ in range(2):
        assert ticket_queue.claim(engine, "dies", s1, 1)
        with session_scope(engine) as s:
            row = s.get(Ticket, tid)
            assert row is not None
            row.lease_expires_at = dt.datetime.now(dt.UTC) - dt.timedelta(seconds=1)
    assert ticket_queue.claim(engine, "next", s1, 1) == []
    assert _statuses(engine) == {"dead": 1}


def test_release_returns_unfinished_tickets(engine: Engine, settings: Settings) -> None:
    enqueue(engine, ["a", "b"])
    claimed = ticket_queue.claim(engine, "w", _settings(settings), 5)
    assert ticket_queue.release(engine, "w", [c.id for c in claimed]) == 2
    with session_scope(engine) as s:
        rows = s.execute(select(Ticket)).scalars().all()
        assert {(r.status, r.attempts, r.lease_owner) for r in rows} == {("queued", 0, None)}


def test_one_bad_ticket_does_not_sink_its_batch(engine: Engine, settings: Settings) -> None:
    enqueue(engine, ["a", "explode", "c", "d"])
    worker = Worker(engine, _settings(settings, max_attempts=1), KeywordProcessor(), max_tickets=4)
    stats = worker.run()
    assert (stats.processed, stats.dead) == (3, 1)


def test_second_sqlite_worker_is_refused(engine: Engine) -> None:
    with single_sqlite_worker(engine):
        with (
            pytest.raises(WorkerAlreadyRunning, match="already running") as info,
            single_sqlite_worker(engine),
        ):
            pass
        assert info.value.hint is not None and "PostgreSQL" in info.value.hint
    with single_sqlite_worker(engine):  # released on exit
        pass


def test_sigterm_finishes_the_batch_and_exits(sqlite_url: str) -> None:
    """A real worker process gets SIGTERM mid-run: it stops cleanly, nothing is left processing."""
    import os
    import signal
    import subprocess
    import sys
    import time

    engine = create_db_engine(sqlite_url)
    enqueue(engine, [f"slow ticket {i}" for i in range(40)])
    proc = subprocess.Popen(
        [sys.executable, "-m", "tests.interfaces.sigterm_worker", sqlite_url],
        cwd=Path(__file__).parents[2],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=os.environ.copy(),
    )
    assert proc.stdout is not None
    assert proc.stdout.readline().strip() == "ready"
    time.sleep(1.5)
    proc.send_signal(signal.SIGTERM)
    out, err = proc.communicate(timeout=30)
    assert proc.returncode == 0, err
    done = int(out.split()[-1])
    statuses = _statuses(engine)
    assert statuses.get("processing", 0) == 0
    assert statuses["resolved"] == done and 0 < done < 40
    assert statuses["queued"] == 40 - done


def test_installation_error_stops_the_worker_and_releases_its_tickets(
    engine: Engine, settings: Settings
) -> None:
    from supportbot.errors import ArtifactError

    enqueue(engine, ["a", "b", "c"])

    def broken(_batch: list) -> list:  # type: ignore[type-arg]
        raise ArtifactError("intent model not found")

    with pytest.raises(ArtifactError):
        Worker(engine, _settings(settings), broken, exit_when_idle=True).run()
    with session_scope(engine) as s:
        rows = s.execute(select(Ticket)).scalars().all()
        assert {(r.status, r.attempts) for r in rows} == {("queued", 0)}


def test_second_sigterm_releases_the_batch_at_once(sqlite_url: str) -> None:
    """A batch that would take 60 s: the first SIGTERM waits for it, the second releases it."""
    import os
    import signal
    import subprocess
    import sys
    import time

    engine = create_db_engine(sqlite_url)
    enqueue(engine, ["one", "two"])
    env = {**os.environ, "SIGTERM_WORKER_SLEEP": "60"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "tests.interfaces.sigterm_worker", sqlite_url],
        cwd=Path(__file__).parents[2],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    assert proc.stdout is not None and proc.stdout.readline().strip() == "ready"
    time.sleep(1.0)
    assert _statuses(engine) == {"processing": 2}
    proc.send_signal(signal.SIGTERM)
    time.sleep(0.5)
    assert proc.poll() is None  # still finishing its batch
    started = time.monotonic()
    proc.send_signal(signal.SIGTERM)
    proc.communicate(timeout=30)
    assert time.monotonic() - started < 10
    assert _statuses(engine) == {"queued": 2}
    with session_scope(engine) as s:
        assert {t.attempts for t in s.execute(select(Ticket)).scalars()} == {0}


def test_drain_waits_for_tickets_held_back_by_a_retry_delay(engine: Engine, settings: Settings) -> None:
    """``--drain`` exits on an empty queue, not while a failed ticket waits out its backoff."""
    enqueue(engine, ["explode once", "fine"])
    process = KeywordProcessor(fail_times=2)  # the batch call and the lone retry fail, attempt 2 works
    stats = Worker(
        engine, _settings(settings, backoff_base_s=0.3, backoff_max_s=0.3), process, exit_when_idle=True
    ).run()
    assert stats.retried == 1 and stats.processed == 2
    assert _statuses(engine) == {"resolved": 2}


def test_refused_outcome_write_is_retried_then_dead_lettered(engine: Engine, settings: Settings) -> None:
    """A write the database refuses (not a connection blip) is a failed attempt: the transaction
    rolls back, the ticket is retried, then dead-lettered; the worker goes on with the others."""
    with engine.begin() as conn:
        conn.exec_driver_sql(
            "CREATE TRIGGER refuse_reply BEFORE INSERT ON ticket_messages "
            "WHEN NEW.role = 'bot' AND NEW.ticket_id = 't-0001' "
            "BEGIN SELECT RAISE(ABORT, 'reply refused'); END"
        )
    enqueue(engine, ["a", "b", "c"])
    process = KeywordProcessor()
    stats = Worker(engine, _settings(settings, max_attempts=2), process, exit_when_idle=True).run()
    assert (stats.processed, stats.dead, stats.retried) == (2, 1, 1)
    assert process.calls["t-0001"] == 2
    with session_scope(engine) as s:
        row = s.get(Ticket, "t-0001")
        assert row is not None and row.status == "dead" and row.attempts == 2
        assert row.reply is None and row.last_error == "IntegrityError: reply refused"  # no SQL text
        bot = select(func.count()).select_from(TicketMessage).where(TicketMessage.role == "bot")
        assert s.execute(bot.where(TicketMessage.ticket_id == "t-0001")).scalar_one() == 0
        assert s.execute(bot).scalar_one() == 2
        assert (
            s.execute(select(Handoff.reason).where(Handoff.ticket_id == "t-0001")).scalar_one()
            == "dead_letter"
        )
    assert _statuses(engine) == {"resolved": 2, "dead": 1}


def test_database_away_mid_run_reports_waiting_and_keeps_trying(settings: Settings) -> None:
    """Nothing listens on the database port: the worker neither crashes nor spins; each failed
    claim is reported (for the status line) with a growing, capped backoff until it is stopped."""
    import socket

    from supportbot.interfaces.db_wait import Waiting

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    engine = create_db_engine(f"postgresql+psycopg://postgres@127.0.0.1:{port}/none", connect_timeout_s=1)
    waits: list[Waiting] = []
    worker = Worker(
        engine,
        _settings(settings, backoff_base_s=0.05, backoff_max_s=0.2),
        KeywordProcessor(),
        on_waiting=waits.append,
    )

    def stop_after_four(w: Waiting) -> None:
        waits.append(w)
        if len(waits) >= 4:
            worker.request_stop()

    worker.on_waiting = stop_after_four
    threading.Timer(10, worker.request_stop).start()  # safety net
    stats = worker.run()
    assert stats.processed == 0 and len(waits) == 4
    assert [w.attempt for w in waits] == [1, 2, 3, 4]
    assert all(w.reason == "Connection refused" and w.retry_in_s <= 0.2 for w in waits)
    assert waits[-1].waited_s > 0 and f"127.0.0.1:{port}" in waits[0].error
