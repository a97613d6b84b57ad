"""Each metric on small hand-made cases; a known-wrong prediction must lower each score."""

from __future__ import annotations

import math
from typing import Any

import pytest

from supportbot.evaluation.eval_set import EvalTicket, ExpectedCall, Gold, GoldEntity, OrderExpectation
from supportbot.evaluation.grounding import OwnershipIndex
from supportbot.evaluation.metrics import (
    E2EMetrics,
    Prediction,
    entity_prf,
    escalation_class,
    latency_table,
    norm_entity,
    percentile,
    precision_recall,
    score,
)


def ticket(tid: str, **gold: Any) -> EvalTicket:
    base: dict[str, Any] = {"intent": "track_order", "customer_id": "alice", "should_escalate": False}
    return EvalTicket(
        id=tid,
        customer_email="alice@example.com",
        subject=None,
        body=f"ticket {tid}",
        gold=Gold(**{**base, **gold}),
    )


TICKETS = [
    ticket(
        "t1",
        intent="cancel_order",
        entities=[GoldEntity(type="order_id", value="#W1111111")],
        expected_calls=[ExpectedCall(name="cancel_order", args={"order_id": "#W1111111"})],
        orders=[OrderExpectation(order_id="#W1111111", fields={"status": "cancelled"})],
    ),
    ticket(
        "t2",
        entities=[
            GoldEntity(type="order_id", value="#W2222222"),
            GoldEntity(type="product", value="Water Bottle"),
        ],
        expected_calls=[ExpectedCall(name="get_order_tracking", args={"order_id": "#W2222222"})],
        orders=[OrderExpectation(order_id="#W2222222", fields={"status": "pending"})],
    ),
    ticket(
        "t3",
        intent="contact_human_agent",
        should_escalate=True,
        escalation_reason="human_requested",
        acceptable_reasons=["human_requested"],
    ),
    ticket("t4", intent="delivery_options"),
]

BEFORE = {
    "#W1111111": {"customer_id": "alice", "status": "pending"},
    "#W2222222": {"customer_id": "alice", "status": "pending"},
    "#W3333333": {"customer_id": "bob", "status": "delivered"},
}


def good_predictions() -> dict[str, Prediction]:
    return {
        "t1": Prediction(
            id="t1",
            intent="cancel_order",
            entities=[{"type": "order_id", "value": "#W1111111"}],
            tool_calls=[
                {
                    "name": "cancel_order",
                    "args": {"order_id": "#W1111111"},
                    "ok": True,
                    "result": {"order_id": "#W1111111"},
                }
            ],
            reply="Order #W1111111 is cancelled.",
            latency_ms=100,
            stage_ms={"classify": 2.0, "generate": 50.0},
        ),
        "t2": Prediction(
            id="t2",
            intent="track_order",
            entities=[
                {"type": "order_id", "value": "W2222222"},
                {"type": "product", "value": "water bottle"},
            ],
            tool_calls=[
                {
                    "name": "get_order_tracking",
                    "args": {"order_id": "#W2222222"},
                    "ok": True,
                    "result": {"status": "pending"},
                }
            ],
            reply="Your order is pending.",
            latency_ms=200,
            stage_ms={"classify": 4.0, "generate": 70.0},
        ),
        "t3": Prediction(
            id="t3",
            intent="contact_human_agent",
            escalated=True,
            escalation_reason="human_requested",
            reply="A colleague will get back to you.",
            latency_ms=50,
        ),
        "t4": Prediction(
            id="t4", intent="delivery_options", reply="We offer standard and express shipping.", latency_ms=60
        ),
    }


def run(preds: dict[str, Prediction], after: dict[str, dict[str, Any]] | None = None) -> E2EMetrics:
    after = after or {**BEFORE, "#W1111111": {"customer_id": "alice", "status": "cancelled"}}
    idx = OwnershipIndex()
    idx.orders.update({k: v["customer_id"] for k, v in BEFORE.items()})
    metrics, _ = score(
        TICKETS, preds, orders_before=BEFORE, orders_after=after, customers_after={}, ownership=idx
    )
    return metrics


def test_perfect_predictions_score_perfectly() -> None:
    m = run(good_predictions())
    assert m.intent_accuracy == 1.0
    assert m.entity["order_id"]["f1"] == 1.0 and m.entity["product"]["f1"] == 1.0
    assert m.tool_call_accuracy == 1.0
    assert m.db_match_rate == 1.0 and m.db_unexpected_changes == 0
    assert (
        m.escalation_precision == 1.0 and m.escalation_recall == 1.0 and m.escalation_reason_accuracy == 1.0
    )
    assert m.auto_resolution_rate == 0.75  # t3 must go to a human
    assert m.hallucination_rate == 0.0 and m.leak_count == 0
    assert m.errors == 0


def test_wrong_intent_lowers_intent_accuracy() -> None:
    preds = good_predictions()
    preds["t4"] = preds["t4"].model_copy(update={"intent": "delivery_period"})
    assert run(preds).intent_accuracy == 0.75


def test_wrong_order_id_lowers_entity_f1_and_tool_accuracy() -> None:
    preds = good_predictions()
    preds["t2"] = preds["t2"].model_copy(
        update={
            "entities": [
                {"type": "order_id", "value": "#W2222223"},
                {"type": "product", "value": "Water Bottle"},
            ],
            "tool_calls": [{"name": "get_order_tracking", "args": {"order_id": "#W2222223"}, "ok": False}],
        }
    )
    m = run(preds)
    assert m.entity["order_id"]["f1"] == pytest.approx(0.5)
    assert m.entity["product"]["f1"] == 1.0
    assert m.tool_call_accuracy == 0.75


