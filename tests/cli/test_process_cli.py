"""``supportbot process`` end to end with the real agent (template replies keep it fast)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import func, select
from typer.testing import CliRunner

from supportbot.cli import app
from supportbot.db.engine import get_engine, session_scope
from supportbot.db.models import Handoff, Ticket
from supportbot.settings import Settings, get_settings

runner = CliRunner()
KEYS = {
    "id",
    "intent",
    "confidence",
    "entities",
    "tool_calls",
    "reply",
    "escalated",
    "escalation_reason",
    "language",
    "latency_ms",
}


@pytest.fixture
def template_settings(sqlite_url: str, monkeypatch: pytest.MonkeyPatch) -> Settings:
    monkeypatch.setenv("SUPPORTBOT_DB__URL", sqlite_url)
    monkeypatch.setenv("SUPPORTBOT_LLM__BACKEND", "template")
    get_settings.cache_clear()
    return get_settings()


def _input(tmp_path: Path) -> Path:
    lines = [
        json.dumps(
            {
                "id": "p-1",
                "customer_email": "yara.li6570@example.com",
                "subject": "Laptop",
                "body": "Has my laptop order #W3400144 shipped yet?",
            }
        ),
        json.dumps(
            {
                "id": "p-2",
                "customer_email": "ethan.nguyen4375@example.com",
                "subject": None,
                "body": "Which payment methods do you accept?",
            }
        ),
        "this is not json",
        json.dumps({"id": "p-4", "customer_email": None, "subject": "x", "body": ""}),
        json.dumps(
            {
                "id": "p-5",
                "customer_email": "daiki.silva2239@example.com",
                "subject": "human",
                "body": "I don't want a bot. Please let me talk to a real person.",
            }
        ),
    ]
    path = tmp_path / "in.jsonl"
    path.write_text("\n".join(lines) + "\n")
    return path


def test_process_writes_one_line_per_input_and_a_summary(template_settings: Settings, tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    result = runner.invoke(app, ["process", str(_input(tmp_path)), "--out", str(out), "--no-progress"])
    assert result.exit_code == 1, result.output  # two bad lines
    lines = [json.loads(line) for line in out.read_text().splitlines()]
    assert [line.get("id") for line in lines] == ["p-1", "p-2", None, "p-4", "p-5"]
    assert "invalid JSON" in lines[2]["error"] and "body" in lines[3]["error"]
    good = [lines[i] for i in (0, 1, 4)]
    assert all(set(line) == KEYS for line in good), good
    assert (
        lines[0]["intent"] == "track_order"
        and {"type": "order_id", "value": "#W3400144"} in lines[0]["entities"]
    )
    assert lines[1]["intent"] == "check_payment_methods" and lines[1]["reply"]
    assert lines[4]["escalated"] and lines[4]["escalation_reason"] == "human_requested"
    assert "resolved:" in result.output and "escalated by reason: human_requested 1" in result.output
    assert "P50" in result.output and "P95" in result.output
    with session_scope(get_engine(template_settings)) as s:  # not persisted by default
        assert s.execute(select(func.count()).select_from(Ticket)).scalar_one() == 0


def test_process_persist_records_tickets_and_handoffs(template_settings: Settings, tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    result = runner.invoke(
        app, ["process", str(_input(tmp_path)), "--out", str(out), "--persist", "--no-progress"]
    )
    assert result.exit_code == 1
    with session_scope(get_engine(template_settings)) as s:
        statuses = dict(s.execute(select(Ticket.id, Ticket.status)).all())  # type: ignore[arg-type]
        assert set(statuses) == {"p-1", "p-2", "p-5"} and statuses["p-5"] == "escalated"
        assert s.execute(select(Handoff.reason)).scalar_one() == "human_requested"


def test_missing_input_file_is_a_clear_error(template_settings: Settings, tmp_path: Path) -> None:
    result = runner.invoke(app, ["process", str(tmp_path / "nope.jsonl"), "--out", str(tmp_path / "o.jsonl")])
    assert result.exception is not None and "no such file" in str(result.exception)
