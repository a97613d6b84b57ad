"""Tickets that make several requests, through the compiled graph with real parts (demo DB, shipped
intent model, spaCy entities, real tools and checkpoints; templated replies)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from supportbot.agent.runner import AgentRunner
from tests.agent.test_graph import FATIMA, MEI, NOAH, make_runner, order_status, ticket, tools

ETHAN = "ethan.smith2338@example.com"  # owns #W6711349 (pending) and #W2148041 (processed)
HARPER = "harper.khan1177@example.com"  # owns #W3134391 (delivered)
# FATIMA owns #W2974929 and #W4514908 (both pending); MEI owns #W7303089 (delivered) and
# #W2052757 (pending).


@pytest.fixture
def runner(sqlite_url: str) -> Iterator[AgentRunner]:
    r = make_runner(sqlite_url)
    yield r
    r.close()


def test_two_lookups_are_both_answered(runner: AgentRunner) -> None:
    o = runner.run(ticket(ETHAN, "Where is W6711349? Also, could you send me the invoice for W2148041?"))
    assert o.outcome == "resolved" and not o.escalated
    assert ("get_order_tracking", "ok") in tools(o) and ("get_invoice", "ok") in tools(o)
    tracking = next(t for t in o.tool_calls if t.name == "get_order_tracking")
    invoice = next(t for t in o.tool_calls if t.name == "get_invoice")
    assert tracking.args["order_id"] == "#W6711349" and invoice.args["order_id"] == "#W2148041"
    assert "Your order #W6711349 is still pending" in o.reply
    assert "INVOICE #W2148041" in o.reply
    assert o.reply.rstrip().endswith("Customer Support")  # the answers sit before the sign-off


def test_action_then_lookup_acts_once_and_answers_the_lookup(runner: AgentRunner) -> None:
    o = runner.run(
        ticket(
            FATIMA,
            "Please cancel order #W2974929, I ordered it by mistake. Also, what's the status of #W4514908?",
        )
    )
    assert o.outcome == "resolved", o
    assert tools(o)[1:] == [("cancel_order", "ok"), ("get_order_tracking", "ok")]
    assert order_status(runner, "#W2974929") == "cancelled"
    assert order_status(runner, "#W4514908") == "pending"
    assert "#W2974929" in o.reply and "Your order #W4514908 is still pending" in o.reply


def test_a_second_action_is_never_taken_but_passed_to_a_colleague(runner: AgentRunner) -> None:
    o = runner.run(ticket(MEI, "Where is my order #W7303089? Also please cancel #W2052757."))
    assert o.escalated and o.escalation_reason == "multiple_requests"
    assert not [t for t in o.tool_calls if t.name == "cancel_order"]
    assert order_status(runner, "#W2052757") == "pending"
    # the first request is answered, and the customer is told who handles the second
    assert "889070895653" in o.reply
    assert "passed your request about cancelling order #W2052757 to a colleague" in o.reply
    assert o.summary and "cancelling order #W2052757" in o.summary
    assert o.draft_reply and "cancelling order #W2052757" in o.draft_reply


def test_two_actions_in_one_sentence_act_on_the_first_only(runner: AgentRunner) -> None:
    o = runner.run(ticket(FATIMA, "Please cancel #W2974929 and #W4514908, I ordered them by mistake."))
    assert o.escalated and o.escalation_reason == "multiple_requests"
    assert [t.args["order_id"] for t in o.tool_calls if t.name == "cancel_order"] == ["#W2974929"]
    assert order_status(runner, "#W2974929") == "cancelled"
    assert order_status(runner, "#W4514908") == "pending"
    assert "cancelling order #W4514908" in o.reply


def test_question_then_change_asks_and_passes_on_then_the_follow_up_resolves(runner: AgentRunner) -> None:
    first = runner.run(ticket(NOAH, "Where is my order? Also I want to change my address.", tid="mr-1"))
    assert first.escalated and first.escalation_reason == "multiple_requests"
    assert ("list_recent_orders", "ok") in tools(first)
    assert "#W7678072" in first.reply  # the question about the first request is still asked
    assert "changing the shipping address of your order" in first.reply
    second = runner.continue_thread("mr-1", ticket(NOAH, "It's W7678072", tid="mr-1"))
    assert second.outcome == "resolved" and "517177699738" in second.reply


def test_lookup_and_product_question(runner: AgentRunner) -> None:
    o = runner.run(ticket(HARPER, "What's the status of #W3134391? And how much is the wall clock?"))
    assert o.outcome == "resolved" and o.intent == "track_order"
    assert ("get_product_info", "ok") in tools(o) and ("get_order_tracking", "ok") in tools(o)
    assert "Wall Clock" in o.reply and "#W3134391" in o.reply


def test_a_single_request_is_not_split(runner: AgentRunner) -> None:
    o = runner.run(ticket(NOAH, "Hi, where is my order #W7678072? It also hasn't arrived yet. Thanks!"))
    assert o.outcome == "resolved"
    assert [t.name for t in o.tool_calls] == ["find_customer_by_email", "get_order_tracking"]
    assert "passed" not in o.reply


def test_an_unknown_second_order_is_named_not_looked_up(runner: AgentRunner) -> None:
    o = runner.run(ticket(NOAH, "Where is #W7678072? And what's the status of #W1234567?"))
    assert o.outcome == "resolved"
    assert "could not find order #W1234567" in o.reply
    assert [t.args.get("order_id") for t in o.tool_calls if t.name != "find_customer_by_email"] == [
        "#W7678072"
    ]


def test_another_customers_second_order_still_escalates_the_whole_ticket(runner: AgentRunner) -> None:
    o = runner.run(ticket(NOAH, "Where is #W7678072? Also what's the status of #W2974929?"))
    assert o.escalated and o.escalation_reason == "foreign_order"
    for secret in ("Fatima", "182.03", "Skateboard"):
        assert secret not in o.reply and secret not in (o.draft_reply or "")


def test_a_question_about_an_action_stays_a_question_next_to_a_polite_request(runner: AgentRunner) -> None:
    o = runner.run(
        ticket(FATIMA, "Can I cancel order #W2974929? Also please send me the invoice for #W4514908.")
    )
    assert ("cancel_order", "needs_consent") in tools(o) and ("get_invoice", "ok") in tools(o)
    assert order_status(runner, "#W2974929") == "pending"
    assert o.outcome == "asked" and "reply 'yes' to confirm" in o.reply
    assert "INVOICE #W4514908" in o.reply


def _noah_with_an_extra_request(sure: bool, order_id: str, flag: str) -> dict[str, Any]:
    """Noah's state after his first request (an invoice) was answered, with one more request."""
    return {
        "ticket_id": f"t-extra-{order_id}",
        "customer_id": "noah_brown_6181",
        "reply": "Hi Noah,\n\nYour invoice is attached.\n\nBest regards,\nCustomer Support",
        "tool_calls": [],
        "extra_requests": [
            {
                "intent": "track_order",
                "confidence": 0.6,
                "sure": sure,
                "order_id": order_id,
                "order_flag": flag,
                "product": None,
                "clause": f"and where is {order_id}?",
            }
        ],
    }


