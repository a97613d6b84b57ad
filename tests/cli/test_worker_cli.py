"""``supportbot ticket import`` + ``supportbot worker --drain`` end to end (real agent, template replies)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import func, select
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
    get_settings.cache_clear()
    return get_settings()


def test_import_then_worker_drains_the_queue(template_settings: Settings, tmp_path: Path) -> None:
    tickets = tmp_path / "t.jsonl"
    tickets.write_text(
        "\n".join(
            json.dumps(t)
            for t in [
                {
                    "id": "w-1",
                    "customer_email": "ethan.nguyen4375@example.com",
                    "body": "Do you accept PayPal?",
                },
                {
                    "id": "w-2",
                    "customer_email": "harper.ito1501@example.com",
                    "body": "What is your return policy?",
                },
                {
                    "id": "w-3",
                    "customer_email": "daiki.silva2239@example.com",
                    "body": "Let me talk to a human agent.",
                },
            ]
        )
    )
    assert runner.invoke(app, ["ticket", "import", str(tickets)]).exit_code == 0
    result = runner.invoke(app, ["worker", "--drain", "--batch-size", "2"])
    assert result.exit_code == 0, result.output
    assert "single worker" in result.output and "stopped: done 3" in result.output
    with session_scope(get_engine(template_settings)) as s:
        statuses = dict(s.execute(select(Ticket.id, Ticket.status)).all())  # type: ignore[arg-type]
        assert statuses == {"w-1": "resolved", "w-2": "resolved", "w-3": "escalated"}
        assert s.execute(select(func.count()).select_from(Handoff)).scalar_one() == 1
        bot = s.execute(select(func.count()).select_from(TicketMessage).where(TicketMessage.role == "bot"))
        assert bot.scalar_one() == 3
