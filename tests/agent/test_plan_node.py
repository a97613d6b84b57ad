"""The plan node's product rules: a general question about the sender's own order is that order's
question; account deletion goes to a person (no tool can close an account). Real parts: the demo
DB, the shipped intent model and entity pipeline, templated replies."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from supportbot.agent.nodes.plan import about_the_order
from supportbot.agent.plans import HUMAN_INTENTS, INFO_INTENTS, plan_for
from supportbot.agent.runner import AgentRunner
from tests.agent.test_graph import FATIMA, NOAH, make_runner, ticket, tools


def test_a_general_question_about_an_owned_order_is_that_orders_question() -> None:
    owned = {"type": "order_id", "value": "#W1234567", "flag": "ok"}
    assert about_the_order("delivery_period", owned) == "track_order"
    assert about_the_order("check_invoice", owned) == "get_invoice"
    assert about_the_order("track_order", owned) == "track_order"
    assert about_the_order("cancel_order", owned) == "cancel_order"
    # no order, an unknown one or another customer's: the general answer (or the usual escalation)
    assert about_the_order("delivery_period", None) == "delivery_period"
    for flag in ("unknown", "foreign"):
        assert about_the_order("delivery_period", {**owned, "flag": flag}) == "delivery_period"


def test_account_deletion_is_handed_to_a_person() -> None:
    assert "delete_account" not in INFO_INTENTS
    plan = plan_for(
        intent="delete_account",
        order_id=None,
        product=None,
        customer_known=True,
        explicit_request=True,
        ticket_id="t1",
        text="",
    )
    assert plan.kind == "handoff" and plan.calls == [] and plan.escalate == "policy_exception"
    assert HUMAN_INTENTS["delete_account"] == HUMAN_INTENTS["cancel_subscription"]


@pytest.fixture
def runner(sqlite_url: str) -> Iterator[AgentRunner]:
    r = make_runner(sqlite_url)
    yield r
    r.close()


def test_delivery_time_question_naming_an_own_order_gets_its_tracking(runner: AgentRunner) -> None:
    text = "How long does delivery take for my order #W7678072?"
    pred = runner.components.classifier.predict(text)
    assert pred.intent == "delivery_period", f"model changed, pick another text: {pred.top}"
    o = runner.run(ticket(NOAH, text))
    assert not o.escalated and o.intent == "track_order"
    assert ("get_order_tracking", "ok") in tools(o)
    assert "517177699738" in o.reply  # the order's tracking number, not the general shipping times
    # the same question without an order keeps the store's general answer
    general = runner.run(ticket(NOAH, "How long does delivery usually take?"))
    assert [t for t, _ in tools(general)] == ["find_customer_by_email"]
    assert "business days" in general.reply


def test_an_account_deletion_request_is_escalated_with_the_steps_in_the_draft(runner: AgentRunner) -> None:
    o = runner.run(ticket(FATIMA, "I would like to close my account, please."))
    assert o.intent == "delete_account"
    assert o.escalated and o.escalation_reason == "policy_exception"
    assert "colleague" in o.reply
    assert o.draft_reply and "Delete account" in o.draft_reply  # the self-service steps, for the reviewer


def test_the_intent_model_reads_the_request_not_the_greeting_or_sign_off(runner: AgentRunner) -> None:
    from supportbot.agent.nodes.classify import classify

    request = "Where is my order #W7678072? It still hasn't arrived."
    plain = classify({"text": request}, c=runner.components)
    for wrapped in (
        f"{request}\n\nThank you!",
        f"{request}\n\n- Ole Nordmann",
        f"Good evening,\n\n{request}\n\nMany thanks,\nOle",
    ):
        signed = classify({"text": wrapped}, c=runner.components)
        assert (signed["intent"], signed["confidence"]) == (plain["intent"], plain["confidence"]), wrapped


def test_a_hypothetical_cancellation_is_not_carried_out(runner: AgentRunner) -> None:
    from supportbot.agent.nodes.classify import classify
    from tests.agent.test_graph import order_status

    text = "What if I want to cancel #W2974929 - would that still work?"
    assert classify({"text": text}, c=runner.components)["intent"] == "cancel_order", "pick another text"
    o = runner.run(ticket(FATIMA, text))
    assert ("cancel_order", "needs_consent") in tools(o) and o.outcome == "asked"
    assert order_status(runner, "#W2974929") == "pending"