@pytest.mark.parametrize("sure", [True, False])
def test_an_extra_request_is_answered_only_when_the_bot_is_sure_what_was_asked(
    runner: AgentRunner, sure: bool
) -> None:
    from supportbot.agent.nodes.extras import answer_extras

    state = _noah_with_an_extra_request(sure, "#W7678072", "ok")
    update = answer_extras(state, c=runner.components)  # type: ignore[arg-type]
    if sure:
        assert update["passed_on"] == [] and "517177699738" in update["reply"]
        assert [t["name"] for t in update["tool_calls"]] == ["get_order_tracking"]
    else:
        # Passed on, and the customer's reply says nothing about it; the lookup ran for the
        # reviewer's draft only.
        assert update["reply"] == state["reply"]
        [passed] = update["passed_on"]
        assert {k: v for k, v in passed.items() if k != "draft"} == state["extra_requests"][0]
        assert "517177699738" in passed["draft"]
        assert [t["name"] for t in update["tool_calls"]] == ["get_order_tracking"]


def test_an_unsure_extra_request_gets_no_lookup_on_an_order_the_sender_does_not_own(
    runner: AgentRunner,
) -> None:
    from supportbot.agent.nodes.extras import answer_extras

    state = _noah_with_an_extra_request(False, "#W2974929", "foreign")
    update = answer_extras(state, c=runner.components)  # type: ignore[arg-type]
    assert update["passed_on"] == state["extra_requests"] and update["tool_calls"] == []


def test_a_first_request_waiting_for_approval_takes_the_others_to_the_reviewer(runner: AgentRunner) -> None:
    ava = "ava.moore6020@example.com"  # #W4817420 (delivered, 1380.79: above the approval amount)
    o = runner.run(
        ticket(
            ava,
            "I want to return everything in order #W4817420 and get my money back. "
            "Also please cancel #W4135875.",
            tid="mr-appr",
        )
    )
    assert o.escalated and o.escalation_reason == "needs_approval"
    assert o.summary and "cancelling order #W4135875" in o.summary
    done = runner.resume("mr-appr", approve=True, reviewer="alice")
    # the reviewer owns the other request now: the resumed turn does not hand it over again
    assert done.outcome == "resolved" and not done.escalated
    assert order_status(runner, "#W4817420") == "return requested"
    assert order_status(runner, "#W4135875") == "pending"
