from __future__ import annotations

import pytest
from sqlalchemy import Engine, select

from supportbot.agent.contract import TicketOutcome
from supportbot.db.engine import create_db_engine, session_scope
from supportbot.db.models import Handoff, Ticket, TicketMessage
from supportbot.interfaces.outcomes import HOLDING_REPLY, persist_dead_letter, persist_outcome

from .helpers import enqueue


@pytest.fixture
def demo_engine(sqlite_url: str) -> Engine:
    """SQLite only: the same writes run on PostgreSQL in the worker tests."""
    return create_db_engine(sqlite_url)


def _processing(engine: Engine, ticket_id: str, owner: str | None = "w1") -> None:
    with session_scope(engine) as s:
        row = s.get(Ticket, ticket_id)
        assert row is not None
        row.status, row.lease_owner = "processing", owner


def test_escalation_writes_reply_status_result_and_handoff_once(demo_engine: Engine) -> None:
    (tid,) = enqueue(demo_engine, ["please cancel"])
    _processing(demo_engine, tid)
    outcome = TicketOutcome(
        id=tid,
        thread_id=tid,
        outcome="escalated",
        intent="cancel_order",
        confidence=0.41,
        language="en",
        escalated=True,
        escalation_reason="low_confidence",
        draft_reply="I can cancel #W2611340 for you.",
    )
    with session_scope(demo_engine) as s:
        row = s.get(Ticket, tid)
        assert row is not None
        assert persist_outcome(s, row, outcome, lease_owner="w1")
    with session_scope(demo_engine) as s:  # a second writer (or a retry) finds nothing to do
        row = s.get(Ticket, tid)
        assert row is not None
        assert not persist_outcome(s, row, outcome, lease_owner="w1")
    with session_scope(demo_engine) as s:
        row = s.get(Ticket, tid)
        assert row is not None
        assert (row.status, row.reply, row.lease_owner) == ("escalated", HOLDING_REPLY, None)
        assert row.result is not None and row.result["intent"] == "cancel_order"
        handoffs = s.execute(select(Handoff).where(Handoff.ticket_id == tid)).scalars().all()
        assert len(handoffs) == 1
        h = handoffs[0]
        assert (h.reason, h.status, h.intent, h.draft_reply) == (
            "low_confidence",
            "open",
            "cancel_order",
            "I can cancel #W2611340 for you.",
        )
        assert h.sla_due_at is not None and h.details is not None and h.details["confidence"] == 0.41
        bot = s.execute(
            select(TicketMessage).where(TicketMessage.ticket_id == tid, TicketMessage.role == "bot")
        )
        assert len(bot.all()) == 1


def test_fence_refuses_a_worker_that_lost_its_lease(demo_engine: Engine) -> None:
    (tid,) = enqueue(demo_engine, ["hello"])
    _processing(demo_engine, tid, owner="w2")
    outcome = TicketOutcome(
        id=tid, thread_id=tid, outcome="resolved", intent="track_order", confidence=1, language="en"
    )
    with session_scope(demo_engine) as s:
        row = s.get(Ticket, tid)
        assert row is not None
        assert not persist_outcome(s, row, outcome, lease_owner="w1")
    with session_scope(demo_engine) as s:
        row = s.get(Ticket, tid)
        assert row is not None and row.status == "processing" and row.reply is None


def test_dead_letter_goes_to_the_human_queue(demo_engine: Engine) -> None:
    (tid,) = enqueue(demo_engine, ["hello"])
    _processing(demo_engine, tid)
    with session_scope(demo_engine) as s:
        row = s.get(Ticket, tid)
        assert row is not None
        assert persist_dead_letter(s, row, "RuntimeError: boom", lease_owner="w1")
    with session_scope(demo_engine) as s:
        row = s.get(Ticket, tid)
        assert row is not None and row.status == "dead" and row.last_error == "RuntimeError: boom"
        h = s.execute(select(Handoff).where(Handoff.ticket_id == tid)).scalar_one()
        assert h.reason == "dead_letter" and "boom" in h.summary
