"""A worker process is killed with SIGKILL in the middle of a ticket, after the ticket's action
(a cancellation with its refund) took effect and before the reply was saved. The lease expires,
another worker finishes the ticket, and the action's idempotency key prevents a second effect.

The kill point is made deterministic without touching the worker: the test holds
``LOCK TABLE ticket_messages IN EXCLUSIVE MODE`` (in its own schema), so saving the reply blocks
until the worker is dead."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import func, select, text

from supportbot.db.engine import create_db_engine, session_scope
from supportbot.db.models import ActionResult, AuditLog, Order, Payment, Ticket, TicketMessage
from supportbot.interfaces.intake import NewTicket, add_ticket
from tests.reliability.faults import invariants, wait_until

pytestmark = [pytest.mark.postgres, pytest.mark.slow]

FATIMA = "fatima.anderson1447@example.com"  # owns #W2974929 (pending)
ORDER = "#W2974929"


def _worker(url: str, tmp_path: Path, name: str, *args: str) -> subprocess.Popen[bytes]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("SUPPORTBOT_")}
    env.update(
        SUPPORTBOT_CONFIG=str(tmp_path / "none.toml"),
        SUPPORTBOT_DATA_DIR=str(tmp_path / "data"),
        SUPPORTBOT_DB__URL=url,
        SUPPORTBOT_LLM__BACKEND="template",
        SUPPORTBOT_WORKER__LEASE_S="4",
        SUPPORTBOT_WORKER__BATCH_SIZE="1",
        SUPPORTBOT_WORKER__POLL_INTERVAL_S="0.2",
    )
    log = (tmp_path / f"{name}.log").open("wb")
    return subprocess.Popen(
        [sys.executable, "-m", "supportbot", "worker", "--id", name, *args], env=env, stdout=log, stderr=log
    )


def _effects(engine) -> tuple[int, int, int, str]:  # type: ignore[no-untyped-def]
    with session_scope(engine) as s:
        cancels = s.scalar(
            select(func.count())
            .select_from(AuditLog)
            .where(AuditLog.action == "cancel_order", AuditLog.ok.is_(True), AuditLog.ticket_id == "kill-1")
        )
        refunds = s.scalar(
            select(func.count())
            .select_from(Payment)
            .where(Payment.order_id == ORDER, Payment.kind == "refund")
        )
        keys = s.scalar(
            select(func.count()).select_from(ActionResult).where(ActionResult.action == "cancel_order")
        )
        order = s.get(Order, ORDER)
        assert order is not None
        return int(cancels or 0), int(refunds or 0), int(keys or 0), order.status


def test_sigkill_mid_ticket_then_lease_expiry_and_no_double_refund(pg_url: str, tmp_path: Path) -> None:
    engine = create_db_engine(pg_url)
    with session_scope(engine) as s:
        add_ticket(
            s,
            NewTicket(
                id="kill-1",
                customer_email=FATIMA,
                body=f"Please cancel my order {ORDER}, I ordered it by mistake.",
            ),
        )
    assert _effects(engine)[:3] == (0, 0, 0)

    blocker = engine.connect()
    blocker.execute(text("LOCK TABLE ticket_messages IN EXCLUSIVE MODE"))
    first = _worker(pg_url, tmp_path, "victim-worker")
    try:
        # the cancellation took effect, and the worker is now stuck saving the reply
        assert wait_until(lambda: _effects(engine)[0] == 1, 120, 0.2), (
            tmp_path / "victim-worker.log"
        ).read_text()
        time.sleep(1.0)
        with session_scope(engine) as s:
            row = s.get(Ticket, "kill-1")
            assert row is not None and row.status == "processing" and row.lease_owner == "victim-worker"
        first.send_signal(signal.SIGKILL)
        first.wait(30)
    finally:
        if first.poll() is None:
            first.kill()
        blocker.rollback()
        blocker.close()
    assert first.returncode == -signal.SIGKILL
    cancels, refunds, keys, status = _effects(engine)
    assert (cancels, keys, status) == (1, 1, "cancelled")
    with session_scope(engine) as s:  # the half-saved reply was rolled back with the dead connection
        assert (
            s.scalar(
                select(func.count())
                .select_from(TicketMessage)
                .where(TicketMessage.ticket_id == "kill-1", TicketMessage.role == "bot")
            )
            == 0
        )
        assert s.get(Ticket, "kill-1").status == "processing"  # type: ignore[union-attr]

    time.sleep(4.5)  # the dead worker's lease expires
    second = _worker(pg_url, tmp_path, "rescue-worker", "--drain")
    assert second.wait(180) == 0, (tmp_path / "rescue-worker.log").read_text()

    with session_scope(engine) as s:
        row = s.get(Ticket, "kill-1")
        assert row is not None
        assert row.status in ("resolved", "asked", "escalated") and row.attempts == 2
        bot_replies = s.scalar(
            select(func.count())
            .select_from(TicketMessage)
            .where(TicketMessage.ticket_id == "kill-1", TicketMessage.role == "bot")
        )
    assert bot_replies == 1
    _cancels_after, refunds_after, keys_after, status_after = _effects(engine)
    assert keys_after == 1 and status_after == "cancelled"
    assert refunds_after == refunds  # no second refund
    report = invariants().check_invariants(engine, ["kill-1"])
    assert report.ok, "\n".join(report.lines())
    engine.dispose()
