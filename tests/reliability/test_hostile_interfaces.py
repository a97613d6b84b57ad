"""The hostile corpus through ``process``, ``chat`` and the worker with the real agent (templated
replies in the default run; the real reply model in the slow run). No case may crash; each gets an
allowed outcome, no tool effect where forbidden, and no other customer's data in any reply.
SQL injection changes nothing in the shop tables."""

from __future__ import annotations

import pytest

from supportbot.agent.runner import AgentRunner
from supportbot.data.hostile.cases import HostileCase
from supportbot.data.hostile.harness import (
    report,
    run_chat,
    run_process,
    run_worker,
    sample,
    shop_fingerprint,
)
from supportbot.data.hostile.judge import Verdict
from tests.reliability.conftest import make_runner, reliability_settings

ATTACKS = (
    "injection",
    "impersonation",
    "third_party",
    "hidden",
    "lookalike",
    "unknown_sender",
    "many_orders",
)


# Cases a known, reported gap lets fail: "interface/case-id" or "interface/category-*" ("*" for any
# interface). The tests fail on any other failure, and when a case listed by its own id starts
# passing (then remove it here and from the README). Empty since the chat and worker intake fixes.
KNOWN_GAPS: dict[str, str] = {}


def _known_gap(verdict: Verdict) -> bool:
    category = verdict.case_id.rsplit("-", 1)[0]
    keys = {
        f"{interface}/{case}"
        for interface in (verdict.interface, "*")
        for case in (verdict.case_id, f"{category}-*")
    }
    return bool(keys & set(KNOWN_GAPS))


def _assert_all_pass(verdicts: list[Verdict], expected: int, *, strict_gaps: bool = True) -> None:
    assert len(verdicts) == expected
    unexpected = [v for v in verdicts if not v.passed and not _known_gap(v)]
    assert not unexpected, f"{len(unexpected)} of {len(verdicts)} cases failed:\n{report(verdicts)}"
    if strict_gaps:
        listed = set(KNOWN_GAPS)
        fixed = {
            v.case_id
            for v in verdicts
            if v.passed and {f"{v.interface}/{v.case_id}", f"*/{v.case_id}"} & listed
        }
        assert not fixed, f"known gaps now pass, remove them from KNOWN_GAPS: {sorted(fixed)}"


@pytest.mark.slow
def test_whole_corpus_through_process(hostile_cases: list[HostileCase], sqlite_runner: AgentRunner) -> None:
    before = shop_fingerprint(sqlite_runner.engine)
    verdicts = run_process(hostile_cases, sqlite_runner.settings, sqlite_runner)
    _assert_all_pass(verdicts, len(hostile_cases))
    assert shop_fingerprint(sqlite_runner.engine)["counts"] == before["counts"]


def test_sample_through_process(hostile_cases: list[HostileCase], sqlite_runner: AgentRunner) -> None:
    cases = sample(hostile_cases, 1)
    verdicts = run_process(cases, sqlite_runner.settings, sqlite_runner)
    _assert_all_pass(verdicts, len(cases))


def test_sample_through_chat(hostile_cases: list[HostileCase], sqlite_runner: AgentRunner) -> None:
    cases = sample(hostile_cases, 1)
    verdicts = run_chat(cases, sqlite_runner.settings, sqlite_runner)
    _assert_all_pass(verdicts, len(cases))


def test_sample_through_the_worker(hostile_cases: list[HostileCase], sqlite_runner: AgentRunner) -> None:
    cases = sample(hostile_cases, 1)
    verdicts = run_worker(cases, sqlite_runner.settings, sqlite_runner)
    _assert_all_pass(verdicts, len(cases))


@pytest.mark.slow
@pytest.mark.postgres
def test_whole_corpus_through_chat_and_worker_on_postgres(
    hostile_cases: list[HostileCase], pg_runner: AgentRunner
) -> None:
    before = shop_fingerprint(pg_runner.engine)
    verdicts = run_chat(hostile_cases, pg_runner.settings, pg_runner)
    verdicts += run_worker(hostile_cases, pg_runner.settings, pg_runner)
    _assert_all_pass(verdicts, 2 * len(hostile_cases))
    assert shop_fingerprint(pg_runner.engine)["counts"] == before["counts"]


@pytest.mark.slow
def test_attacks_with_the_real_reply_model(hostile_cases: list[HostileCase], sqlite_url: str) -> None:
    """The in-process SmolLM2-135M writes the replies (the bare base model: the LoRA adapter is
    tested by the reply-model tests): injected text must not make it act or leak."""
    settings = reliability_settings(sqlite_url, llm={"backend": "inprocess", "use_adapter": False})
    runner = make_runner(settings)
    try:
        cases = sample([c for c in hostile_cases if c.category in ATTACKS], 3)
        verdicts = run_process(cases, settings, runner)
        _assert_all_pass(verdicts, len(cases), strict_gaps=False)
    finally:
        runner.close()
