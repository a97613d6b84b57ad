"""The Respond/Verify loop with reply models.

The real default model (SmolLM2-135M + the shipped LoRA adapter) answers a ticket through the
graph, also streamed. To exercise the fact check deterministically we also need replies that
*do* invent facts or fail, which a real model will not produce on demand: the scripted backends
of ``tests/agent/reply_doubles.py`` are test doubles of the ReplyBackend protocol, named as such.
"""

from __future__ import annotations

import pytest

from supportbot.agent.components import Components
from supportbot.agent.contract import TicketInput, TicketOutcome
from supportbot.agent.grounding import unsupported_facts
from supportbot.agent.runner import AgentRunner
from supportbot.db.engine import create_db_engine
from supportbot.settings import load_settings
from tests.agent.reply_doubles import ScriptedFailingBackend, ScriptedInventingBackend

NOAH = "noah.brown7922@example.com"
TRACK = "Hi, where is my order #W7678072? It still hasn't arrived."


def runner_with(url: str, backend: object, **overrides: object) -> AgentRunner:
    overrides.setdefault("intents", {"low_confidence_threshold": 0.5})
    settings = load_settings(db={"url": url}, **overrides)
    engine = create_db_engine(url)
    return AgentRunner(
        settings, engine, components=Components(settings=settings, engine=engine, backend_override=backend)
    )


def test_invented_facts_are_regenerated_once_then_replaced_by_the_template(sqlite_url: str) -> None:
    backend = ScriptedInventingBackend()
    # No reply deadline: this first ticket also loads the models (tests/agent/test_deadline.py).
    runner = runner_with(sqlite_url, backend, agent={"reply_deadline_s": 0})
    o = runner.run(TicketInput(id="inv-1", customer_email=NOAH, body=TRACK))
    assert o.outcome == "resolved"
    assert o.verification == {"failed": 2, "regenerated": 1, "fallback": 1}
    assert "#W0000001" not in o.reply and "517177699738" in o.reply
    # The regeneration was told what it got wrong.
    assert (
        "Do not mention" in backend.prompts[1][1]["content"]
        and "#W0000001" in backend.prompts[1][1]["content"]
    )
    runner.close()


def test_verification_failure_can_escalate_instead(sqlite_url: str) -> None:
    runner = runner_with(
        sqlite_url, ScriptedInventingBackend(), agent={"on_verification_failure": "escalate"}
    )
    o = runner.run(TicketInput(id="inv-2", customer_email=NOAH, body=TRACK))
    assert o.escalated and o.escalation_reason == "verification_failed"
    assert o.draft_reply and "517177699738" in o.draft_reply
    runner.close()


def test_backend_failure_falls_back_to_the_template(sqlite_url: str) -> None:
    runner = runner_with(sqlite_url, ScriptedFailingBackend())
    o = runner.run(TicketInput(id="down-1", customer_email=NOAH, body=TRACK))
    assert o.outcome == "resolved" and "517177699738" in o.reply
    assert o.verification.get("backend_error") == 1
    runner.close()


@pytest.mark.slow
def test_real_reply_model_answers_grounded_and_streams(sqlite_url: str) -> None:
    settings = load_settings(
        db={"url": sqlite_url}, llm={"max_new_tokens": 80}, intents={"low_confidence_threshold": 0.5}
    )
    runner = AgentRunner(settings, create_db_engine(sqlite_url))
    o = runner.run(TicketInput(id="llm-1", customer_email=NOAH, body=TRACK))
    assert o.outcome == "resolved" and len(o.reply) > 20
    # Independently of the agent's own check: every fact in the reply is in the ticket or in what
    # the tools returned, and the reply states the tracking number it was asked for.
    assert unsupported_facts(o.reply, TRACK, {"tool_results": [t.result for t in o.tool_calls]}) == []
    assert "517177699738" in o.reply
    assert o.stage_ms["generate"] > 0

    pieces: list[str] = []
    final: TicketOutcome | None = None
    for item in runner.stream(
        TicketInput(id="llm-2", customer_email=NOAH, body="How long does delivery take?")
    ):
        if isinstance(item, str):
            pieces.append(item)
        else:
            final = item
    assert final is not None and final.outcome == "resolved"
    assert pieces, "the reply was not streamed"
    # What was streamed is the first draft; it stands unless the checks rejected it.
    assert final.reply == "".join(pieces).strip() or final.verification.get("failed", 0) >= 1
    runner.close()
