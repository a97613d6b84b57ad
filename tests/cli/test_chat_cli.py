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
    assert "check_payment_methods" in out and "route" in out and "checks    passed" in out  # --debug panel
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


def test_as_that_is_not_an_email_is_a_one_line_error(template_settings: Settings) -> None:
    result = runner.invoke(app, ["chat", "--as", "not-an-email"], input="hello\n")
    assert result.exit_code == 2
    assert result.stderr.strip().splitlines() == [
        "error: --as: not an e-mail address: 'not-an-email' (give the customer's e-mail address, "
        "e.g. --as noah.brown7922@example.com)"
    ]
    assert "Traceback" not in result.output and "chatting as" not in result.output


def _tickets(settings: Settings) -> list[Ticket]:
    with session_scope(get_engine(settings)) as s:
        return list(s.execute(select(Ticket).order_by(Ticket.created_at)).scalars().all())


def test_oversized_message_is_refused_and_the_session_goes_on(template_settings: Settings) -> None:
    script = "x" * 100_001 + "\nDo you accept PayPal?\n"
    result = runner.invoke(app, ["chat", "--as", "ethan.nguyen4375@example.com"], input=script)
    assert result.exit_code == 0, result.output[-2000:]
    assert "message too long: 100,001 characters (at most 100,000)" in result.output
    assert "PayPal" in result.output.split("message too long")[1]  # the next message was answered
    (ticket,) = _tickets(template_settings)
    assert ticket.body == "Do you accept PayPal?" and ticket.status == "resolved"


def test_blank_control_and_undecodable_input(template_settings: Settings) -> None:
    """Empty, whitespace-only and escape-sequence-only lines are ignored; control characters and
    undecodable bytes never crash the chat and are stored cleaned."""
    script = b"\n   \t \n\x1b[A\x1b[B\n\x00\x07\nDo you \x00accept\x1b[31m Pay\xffPal?\r\n"
    result = runner.invoke(app, ["chat", "--as", "ethan.nguyen4375@example.com"], input=script)
    assert result.exit_code == 0, result.output[-2000:]
    assert "Traceback" not in result.output
    (ticket,) = _tickets(template_settings)  # only the real message became a turn
    assert ticket.body == "Do you  accept Pay\ufffdPal?"
    assert ticket.status in ("resolved", "asked", "escalated")


def test_ctrl_c_at_the_prompt_leaves_cleanly(
    template_settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    from rich.console import Console

    def interrupted(*_args: object, **_kwargs: object) -> str:
        raise KeyboardInterrupt

    monkeypatch.setattr(Console, "input", interrupted)
    result = runner.invoke(app, ["chat", "--as", "ethan.nguyen4375@example.com"])
    assert result.exit_code == 0 and "bye (conversation chat-" in result.output
    assert _tickets(template_settings) == []
