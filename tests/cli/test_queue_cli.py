"""``supportbot queue`` commands over handoffs recorded by a real worker run."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
from sqlalchemy import Engine, select
from typer.testing import CliRunner

from supportbot.cli import app
from supportbot.db.engine import get_engine, session_scope
from supportbot.db.models import AuditLog, Ticket
from supportbot.interfaces.handoffs import HandoffConflict, list_handoffs
from supportbot.interfaces.worker import Worker
from supportbot.settings import Settings
from tests.interfaces.helpers import KeywordProcessor, enqueue

runner = CliRunner()


@pytest.fixture(autouse=True)
def _wide_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "220")


@pytest.fixture
def queue(sqlite_settings: Settings) -> Engine:
    return _fill(sqlite_settings)


def _fill(settings: Settings) -> Engine:
    engine = get_engine(settings)
    enqueue(engine, ["I want a human", "a human please", "refund me now", "hello"])
    Worker(engine, settings, KeywordProcessor(), exit_when_idle=True).run()
    return engine


@pytest.mark.postgres
def test_list_claim_and_reply_on_postgres(pg_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    from supportbot.settings import get_settings

    monkeypatch.setenv("SUPPORTBOT_DB__URL", pg_url)
    get_settings.cache_clear()
    engine = _fill(get_settings())
    assert (
        "handoff queue (1)"
        in runner.invoke(app, ["queue", "list", "--older-than", "0m", "--intent", "get_refund"]).output
    )
    first = list_handoffs(engine)[0]
    assert runner.invoke(app, ["queue", "claim", str(first.id), "--as", "alice"]).exit_code == 0
    assert isinstance(
        runner.invoke(app, ["queue", "claim", str(first.id), "--as", "bob"]).exception, HandoffConflict
    )
    assert runner.invoke(app, ["queue", "reply", str(first.id), "--as", "alice"]).exit_code == 0
    assert "waiting 2" in runner.invoke(app, ["queue", "stats"]).output


def test_list_show_stats(queue: Engine) -> None:
    listed = runner.invoke(app, ["queue", "list"])
    assert listed.exit_code == 0, listed.output
    assert "handoff queue (3)" in listed.output and "human_requested" in listed.output
    only = runner.invoke(app, ["queue", "list", "--reason", "needs_approval", "--sort", "sla"])
    assert "handoff queue (1)" in only.output and "* waits for approve/deny" in only.output
    assert "handoff queue (0)" in runner.invoke(app, ["queue", "list", "--older-than", "2h"]).output
    assert "handoff queue (1)" in runner.invoke(app, ["queue", "list", "--intent", "get_refund"]).output
    first = list_handoffs(queue)[0]
    shown = runner.invoke(app, ["queue", "show", str(first.id)])
    assert shown.exit_code == 0, shown.output
    for needle in ("Customer wants a person.", "I want a human", "draft reply", "contact_human_agent"):
        assert needle in shown.output
    stats = runner.invoke(app, ["queue", "stats"])
    assert stats.exit_code == 0 and "waiting 3" in stats.output and "oldest waiting: handoff" in stats.output


def test_claim_conflict_and_reply_with_draft(queue: Engine) -> None:
    first = list_handoffs(queue)[0]
    assert runner.invoke(app, ["queue", "claim", str(first.id), "--as", "alice"]).exit_code == 0
    taken = runner.invoke(app, ["queue", "claim", str(first.id), "--as", "bob"])
    assert isinstance(taken.exception, HandoffConflict)
    sent = runner.invoke(app, ["queue", "reply", str(first.id), "--as", "alice"])
    assert sent.exit_code == 0, sent.output
    with session_scope(queue) as s:
        ticket = s.get(Ticket, first.ticket_id)
        assert (
            ticket is not None
            and ticket.status == "resolved"
            and ticket.reply
            and ticket.reply.startswith("Hello")
        )
        actors = {(a.actor, a.action) for a in s.execute(select(AuditLog)).scalars()}
        assert {("reviewer:alice", "queue.claim"), ("reviewer:alice", "queue.reply")} <= actors


def test_reply_edited_in_editor(queue: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    editor = tmp_path / "editor.sh"
    editor.write_text('#!/bin/sh\nprintf "Edited by a person.\\n" > "$1"\n')
    editor.chmod(editor.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setenv("EDITOR", str(editor))
    monkeypatch.setitem(os.environ, "VISUAL", str(editor))
    h = list_handoffs(queue, reasons=["human_requested"])[-1]
    result = runner.invoke(app, ["queue", "reply", str(h.id), "--edit", "--as", "bo"])
    assert result.exit_code == 0, result.output
    with session_scope(queue) as s:
        ticket = s.get(Ticket, h.ticket_id)
        assert ticket is not None and ticket.reply == "Edited by a person."
        edited = s.execute(select(AuditLog).where(AuditLog.action == "queue.reply")).scalar_one()
        assert edited.args["edited"] is True


def test_resolve_and_return_to_bot(queue: Engine) -> None:
    a, b = list_handoffs(queue, reasons=["human_requested"])
    assert runner.invoke(app, ["queue", "resolve", str(a.id), "--note", "phoned", "--as", "x"]).exit_code == 0
    back = runner.invoke(app, ["queue", "return-to-bot", str(b.id), "--as", "x"])
    assert back.exit_code == 0 and "queued for the bot again" in back.output
    with session_scope(queue) as s:
        assert s.get(Ticket, b.ticket_id).status == "queued"  # type: ignore[union-attr]
    missing = runner.invoke(app, ["queue", "show", "999"])
    assert missing.exception is not None and "no handoff" in str(missing.exception)
