"""The database goes away in the middle of a batch (a TCP proxy we control is stopped, or our own
server connections are terminated with pg_terminate_backend): the worker backs off and resumes,
and every ticket ends exactly once with no double effect. The shared server is never touched."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url

from supportbot.db.engine import create_db_engine
from supportbot.interfaces.worker import Worker
from tests.reliability.conftest import make_runner, reliability_settings
from tests.reliability.faults import count_final, enqueue_real_tickets, invariants, wait_until
from tests.reliability.tcp_proxy import TcpProxy, free_port

pytestmark = pytest.mark.postgres


class WorkerThread(threading.Thread):
    def __init__(self, worker: Worker) -> None:
        super().__init__(daemon=True)
        self.worker = worker
        self.error: BaseException | None = None

    def run(self) -> None:
        try:
            self.worker.run()
        except BaseException as exc:
            self.error = exc


def _with(url: str, **changes: Any) -> str:
    parsed = make_url(url)
    query = dict(parsed.query)
    if "application_name" in changes:
        query["application_name"] = changes.pop("application_name")
    return parsed.set(query=query, **changes).render_as_string(hide_password=False)


def _run_through_outage(
    pg_url: str, worker_url: str, outage: Any, lease_s: float = 20
) -> tuple[Any, list[str], int]:
    direct = create_db_engine(pg_url)
    ids = enqueue_real_tickets(direct, n_status=10, n_cancel=4)
    settings = reliability_settings(
        worker_url, worker={"batch_size": 2, "lease_s": lease_s, "max_attempts": 5}
    )
    runner = make_runner(settings)
    worker = Worker(runner.engine, settings, runner.run_many)
    thread = WorkerThread(worker)
    thread.start()
    try:
        assert wait_until(lambda: count_final(direct, ids) >= 3, 120), "worker made no progress"
        done_before = count_final(direct, ids)
        outage()
        assert wait_until(lambda: count_final(direct, ids) == len(ids), 180), "tickets left unfinished"
    finally:
        worker.request_stop()
        thread.join(60)
        runner.close()
        runner.engine.dispose()
    assert thread.error is None, f"worker crashed: {thread.error!r}"
    report = invariants().check_invariants(direct, ids)
    direct.dispose()
    assert done_before < len(ids), "the outage came after the last ticket"
    return report, ids, done_before


@pytest.mark.slow
def test_proxy_stopped_mid_batch(pg_url: str) -> None:
    proxy = TcpProxy("127.0.0.1", make_url(pg_url).port or 5432)
    proxy.start()

    seen: list[int] = []

    def outage() -> None:
        proxy.stop()
        time.sleep(3)
        seen.append(proxy.connections)
        proxy.start()

    try:
        report, ids, _ = _run_through_outage(pg_url, _with(pg_url, port=proxy.port), outage)
    finally:
        proxy.stop()
    assert proxy.connections > seen[0], "the worker never reconnected"
    assert report.ok, "\n".join(report.lines())
    assert report.tickets == len(ids)
    assert report.actions >= 1  # cancellations really happened, each once


@pytest.mark.slow
def test_outage_longer_than_the_lease(pg_url: str) -> None:
    """The database stays away for 3 lease times: saving an outcome gives up after one lease (the
    worker does not stop), the tickets' leases run out, and they are claimed again and finished
    exactly once when the database is back (their actions found under their idempotency keys)."""
    proxy = TcpProxy("127.0.0.1", make_url(pg_url).port or 5432)
    proxy.start()

    def outage() -> None:
        proxy.stop()
        time.sleep(6)
        proxy.start()

    try:
        report, ids, _ = _run_through_outage(pg_url, _with(pg_url, port=proxy.port), outage, lease_s=2)
    finally:
        proxy.stop()
    assert report.ok, "\n".join(report.lines())
    assert report.tickets == len(ids)


@pytest.mark.slow
def test_server_connections_terminated_mid_batch(pg_url: str) -> None:
    app = f"sbt-fault-{uuid.uuid4().hex[:8]}"
    admin = create_db_engine(pg_url)
    killed: list[int] = []

    def outage() -> None:
        for _ in range(3):  # three times, a second apart: reconnections get cut as well
            with admin.connect() as conn:
                pids = conn.execute(
                    text(
                        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = :a"
                    ),
                    {"a": app},
                ).all()
                killed.extend(1 for row in pids if row[0])
            time.sleep(1)

    try:
        report, ids, _ = _run_through_outage(pg_url, _with(pg_url, application_name=app), outage)
    finally:
        admin.dispose()
    assert killed, "no worker connection was terminated"
    assert report.ok, "\n".join(report.lines())
    assert report.tickets == len(ids)


@pytest.mark.slow
def test_worker_started_while_the_database_is_down(pg_url: str, tmp_path: Path) -> None:
    """``supportbot worker`` started while nothing answers on the database port waits (backing off)
    and then processes the queue once the database is reachable."""
    direct = create_db_engine(pg_url)
    ids = enqueue_real_tickets(direct, n_status=3, n_cancel=1, prefix="start")
    proxy = TcpProxy("127.0.0.1", make_url(pg_url).port or 5432)  # not started: connection refused
    env = {k: v for k, v in os.environ.items() if not k.startswith("SUPPORTBOT_")}
    env.update(
        SUPPORTBOT_CONFIG=str(tmp_path / "none.toml"),
        SUPPORTBOT_DATA_DIR=str(tmp_path / "data"),
        SUPPORTBOT_DB__URL=_with(pg_url, port=proxy.port),
        SUPPORTBOT_DB__CONNECT_TIMEOUT_S="1",
        SUPPORTBOT_LLM__BACKEND="template",
        SUPPORTBOT_WORKER__BACKOFF_BASE_S="0.2",
        SUPPORTBOT_WORKER__BACKOFF_MAX_S="1",
    )
    log = tmp_path / "worker.log"
    with log.open("wb") as out:
        worker = subprocess.Popen(
            [sys.executable, "-m", "supportbot", "worker", "--drain"], env=env, stdout=out, stderr=out
        )
    try:
        time.sleep(8)
        assert worker.poll() is None, f"the worker gave up at once:\n{log.read_text()[-2000:]}"
        proxy.start()
        assert worker.wait(240) == 0, log.read_text()[-2000:]
    finally:
        if worker.poll() is None:
            worker.kill()
        proxy.stop()
    report = invariants().check_invariants(direct, ids)
    direct.dispose()
    assert report.ok and report.tickets == len(ids), "\n".join(report.lines())
    out = log.read_text()
    assert out.count('"message": "database unavailable at start; waiting for it"') == 1, out[-2000:]
    assert f"waiting for the database at 127.0.0.1:{proxy.port} (Connection refused) | attempt 1," in out
    assert "cannot reach the database at" in out  # the logged warning has the whole error
    assert "next try in" in out and "database reachable after" in out
    assert "Traceback" not in out


def _dead_port_env(tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("SUPPORTBOT_")}
    env.update(
        SUPPORTBOT_CONFIG=str(tmp_path / "none.toml"),
        SUPPORTBOT_DATA_DIR=str(tmp_path / "data"),
        SUPPORTBOT_DB__URL=f"postgresql+psycopg://postgres@127.0.0.1:{free_port()}/test",
        SUPPORTBOT_DB__CONNECT_TIMEOUT_S="1",
        SUPPORTBOT_LLM__BACKEND="template",
        SUPPORTBOT_WORKER__BACKOFF_BASE_S="5",
    )
    return env


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
def test_stop_signal_while_waiting_for_the_database_exits_cleanly(
    signum: signal.Signals, tmp_path: Path
) -> None:
    worker = subprocess.Popen(
        [sys.executable, "-m", "supportbot", "worker"],
        env=_dead_port_env(tmp_path),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert worker.stdout is not None
        first = worker.stdout.readline()  # the first status line: it is waiting (a 2.5-5 s backoff)
        assert first.startswith("waiting for the database at 127.0.0.1:"), first
        assert "(Connection refused) | attempt 1, waited 0 s, next try in" in first, first
        worker.send_signal(signum)
        out, err = worker.communicate(timeout=15)
    finally:
        if worker.poll() is None:
            worker.kill()
    assert worker.returncode == 0, err[-2000:]
    assert "worker stopped before it started" in out
    assert "Traceback" not in err
