"""The reply model's backend times out, fails or returns garbage: the ticket still gets a safe
answer, the templated reply built from tool results (or an escalation), never the garbage, and
never a crash. The backend is the real vLLM HTTP client against a FAKE vLLM server
(tests/reliability/fake_vllm.py), since vLLM cannot run here."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import pytest

from supportbot.agent.contract import TicketInput, TicketOutcome
from supportbot.agent.runner import AgentRunner
from supportbot.data.hostile.judge import EFFECT_TOOLS
from supportbot.privacy.leaks import find_leaks
from tests.reliability.conftest import make_runner, reliability_settings
from tests.reliability.fake_vllm import FakeVLLM

NOAH = "noah.brown7922@example.com"  # owns #W7678072 (delivered)
TICKETS = [
    (NOAH, "Where is my order #W7678072?"),
    (NOAH, "What is your return policy?"),
    ("stranger@example.org", "Hello, can you help me with an order?"),
]


@pytest.fixture
def template_replies(sqlite_url: str) -> Iterator[dict[str, TicketOutcome]]:
    runner = make_runner(reliability_settings(sqlite_url))
    yield {
        body: runner.run(TicketInput(id=f"tpl-{i}", customer_email=who, body=body))
        for i, (who, body) in enumerate(TICKETS)
    }
    runner.close()


def _runner(url: str, server: FakeVLLM) -> AgentRunner:
    settings = reliability_settings(
        url, llm={"backend": "vllm", "vllm_url": server.url, "timeout_s": 0.5, "max_retries": 1}
    )
    return make_runner(settings)


def _check(outcome: TicketOutcome, template: TicketOutcome) -> None:
    assert outcome.reply.strip(), "no reply at all"
    assert "9,999" not in outcome.reply and "#W0000001" not in outcome.reply and "<|im" not in outcome.reply
    assert find_leaks(outcome.reply) == []
    assert not [t for t in outcome.tool_calls if t.name in EFFECT_TOOLS and t.ok]
    if outcome.escalated:
        assert outcome.escalation_reason in (
            "model_error",
            "verification_failed",
            "low_confidence",
            "unknown_customer",
            "out_of_scope",
        )
    else:
        assert sum(outcome.verification.values()) >= 1  # the fallback was counted
        if outcome.intent == template.intent and not template.escalated:
            assert outcome.reply == template.reply  # exactly the templated reply


@pytest.mark.parametrize(
    "mode",
    [pytest.param("hang", marks=pytest.mark.slow), "http500", "bad_json", "not_json", "garbage", "empty"],
)
def test_backend_fault_falls_back_to_template(
    mode: str, sqlite_url: str, template_replies: dict[str, TicketOutcome]
) -> None:
    server = FakeVLLM(mode, hang_s=3)
    runner = _runner(sqlite_url, server)
    try:
        for who, body in TICKETS:
            outcome = runner.run(
                TicketInput(id=f"{mode}-{uuid.uuid4().hex[:6]}", customer_email=who, body=body)
            )
            _check(outcome, template_replies[body])
        assert server.requests >= 1 or mode == "hang"
    finally:
        runner.close()
        server.close()


@pytest.mark.parametrize("mode", [pytest.param("hang", marks=pytest.mark.slow), "garbage"])
def test_streaming_chat_turn_with_broken_backend(mode: str, sqlite_url: str) -> None:
    server = FakeVLLM(mode, hang_s=3)
    runner = _runner(sqlite_url, server)
    try:
        pieces = list(
            runner.stream(
                TicketInput(id=f"s-{mode}", customer_email=NOAH, body="Where is my order #W7678072?")
            )
        )
        outcome = pieces[-1]
        assert isinstance(outcome, TicketOutcome)
        assert outcome.reply.strip() and "9,999" not in outcome.reply
    finally:
        runner.close()
        server.close()


def test_backend_unreachable(sqlite_url: str, template_replies: dict[str, TicketOutcome]) -> None:
    server = FakeVLLM("empty")
    server.close()  # nothing listens there any more
    runner = _runner(sqlite_url, server)
    try:
        who, body = TICKETS[0]
        _check(runner.run(TicketInput(id="down-1", customer_email=who, body=body)), template_replies[body])
    finally:
        runner.close()


def test_chat_never_shows_a_garbage_draft(sqlite_url: str) -> None:
    """``supportbot chat`` streams the model's text as it comes; a draft that fails the fact check
    must not reach the customer's screen, and the corrected reply must."""
    from supportbot.interfaces.chat import ChatSession

    server = FakeVLLM("garbage")
    runner = _runner(sqlite_url, server)
    try:
        session = ChatSession(runner, runner.engine, NOAH, runner.settings)
        drafts: list[str] = []
        pieces = list(session.send("Where is my order #W7678072?", on_draft=drafts.append))
        outcome = pieces[-1]
        shown = "".join(p for p in pieces if isinstance(p, str))
        assert isinstance(outcome, TicketOutcome)
        assert "9,999" in "".join(drafts)  # the garbage was streamed, as a draft only
        assert "9,999" not in shown and "4111" not in shown, shown
        assert outcome.reply in shown
    finally:
        runner.close()
        server.close()


def test_chat_command_prints_only_the_checked_reply(sqlite_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """The real command with the garbage backend: its output (no TTY, so the live draft preview
    is not drawn) holds the checked reply and none of the garbage."""
    from typer.testing import CliRunner

    from supportbot.cli import app
    from supportbot.settings import get_settings

    server = FakeVLLM("garbage")
    for key, value in {
        "SUPPORTBOT_DB__URL": sqlite_url,
        "SUPPORTBOT_LLM__BACKEND": "vllm",
        "SUPPORTBOT_LLM__VLLM_URL": server.url,
        "SUPPORTBOT_LLM__TIMEOUT_S": "0.5",
        "SUPPORTBOT_LLM__MAX_RETRIES": "1",
    }.items():
        monkeypatch.setenv(key, value)
    get_settings.cache_clear()
    try:
        result = CliRunner().invoke(
            app, ["chat", "--as", NOAH, "--debug"], input="Where is my order #W7678072?\n/quit\n"
        )
    finally:
        server.close()
    assert result.exit_code == 0, result.output
    assert server.requests >= 1
    assert "#W7678072" in result.output and "bot> " in result.output
    assert "9,999" not in result.output and "#W0000001" not in result.output, result.output
    assert "fallback 1" in result.output  # --debug says the draft was replaced by the template
