"""The review TUI driven with Textual's pilot, over a queue recorded by a real worker run."""

from __future__ import annotations

import asyncio

import pytest
from sqlalchemy import Engine, select

from supportbot.db.engine import create_db_engine, session_scope
from supportbot.db.models import AuditLog, Handoff, Ticket
from supportbot.interfaces import handoffs
from supportbot.interfaces.review_app import ReviewApp
from supportbot.interfaces.worker import Worker
from supportbot.settings import Settings

from .helpers import KeywordProcessor, enqueue


@pytest.fixture
def queue(sqlite_url: str, settings: Settings) -> Engine:
    engine = create_db_engine(sqlite_url)
    enqueue(engine, ["I want a human", "human again", "refund please", "ok"])
    Worker(engine, settings, KeywordProcessor(), exit_when_idle=True).run()
    return engine


def _status(engine: Engine) -> dict[str, tuple[str, str | None]]:
    with session_scope(engine) as s:
        return {h.ticket_id: (h.status, h.assignee) for h in s.execute(select(Handoff)).scalars()}


def test_keyboard_claim_reply_edit_and_conflict(queue: Engine) -> None:
    handoffs.claim(queue, handoffs.list_handoffs(queue)[1].id, "someone-else")

    async def drive() -> None:
        app = ReviewApp(queue, "rita")
        async with app.run_test(size=(140, 45)) as pilot:
            assert len(app.rows) == 3
            assert app.current is not None and app.current.summary == "Customer wants a person."
            await pilot.press("c")  # claim the first (t-0000)
            assert _status(queue)["t-0000"] == ("claimed", "rita")
            await pilot.press("r")  # send the draft as is
            assert _status(queue)["t-0000"][0] == "resolved"
            assert len(app.rows) == 2  # resolved ones leave the list
            await pilot.press("c")  # t-0001 is held by someone else: refused, shown as a notification
            assert _status(queue)["t-0001"] == ("claimed", "someone-else")
            assert any("claimed by someone-else" in n.message for n in app._notifications)
            await pilot.press("down")  # t-0002 (refund, pending approval)
            await pilot.press("r")  # a reply cannot replace the decision
            assert _status(queue)["t-0002"] == ("open", None)  # refused as a whole, claim included
            assert app.current is not None and app.current.pending_action is not None
            await pilot.press("s")  # sort by SLA
            assert app.sort == "sla"
            await pilot.press("f")  # filter: needs_approval only
            assert [r.reason for r in app.rows] == ["needs_approval"]
            await pilot.press("f", "f", "f", "f", "f", "f", "f", "f", "f")  # back to all
            assert app.reason_filter is None

    asyncio.run(drive())


def test_edit_reply_in_modal(queue: Engine) -> None:
    async def drive() -> None:
        app = ReviewApp(queue, "ed")
        async with app.run_test(size=(140, 45)) as pilot:
            await pilot.press("e")
            await pilot.pause()
            area = app.screen.query_one("TextArea")
            area.text = "A person wrote this."  # type: ignore[attr-defined]
            await pilot.press("ctrl+s")
            await pilot.pause()
            with session_scope(queue) as s:
                ticket = s.get(Ticket, "t-0000")
                assert ticket is not None and ticket.reply == "A person wrote this."
            await pilot.press("b")  # return the next one to the bot
            await pilot.press("q")

    asyncio.run(drive())
    with session_scope(queue) as s:
        assert s.get(Ticket, "t-0001").status == "queued"  # type: ignore[union-attr]
        actions = [
            a.action for a in s.execute(select(AuditLog).where(AuditLog.actor == "reviewer:ed")).scalars()
        ]
    assert actions == ["queue.claim", "queue.reply", "queue.claim", "queue.return_to_bot"]
