"""Several workers sharing one PostgreSQL queue (FOR UPDATE SKIP LOCKED + leases)."""

from __future__ import annotations

import datetime as dt
import threading
import time

import pytest
from sqlalchemy import Engine, create_engine, func, select, text

from supportbot.db.engine import create_db_engine, session_scope
from supportbot.db.models import Handoff, Ticket, TicketMessage
from supportbot.interfaces import ticket_queue
from supportbot.interfaces.worker import Worker
from supportbot.settings import Settings

from .helpers import KeywordProcessor, enqueue

pytestmark = pytest.mark.postgres


def _settings(settings: Settings, **worker: object) -> Settings:
    base = {"batch_size": 8, "backoff_base_s": 0.01, "backoff_max_s": 0.05, "poll_interval_s": 0.05}
    base.update(worker)
    return settings.model_copy(update={"worker": settings.worker.model_copy(update=base)})


def _run_workers(engine: Engine, settings: Settings, process: KeywordProcessor, n: int) -> list[Worker]:
    workers = [Worker(engine, settings, process, exit_when_idle=True, worker_id=f"w{i}") for i in range(n)]
    threads = [threading.Thread(target=w.run) for w in workers]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert not any(t.is_alive() for t in threads)
    return workers


def _assert_exactly_once(engine: Engine, n_tickets: int, n_escalated: int) -> None:
    with session_scope(engine) as s:
        statuses = dict(s.execute(select(Ticket.status, func.count()).group_by(Ticket.status)).all())  # type: ignore[arg-type]
        expected = {"resolved": n_tickets - n_escalated, "escalated": n_escalated}
        assert statuses == {k: v for k, v in expected.items() if v}
        per_ticket = s.execute(
            select(TicketMessage.ticket_id, func.count())
            .where(TicketMessage.role == "bot")
            .group_by(TicketMessage.ticket_id)
        ).all()
        assert len(per_ticket) == n_tickets and {c for _, c in per_ticket} == {1}
        assert s.execute(select(func.count()).select_from(Handoff)).scalar_one() == n_escalated


@pytest.mark.parametrize("n_workers", [2, pytest.param(4, marks=pytest.mark.slow)])
def test_workers_share_500_tickets_each_processed_once(
    pg_queue_url: str, settings: Settings, n_workers: int
) -> None:
    engine = create_db_engine(pg_queue_url)
    enqueue(engine, ["I want a human" if i % 10 == 0 else f"where is order {i}" for i in range(500)])
    process = KeywordProcessor()
    workers = _run_workers(engine, _settings(settings), process, n_workers)
    assert len(process.calls) == 500 and set(process.calls.values()) == {1}
    assert sum(w.stats.processed for w in workers) == 500
    assert all(w.stats.processed > 0 for w in workers), [w.stats.processed for w in workers]
    _assert_exactly_once(engine, 500, 50)
    engine.dispose()


def test_crashed_workers_lease_expires_and_another_worker_takes_over(
    pg_queue_url: str, settings: Settings
) -> None:
    engine = create_db_engine(pg_queue_url)
    enqueue(engine, [f"ticket {i}" for i in range(20)])
    s1 = _settings(settings, lease_s=1.0, batch_size=5)
    crashed = ticket_queue.claim(engine, "crashed", s1, 5)  # claims, then "dies" without a word
    assert len(crashed) == 5
    assert ticket_queue.claim(engine, "peer", s1, 100)  # gets the other 15, not the leased 5
    with session_scope(engine) as s:
        s.execute(
            text(
                "UPDATE tickets SET status='queued', lease_owner=NULL, lease_expires_at=NULL, attempts=0 WHERE lease_owner='peer'"
            )
        )
    time.sleep(1.2)  # the crashed worker's lease runs out (database clock)
    process = KeywordProcessor()
    _run_workers(engine, s1, process, 2)
    assert len(process.calls) == 20
    _assert_exactly_once(engine, 20, 0)
    with session_scope(engine) as s:
        attempts = dict(s.execute(select(Ticket.id, Ticket.attempts)).all())  # type: ignore[arg-type]
        assert sorted(attempts[c.id] for c in crashed) == [2] * 5
    engine.dispose()


def test_database_connections_killed_mid_run_lose_and_duplicate_nothing(
    pg_queue_url: str, settings: Settings
) -> None:
    """The database drops every worker connection several times during the run: the workers back
    off, reconnect, and every ticket is still answered exactly once."""
    app = "sbt_kill_test"
    engine = create_db_engine(f"{pg_queue_url}&application_name={app}")
    enqueue(engine, ["I want a human" if i % 5 == 0 else f"order {i}" for i in range(200)])
    admin = create_engine(pg_queue_url)
    stop = threading.Event()
    kills = [0]

    def killer() -> None:
        while not stop.wait(0.15):
            with admin.begin() as conn:
                kills[0] += len(
                    conn.execute(
                        text(
                            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                            "WHERE application_name = :app AND pid <> pg_backend_pid()"
                        ),
                        {"app": app},
                    ).all()
                )

    def slow(batch: list) -> list:  # type: ignore[type-arg]
        time.sleep(0.02)
        return process(batch)

    process = KeywordProcessor()
    thread = threading.Thread(target=killer)
    thread.start()
    s1 = _settings(settings, lease_s=2.0, batch_size=4)
    workers = [Worker(engine, s1, slow, exit_when_idle=False, worker_id=f"k{i}") for i in range(2)]
    threads = [threading.Thread(target=w.run) for w in workers]
    for t in threads:
        t.start()
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        with session_scope(create_db_engine(pg_queue_url)) as s:
            left = s.execute(
                select(func.count()).select_from(Ticket).where(Ticket.status.in_(("queued", "processing")))
            ).scalar_one()
        if left == 0:
            break
        if time.monotonic() > deadline - 80:
            stop.set()  # stop killing after ~10 s so the run can finish
        time.sleep(0.5)
    stop.set()
    for w in workers:
        w.request_stop()
    for t in [*threads, thread]:
        t.join(timeout=60)
    assert kills[0] > 0
    _assert_exactly_once(create_db_engine(pg_queue_url), 200, 40)
    engine.dispose()
    admin.dispose()


def test_claim_uses_the_database_clock(pg_queue_url: str, settings: Settings) -> None:
    engine = create_db_engine(pg_queue_url)
    enqueue(engine, ["x"])
    (claimed,) = ticket_queue.claim(engine, "w", _settings(settings, lease_s=30), 1)
    with session_scope(engine) as s:
        row = s.get(Ticket, claimed.id)
        db_time = s.execute(text("SELECT now()")).scalar_one()
        assert row is not None and row.lease_expires_at is not None
        assert abs((row.lease_expires_at - db_time) - dt.timedelta(seconds=30)) < dt.timedelta(seconds=5)
    engine.dispose()
