"""The reply deadline (``agent.reply_deadline_s``) on the real path: a real (tiny, random-weight)
in-process model writes replies that fail the fact check, the graph decides whether a regeneration
still fits in the turn's budget, a generation that would end past it is stopped, and the outcome's
counters say what happened.

``ScriptedInventingBackend`` (``tests/agent/reply_doubles.py``) is a test double of the ReplyBackend
protocol, named as such: a backend whose (invented) reply is already there when asked, like a remote
server that answered in time, so the regeneration budget can be tested apart from stopping a
generation."""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from supportbot.agent.components import Components
from supportbot.agent.contract import TicketInput, TicketOutcome
from supportbot.agent.routing import regeneration_fits
from supportbot.agent.runner import AgentRunner
from supportbot.agent.timing import observe_stages
from supportbot.db.engine import create_db_engine
from supportbot.settings import load_settings
from tests.agent.reply_doubles import ScriptedInventingBackend
from tests.tiny_llama import save_tiny_llama

pytest.importorskip("torch")
# The tiny model's tokenizer is read from the GGUF file and each runner loads the routing models.
pytestmark = pytest.mark.slow

NOAH = "noah.brown7922@example.com"  # owns #W7678072 (delivered, tracking 517177699738)
TRACK = "Hi, where is my order #W7678072? It still hasn't arrived."


@pytest.fixture(scope="session")
def tiny_backend(tmp_path_factory: pytest.TempPathFactory) -> Any:
    from supportbot.llm.inprocess import InProcessBackend

    path = save_tiny_llama(tmp_path_factory.mktemp("tiny-llm-deadline"), weight_scale=4.0)
    return InProcessBackend(str(path), None, quantization="int8", max_new_tokens=16)


def make_runner(url: str, backend: Any, **agent: Any) -> AgentRunner:
    settings = load_settings(db={"url": url}, intents={"low_confidence_threshold": 0.5}, agent=agent)
    engine = create_db_engine(url)
    return AgentRunner(
        settings, engine, components=Components(settings=settings, engine=engine, backend_override=backend)
    )


def run_counting(runner: AgentRunner, ticket: TicketInput) -> tuple[TicketOutcome, int]:
    """The outcome and how many times the reply was generated."""
    stages: Counter[str] = Counter()
    with observe_stages(lambda stage, wall_ms, cpu_ms: stages.update([stage])):
        outcome = runner.run(ticket)
    return outcome, stages["generate"]


@pytest.fixture
def runner_for(sqlite_url: str, tiny_backend: Any) -> Iterator[Callable[..., AgentRunner]]:
    made: list[AgentRunner] = []

    def build(**agent: Any) -> AgentRunner:
        made.append(make_runner(sqlite_url, tiny_backend, **agent))
        return made[-1]

    yield build
    for r in made:
        r.close()


def test_a_generation_that_would_end_past_the_deadline_is_stopped_and_the_template_goes_out(
    runner_for: Callable[..., AgentRunner],
) -> None:
    runner = runner_for(reply_deadline_s=0.001)
    o, generations = run_counting(runner, TicketInput(id="dl-cut", customer_email=NOAH, body=TRACK))
    assert generations == 1
    assert o.verification == {"deadline_cut": 1}  # the template passed the fact check
    assert o.outcome == "resolved" and "517177699738" in o.reply  # the verified template


def test_a_streamed_reply_is_never_cut(runner_for: Callable[..., AgentRunner]) -> None:
    runner = runner_for(reply_deadline_s=0.001)
    events = list(runner.stream(TicketInput(id="dl-stream", customer_email=NOAH, body=TRACK)))
    o = events[-1]
    assert isinstance(o, TicketOutcome)
    assert "deadline_cut" not in o.verification and o.verification.get("deadline_fallback") == 1


