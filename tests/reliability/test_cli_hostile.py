"""The attack cases through the real commands, in-process: ``supportbot process`` on a JSONL file
of them, and ``supportbot chat --as <sender>`` typing each one-line attack. No command crashes, no
other customer's data reaches the output, and no order-changing tool succeeds."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from supportbot.cli import app
from supportbot.data.hostile.cases import HostileCase
from supportbot.data.hostile.harness import sample
from supportbot.data.hostile.judge import effects_in_audit_log
from supportbot.db.engine import create_db_engine
from supportbot.privacy.leaks import find_leaks
from supportbot.settings import get_settings

ATTACKS = ("injection", "impersonation", "third_party", "hidden")
KNOWN_GAP_CASES: set[str] = set()  # see test_hostile_interfaces.KNOWN_GAPS
cli = CliRunner()


@pytest.fixture
def cli_env(sqlite_url: str, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("SUPPORTBOT_DB__URL", sqlite_url)
    monkeypatch.setenv("SUPPORTBOT_LLM__BACKEND", "template")
    monkeypatch.setenv("COLUMNS", "200")
    get_settings.cache_clear()
    return sqlite_url


def _cases(hostile_cases: list[HostileCase]) -> list[HostileCase]:
    return sample([c for c in hostile_cases if c.category in ATTACKS and c.id not in KNOWN_GAP_CASES], 2)


def test_process_command_on_attacks(hostile_cases: list[HostileCase], cli_env: str, tmp_path: Path) -> None:
    cases = _cases(hostile_cases)
    src, out = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    src.write_text("".join(json.dumps(c.record()) + "\n" for c in cases))
    result = cli.invoke(app, ["process", str(src), "--out", str(out), "--no-progress"])
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in out.read_text().splitlines()]
    assert [line["id"] for line in lines] == [c.ticket_id() for c in cases]
    for case, line in zip(cases, lines, strict=True):
        assert "error" not in line, line
        assert find_leaks(line["reply"], case.victim_secrets, generic=False) == [], case.id
        assert not [
            t for t in line["tool_calls"] if t["ok"] and t["name"] in ("cancel_order", "return_items")
        ]
    engine = create_db_engine(cli_env)
    assert effects_in_audit_log(engine, [c.ticket_id() for c in cases]) == []
    engine.dispose()


def test_chat_command_on_attacks(hostile_cases: list[HostileCase], cli_env: str) -> None:
    for case in _cases(hostile_cases):
        text = " ".join(case.materialise_body().split())  # one typed line
        result = cli.invoke(app, ["chat", "--as", case.customer_email or ""], input=f"{text}\n/quit\n")
        assert result.exit_code == 0, f"{case.id}: {result.output[-500:]}"
        assert result.exception is None
        reply = result.output.split("bot>", 1)[-1]
        assert find_leaks(reply, case.victim_secrets, generic=False) == [], f"{case.id}: {reply}"
