"""Approve / deny a pending action end to end: worker -> handoff -> reviewer -> resumed graph."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from typer.testing import CliRunner

from supportbot.cli import app
from supportbot.db.engine import get_engine, session_scope
from supportbot.db.models import AuditLog, Order, Ticket
from supportbot.interfaces.handoffs import HandoffConflict, list_handoffs
from supportbot.settings import Settings, get_settings

runner = CliRunner()


@pytest.fixture
def template_settings(sqlite_url: str, monkeypatch: pytest.MonkeyPatch) -> Settings:
    monkeypatch.setenv("SUPPORTBOT_DB__URL", sqlite_url)
    monkeypatch.setenv("SUPPORTBOT_LLM__BACKEND", "template")
    get_settings.cache_clear()
    return get_settings()


def test_approve_and_deny_resume_the_graph(template_settings: Settings) -> None:
    for ticket_id, sender, order in (
        ("big-1", "harper.kim4003@example.com", "#W8121088"),
        ("big-2", "ethan.nguyen4375@example.com", "#W2325029"),
    ):
        added = runner.invoke(
            app,
            [
                "ticket",
                "add",
                "--id",
                ticket_id,
                "--from",
                sender,
                "--body",
                f"Please cancel order {order}, I no longer need it.",
            ],
        )
        assert added.exit_code == 0, added.output
    assert runner.invoke(app, ["worker", "--drain"]).exit_code == 0
    engine = get_engine(template_settings)
    pending = {h.ticket_id: h for h in list_handoffs(engine, reasons=["needs_approval"])}
    assert set(pending) == {"big-1", "big-2"} and all(h.has_pending_action for h in pending.values())

    approved = runner.invoke(
        app, ["queue", "approve", str(pending["big-1"].id), "--as", "maria", "--note", "ok"]
    )
    assert approved.exit_code == 0, approved.output
    assert "approved; ticket big-1" in approved.output
    denied = runner.invoke(app, ["queue", "deny", str(pending["big-2"].id), "--as", "maria"])
    assert denied.exit_code == 0, denied.output
    again = runner.invoke(app, ["queue", "approve", str(pending["big-2"].id), "--as", "tom"])
    assert isinstance(again.exception, HandoffConflict)  # already decided

    with session_scope(engine) as s:
        assert s.get(Order, "#W8121088").status == "cancelled"  # type: ignore[union-attr]
        assert s.get(Order, "#W2325029").status == "pending"  # type: ignore[union-attr]
        for ticket_id in ("big-1", "big-2"):
            ticket = s.get(Ticket, ticket_id)
            assert ticket is not None and ticket.status == "resolved" and ticket.reply
        actions = {
            (a.actor, a.action)
            for a in s.execute(select(AuditLog).where(AuditLog.actor.like("reviewer:%"))).scalars()
        }
        assert {("reviewer:maria", "queue.approve"), ("reviewer:maria", "queue.deny")} <= actions
    assert list_handoffs(engine, reasons=["needs_approval"]) == []