def test_the_generation_deadline_keeps_the_reserve_and_counts_the_time_spent(sqlite_url: str) -> None:
    double = ScriptedInventingBackend()
    runner = make_runner(sqlite_url, double, reply_deadline_s=600, reply_reserve_s=0.5, max_regenerations=0)
    try:
        before = time.monotonic()
        o = runner.run(TicketInput(id="dl-when", customer_email=NOAH, body=TRACK))
        after = time.monotonic()
    finally:
        runner.close()
    [deadline] = double.deadlines
    assert deadline is not None
    spent_s = sum(v for k, v in o.stage_ms.items() if k != "generate") / 1000  # the stages before it
    assert before + 600 - 0.5 - spent_s - 0.05 <= deadline <= after + 600 - 0.5 - spent_s + 0.05
    off = make_runner(sqlite_url, double, reply_deadline_s=0)
    try:
        off.run(TicketInput(id="dl-off", customer_email=NOAH, body=TRACK))
    finally:
        off.close()
    assert double.deadlines[-1] is None


def test_past_the_deadline_a_failed_reply_falls_back_to_the_template_without_regenerating(
    sqlite_url: str,
) -> None:
    double = ScriptedInventingBackend()
    runner = make_runner(sqlite_url, double, reply_deadline_s=0.001)
    try:
        o, generations = run_counting(runner, TicketInput(id="dl-1", customer_email=NOAH, body=TRACK))
    finally:
        runner.close()
    assert generations == 1
    assert o.verification == {"failed": 1, "fallback": 1, "deadline_fallback": 1}
    assert o.outcome == "resolved" and "517177699738" in o.reply  # the verified template


def test_within_the_deadline_a_failed_reply_is_still_regenerated(
    runner_for: Callable[..., AgentRunner],
) -> None:
    for deadline in (600, 0):  # a generous budget, and no budget at all
        o, generations = run_counting(
            runner_for(reply_deadline_s=deadline),
            TicketInput(id=f"dl-{deadline}", customer_email=NOAH, body=TRACK),
        )
        # The random-weight model fails the check twice, then the template goes out.
        assert generations == 2
        assert o.verification == {"failed": 2, "regenerated": 1, "fallback": 1}
        assert "517177699738" in o.reply


def test_past_the_deadline_the_escalation_policy_escalates_at_once(sqlite_url: str) -> None:
    runner = make_runner(
        sqlite_url, ScriptedInventingBackend(), reply_deadline_s=0.001, on_verification_failure="escalate"
    )
    try:
        o, generations = run_counting(runner, TicketInput(id="dl-esc", customer_email=NOAH, body=TRACK))
    finally:
        runner.close()
    assert generations == 1
    assert o.escalated and o.escalation_reason == "verification_failed"
    assert o.verification.get("deadline_fallback") == 1


def test_a_ticket_processed_alone_is_not_batched(
    runner_for: Callable[..., AgentRunner], tiny_backend: Any
) -> None:
    runner = runner_for()  # worker.batch_size 8
    [o] = runner.run_many([TicketInput(id="alone-1", customer_email=NOAH, body=TRACK)])
    assert o.outcome == "resolved"
    assert runner.components.backend is tiny_backend  # no batching wrapper, no wait for a batch


def test_the_budget_counts_time_spent_and_the_expected_generation() -> None:
    s = load_settings(agent={"reply_deadline_s": 3.0})
    # 1.2 s spent (0.9 s of it one generation): one more generation (0.9 s) fits in 3 s.
    spent = {"classify": 200.0, "tools": 100.0, "generate": 900.0}
    assert regeneration_fits({"stage_ms": spent, "attempts": 1}, s)
    # Generation took 1.6 s: 1.9 s spent + 1.6 s expected = 3.5 s > 3 s.
    slow = {**spent, "generate": 1600.0}
    assert not regeneration_fits({"stage_ms": slow, "attempts": 1}, s)
    # The expectation is the average of the turn's generations so far (after an approval, say).
    assert regeneration_fits({"stage_ms": slow, "attempts": 2}, s)
    # 0 means no deadline.
    off = load_settings(agent={"reply_deadline_s": 0})
    assert regeneration_fits({"stage_ms": {"generate": 1e9}, "attempts": 1}, off)
