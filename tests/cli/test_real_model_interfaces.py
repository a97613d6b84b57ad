"""The interfaces with the real default reply model (in-process SmolLM2 + the shipped adapter)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from supportbot.agent.contract import TicketOutcome
from supportbot.cli import app
from supportbot.db.engine import get_engine
from supportbot.interfaces.chat import ChatSession, Reply
from supportbot.interfaces.runner_port import agent_runner
from supportbot.settings import Settings, get_settings

pytestmark = pytest.mark.slow
runner = CliRunner()


@pytest.fixture
def default_settings(sqlite_url: str, monkeypatch: pytest.MonkeyPatch) -> Settings:
    monkeypatch.setenv("SUPPORTBOT_DB__URL", sqlite_url)
    get_settings.cache_clear()
    return get_settings()


def test_process_and_chat_stream_with_the_default_model(default_settings: Settings, tmp_path: Path) -> None:
    assert default_settings.llm.backend == "inprocess"
    source = tmp_path / "in.jsonl"
    source.write_text(
        "\n".join(
            json.dumps(r)
            for r in [
                {
                    "id": "m-1",
                    "customer_email": "yara.li6570@example.com",
                    "subject": "Laptop",
                    "body": "Has my laptop order #W3400144 shipped yet?",
                },
                {
                    "id": "m-2",
                    "customer_email": "sofia.muller5339@example.com",
                    "subject": None,
                    "body": "My order #W2793378 was cancelled. When do I get my money back?",
                },
            ]
        )
    )
    out = tmp_path / "out.jsonl"
    result = runner.invoke(app, ["process", str(source), "--out", str(out), "--no-progress"])
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in out.read_text().splitlines()]
    assert [line["id"] for line in lines] == ["m-1", "m-2"] and all(line["reply"] for line in lines)

    session = ChatSession(
        agent_runner(default_settings),
        get_engine(default_settings),
        "yara.li6570@example.com",
        default_settings,
    )
    drafts: list[str] = []
    pieces = list(session.send("Where is my order #W3400144?", on_draft=drafts.append))
    assert len(drafts) > 1  # tokens arrived as they were generated (the draft preview)
    reply, outcome = pieces
    assert isinstance(outcome, TicketOutcome) and outcome.reply
    assert isinstance(reply, Reply) and reply == outcome.reply  # only the checked reply is shown
