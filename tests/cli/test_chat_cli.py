"""``supportbot chat`` driven in-process with scripted input (real agent, template replies)."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from typer.testing import CliRunner

from supportbot.cli import app
from supportbot.db.engine import get_engine, session_scope
from supportbot.db.models import Handoff, Ticket, TicketMessage
from supportbot.settings import Settings, get_settings

runner = CliRunner()


@pytest.fixture
def template_settings(sqlite_url: str, monkeypatch: pytest.MonkeyPatch) -> Settings:
    monkeypatch.setenv("SUPPORTBOT_DB__URL", sqlite_url)
    monkeypatch.setenv("SUPPORTBOT_LLM__BACKEND", "template")
    monkeypatch.setenv("COLUMNS", "200")
    get_settings.cache_clear()
    return get_settings()


def test_chat_turns_debug_reset_escalation_and_quit(template_settings: Settings) -> None:
    script = "Which payment methods do you accept?\n/help\n/reset\nI want to talk to a real person, not a bot.\n/quit\n"
    result = runner.invoke(app, ["chat", "--as", "ethan.nguyen4375@example.com", "--debug"], input=script)
    assert result.exit_code == 0, result.output
    out = result.output
    assert "chatting as Ethan Nguyen <ethan.nguyen4375@example.com>" in out
    assert "PayPal" in out  # the answer to the first turn
    assert "check_payment_methods" in out and "route" in out  # --debug panel
    assert "unknown command /help" in out and "new conversation started" in out
    assert "a person will follow up" in out
    assert "bye (conversation chat-" in out
    with session_scope(get_engine(template_settings)) as s:
        tickets = s.execute(select(Ticket).order_by(Ticket.created_at)).scalars().all()
        assert [t.channel for t in tickets] == ["chat", "chat"]  # /reset started a second conversation
        assert [t.status for t in tickets] == ["resolved", "escalated"]
        handoff = s.execute(select(Handoff)).scalar_one()
        assert handoff.ticket_id == tickets[1].id and handoff.reason == "human_requested"
        roles = (
            s.execute(select(TicketMessage.role).where(TicketMessage.ticket_id == tickets[0].id))
            .scalars()
            .all()
        )
        assert roles == ["customer", "bot"]


def test_follow_up_turn_continues_the_thread(template_settings: Settings) -> None:
    script = "I want to cancel an order.\n#W9300146 please\n"  # then Ctrl-D (end of input)
    result = runner.invoke(app, ["chat", "--as", "aarav.anderson9752@example.com"], input=script)
    assert result.exit_code == 0, result.output
    with session_scope(get_engine(template_settings)) as s:
        ticket = s.execute(select(Ticket)).scalar_one()
        customer_turns = (
            s.execute(
                select(TicketMessage.body).where(
                    TicketMessage.ticket_id == ticket.id, TicketMessage.role == "customer"
                )
            )
            .scalars()
            .all()
        )
        assert customer_turns == ["I want to cancel an order.", "#W9300146 please"]
        assert ticket.result is not None and ticket.result["intent"] == "cancel_order"
        assert ticket.thread_id == ticket.id


def test_unknown_sender_is_told_so(template_settings: Settings) -> None:
    result = runner.invoke(app, ["chat", "--as", "nobody@example.org"], input="")
    assert result.exit_code == 0 and "not a known customer" in result.output
