"""Reviewer operations on the handoff queue, over outcomes recorded by a real worker run."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import Engine, select

from supportbot.db.engine import create_db_engine, session_scope
from supportbot.db.models import AuditLog, Handoff, Ticket, TicketMessage
from supportbot.errors import InputError
from supportbot.interfaces import handoffs
from supportbot.interfaces.worker import Worker
from supportbot.settings import Settings

from .helpers import KeywordProcessor, enqueue


@pytest.fixture
def queue(sqlite_url: str, settings: Settings) -> Engine:
    """Four handoffs: two human_requested, one needs_approval, one dead-letter."""
    engine = create_db_engine(sqlite_url)
    enqueue(engine, ["I want a human please", "human now!", "refund me", "explode", "fine"])
    fast = settings.model_copy(
        update={"worker": settings.worker.model_copy(update={"max_attempts": 1, "poll_interval_s": 0.01})}
    )
    Worker(engine, fast, KeywordProcessor(), exit_when_idle=True).run()
    return engine


def _audit(engine: Engine) -> list[tuple[str, str]]:
    with session_scope(engine) as s:
        return [(a.actor, a.action) for a in s.execute(select(AuditLog).order_by(AuditLog.id)).scalars()]


def test_list_filters_and_sorts(queue: Engine) -> None:
    rows = handoffs.list_handoffs(queue)
    assert [r.ticket_id for r in rows] == ["t-0000", "t-0001", "t-0002", "t-0003"]
    assert {r.reason for r in handoffs.list_handoffs(queue, reasons=["human_requested"])} == {
        "human_requested"
    }
    assert [r.intent for r in handoffs.list_handoffs(queue, intents=["get_refund"])] == ["get_refund"]
    by_sla = handoffs.list_handoffs(queue, sort="sla")
    due = [r.sla_due_at for r in by_sla]
    assert due == sorted(due)  # type: ignore[type-var]
    assert handoffs.list_handoffs(queue, older_than=dt.timedelta(hours=1)) == []
    with session_scope(queue) as s:
        h = s.execute(select(Handoff).where(Handoff.ticket_id == "t-0002")).scalar_one()
        h.created_at = dt.datetime.now(dt.UTC) - dt.timedelta(hours=3)
    assert [r.ticket_id for r in handoffs.list_handoffs(queue, older_than=handoffs.parse_age("2h"))] == [
        "t-0002"
    ]
    with pytest.raises(InputError):
        handoffs.parse_age("soon")


def test_claim_is_exclusive_and_audited(queue: Engine) -> None:
    first = handoffs.list_handoffs(queue)[0]
    assert handoffs.claim(queue, first.id, "alice").assignee == "alice"
    assert handoffs.claim(queue, first.id, "alice").assignee == "alice"  # idempotent for the holder
    with pytest.raises(handoffs.HandoffConflict, match="claimed by alice"):
        handoffs.claim(queue, first.id, "bob")
    with pytest.raises(handoffs.HandoffConflict):
        handoffs.send_reply(queue, first.id, "bob", "hi")
    handoffs.unclaim(queue, first.id, "alice")
    assert handoffs.claim(queue, first.id, "bob").assignee == "bob"
    assert _audit(queue) == [
        ("reviewer:alice", "queue.claim"),
        ("reviewer:alice", "queue.unclaim"),
        ("reviewer:bob", "queue.claim"),
    ]


def test_concurrent_claims_have_one_winner(queue: Engine) -> None:
    import threading

    target = handoffs.list_handoffs(queue)[0].id
    winners: list[str] = []
    barrier = threading.Barrier(4)

    def grab(name: str) -> None:
        barrier.wait()
        try:
            handoffs.claim(queue, target, name)
            winners.append(name)
        except handoffs.HandoffConflict:
            pass

    threads = [threading.Thread(target=grab, args=(f"r{i}",)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(winners) == 1


def test_reply_resolves_ticket_and_handoff(queue: Engine) -> None:
    h = handoffs.list_handoffs(queue, reasons=["human_requested"])[0]
    detail = handoffs.get_handoff(queue, h.id)
    assert detail.draft_reply and detail.summary == "Customer wants a person."
    assert [m[0] for m in detail.messages] == ["customer", "bot"]
    handoffs.send_reply(queue, h.id, "carol", "Hi! I have refunded you.")
    with session_scope(queue) as s:
        ticket = s.get(Ticket, h.ticket_id)
        assert (
            ticket is not None and ticket.status == "resolved" and ticket.reply == "Hi! I have refunded you."
        )
        last = (
            s.execute(
                select(TicketMessage)
                .where(TicketMessage.ticket_id == h.ticket_id)
                .order_by(TicketMessage.id.desc())
            )
            .scalars()
            .first()
        )
        assert last is not None and (last.role, last.author) == ("agent", "carol")
        assert s.get(Handoff, h.id).status == "resolved"  # type: ignore[union-attr]
    assert ("reviewer:carol", "queue.reply") in _audit(queue)
    with pytest.raises(handoffs.HandoffConflict, match="resolved"):
        handoffs.send_reply(queue, h.id, "carol", "again")
    with pytest.raises(InputError, match="empty"):
        handoffs.send_reply(queue, handoffs.list_handoffs(queue)[0].id, "carol", "   ")


def test_pending_action_needs_a_decision_not_a_reply(queue: Engine) -> None:
    h = handoffs.list_handoffs(queue, reasons=["needs_approval"])[0]
    assert h.has_pending_action
    with pytest.raises(handoffs.HandoffConflict, match="decision"):
        handoffs.send_reply(queue, h.id, "dave", "ok")


def test_return_to_bot_requeues_and_resolve_closes(queue: Engine, settings: Settings) -> None:
    dead = handoffs.list_handoffs(queue, reasons=["dead_letter"])[0]
    handoffs.return_to_bot(queue, dead.id, "erin", note="model fixed")
    with session_scope(queue) as s:
        ticket = s.get(Ticket, dead.ticket_id)
        assert ticket is not None and (ticket.status, ticket.attempts) == ("queued", 0)
    other = handoffs.list_handoffs(queue)[0]
    handoffs.resolve(queue, other.id, "erin", note="called them")
    stats = handoffs.queue_stats(queue)
    assert stats.waiting == 2 and stats.claimed == 0
    assert sum(stats.by_age.values()) == 2 and stats.by_age["<1h"] == 2
    assert stats.oldest is not None
    actions = [a for _, a in _audit(queue)]
    assert (
        actions.count("queue.claim") == 2 and "queue.return_to_bot" in actions and "queue.resolve" in actions
    )