def test_action_on_the_wrong_order_lowers_db_match() -> None:
    after = {**BEFORE, "#W2222222": {"customer_id": "alice", "status": "cancelled"}}
    m = run(good_predictions(), after=after)
    # t1's order was not cancelled; t2's order changed although t2 only asked about it.
    assert m.db_match_rate == 0.5
    assert m.db_unexpected_changes == 1
    # A stray change to an order no ticket names counts against its owner's tickets.
    after = {
        **BEFORE,
        "#W1111111": {"customer_id": "alice", "status": "cancelled"},
        "#W3333333": {"customer_id": "bob", "status": "cancelled"},
    }
    assert run(good_predictions(), after=after).db_match_rate == 1.0  # bob sent no ticket
    after["#W9999999"] = {"customer_id": "alice", "status": "cancelled"}
    BEFORE_PLUS = {**BEFORE, "#W9999999": {"customer_id": "alice", "status": "pending"}}
    idx = OwnershipIndex()
    metrics, _ = score(
        TICKETS,
        good_predictions(),
        orders_before=BEFORE_PLUS,
        orders_after=after,
        customers_after={},
        ownership=idx,
    )
    assert metrics.db_match_rate == 0.0


def test_missed_and_needless_escalations_lower_recall_and_precision() -> None:
    preds = good_predictions()
    preds["t3"] = preds["t3"].model_copy(update={"escalated": False, "escalation_reason": None})
    m = run(preds)
    assert m.escalation_recall == 0.0
    preds = good_predictions()
    preds["t4"] = preds["t4"].model_copy(update={"escalated": True, "escalation_reason": "low_confidence"})
    m = run(preds)
    assert m.escalation_precision == 0.5 and m.escalation_recall == 1.0
    assert m.auto_resolution_rate == 0.5


def test_invented_fact_and_leak_are_counted() -> None:
    preds = good_predictions()
    preds["t4"] = preds["t4"].model_copy(update={"reply": "Order #W3333333 ships for $12.00."})
    m = run(preds)
    assert m.hallucination_rate == 0.25  # one of four replies states ungrounded facts
    assert m.leak_count == 1  # #W3333333 is bob's


def test_error_lines_count_as_wrong_everywhere() -> None:
    preds = good_predictions()
    preds["t2"] = Prediction(id="t2", error="boom")
    m = run(preds)
    assert m.errors == 1 and m.intent_accuracy == 0.75 and m.tool_call_accuracy == 0.75


def test_latency_percentiles_and_table() -> None:
    assert percentile([1, 2, 3, 4, 5], 50) == 3
    assert percentile([0, 100], 95) == pytest.approx(95)
    assert math.isnan(percentile([], 50))
    table = latency_table(list(good_predictions().values()))
    assert table["classify"]["p50"] == pytest.approx(3.0)
    assert table["end_to_end"]["n"] == 4
    assert math.isnan(table["verify"]["p95"])


def test_entity_normalisation() -> None:
    assert norm_entity("order_id", "w2611340") == "#W2611340"
    assert norm_entity("amount", "$1,104.4") == "1104.40 USD"
    assert norm_entity("amount", "12.5 USD") == "12.50 USD"
    assert norm_entity("product", "Water  bottle") == "water bottle"


def test_entity_prf_counts_false_positives_only_for_labelled_types() -> None:
    preds = good_predictions()
    preds["t4"] = preds["t4"].model_copy(update={"entities": [{"type": "date", "value": "2026-01-01"}]})
    assert "date" not in entity_prf(TICKETS, preds)
    preds["t4"] = preds["t4"].model_copy(update={"entities": [{"type": "product", "value": "Tent"}]})
    assert entity_prf(TICKETS, preds)["product"]["precision"] == 0.5


def test_escalation_helpers() -> None:
    assert [
        escalation_class(s, e)
        for s, e in ((True, True), (True, False), (False, True), (False, False), (None, True))
    ] == ["tp", "fn", "fp", "tn", "any"]
    assert precision_recall(["tp", "fp", "fn", "tn", "any"]) == (0.5, 0.5)


def test_degenerate_reply_is_counted() -> None:
    assert run(good_predictions()).degenerate_reply_rate == 0.0
    preds = good_predictions()
    preds["t4"] = preds["t4"].model_copy(update={"reply": "TICKET:\nTICKET:\nTICKET:"})
    assert run(preds).degenerate_reply_rate == 0.25


def test_reply_sources_say_whether_the_model_or_a_template_answered() -> None:
    from supportbot.evaluation.metrics import reply_sources

    def pred(i: int, **verification: int) -> Prediction:
        return Prediction(id=f"t{i}", stage_ms={"generate": 1.0}, verification=verification)

    preds = [
        pred(1),
        pred(2, failed=1, regenerated=1),
        pred(3, failed=2, regenerated=1, fallback=1),
        pred(4, failed=1, fallback=1, deadline_fallback=1),
        pred(5, deadline_cut=1),
        pred(6, backend_error=1),
        Prediction(id="escalated-before-a-reply", stage_ms={"classify": 1.0}),
        Prediction(id="broken", error="bad line"),
    ]
    assert reply_sources(preds, model=True) == {
        "model": 1,
        "model, regenerated": 1,
        "template: failed the fact check": 2,
        "template: generation stopped at the deadline": 1,
        "template: backend error": 1,
        "template backend": 0,
    }
    assert reply_sources(preds, model=False)["template backend"] == 6
