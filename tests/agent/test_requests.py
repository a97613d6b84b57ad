from __future__ import annotations

from typing import Any

import pytest

from supportbot.agent.requests import Request, clause_spans, looks_multi, split_requests, topic
from supportbot.agent.templates import add_before_sign_off, passed_on_note, render
from supportbot.intents.router import load_intent_classifier
from supportbot.intents.types import IntentClassifier
from supportbot.settings import load_settings


@pytest.fixture(scope="module")
def classifier() -> IntentClassifier:
    return load_intent_classifier(load_settings(intents={"low_confidence_threshold": 0.5}))


def order(value: str, text: str, flag: str = "ok") -> dict[str, Any]:
    start = text.index(value.lstrip("#"))
    return {"type": "order_id", "value": value, "flag": flag, "start": start, "end": start + 8}


def split(
    text: str, intent: str, entities: list[dict[str, Any]], classifier: IntentClassifier
) -> list[Request]:
    """The ticket-level prediction is given as confident: these tests are about the pairing."""
    return split_requests(
        text, intent=intent, confidence=0.99, sure=True, entities=entities, classifier=classifier
    )


def clauses(text: str) -> list[str]:
    return [text[a:b] for a, b in clause_spans(text)]


def test_clauses_split_at_sentences_also_and_question_words() -> None:
    assert clauses("Where is W1? Also, could you send the invoice?") == [
        "Where is W1?",
        "Also, could you send the invoice?",
    ]
    assert clauses("I need the receipt for W1, and when will W2 arrive?") == [
        "I need the receipt for W1",
        "and when will W2 arrive?",
    ]
    assert clauses("Where is my order?cancel W2") == ["Where is my order?", "cancel W2"]
    assert clauses("I paid $12.50 for the lamp and the cable.") == [
        "I paid $12.50 for the lamp and the cable."
    ]


def test_only_tickets_with_a_cue_are_examined() -> None:
    assert not looks_multi("Where is my order #W7678072? Thanks!", [])
    assert looks_multi("Where is my order? Also I want to change my address.", [])
    two = [{"type": "order_id", "value": "#W1111111"}, {"type": "order_id", "value": "#W2222222"}]
    assert looks_multi("Please check W1111111 and W2222222", two)


def test_split_pairs_each_request_with_its_own_order(classifier: IntentClassifier) -> None:
    text = "Where is W6711349? Also, could you send me the invoice for W2148041?"
    entities = [order("#W6711349", text), order("#W2148041", text)]
    # the whole-ticket intent says invoice; the clauses say which order each request is about
    found = split(text, "get_invoice", entities, classifier)
    assert [(r["intent"], r["order_id"]) for r in found] == [
        ("track_order", "#W6711349"),
        ("get_invoice", "#W2148041"),
    ]


def test_orders_in_one_clause_share_its_request(classifier: IntentClassifier) -> None:
    text = "Please send invoices for W7913362 and #W6114312."
    entities = [order("#W7913362", text), order("#W6114312", text)]
    found = split(text, "get_invoice", entities, classifier)
    assert [(r["intent"], r["order_id"]) for r in found] == [
        ("get_invoice", "#W7913362"),
        ("get_invoice", "#W6114312"),
    ]


def test_an_unsure_clause_without_an_order_adds_no_request(classifier: IntentClassifier) -> None:
    text = "Where is #W7678072? Also, hmm, blue?"
    entities = [order("#W7678072", text)]
    assert split(text, "track_order", entities, classifier) == []


def test_restatements_are_one_request(classifier: IntentClassifier) -> None:
    text = "Where is my order?\nHi, where is order #W7678072? Also when will it arrive?"
    entities = [order("#W7678072", text)]
    assert split(text, "track_order", entities, classifier) == []


def test_topic_names_the_request() -> None:
    r: Request = {
        "intent": "cancel_order",
        "confidence": 0.9,
        "sure": True,
        "order_id": "#W2052757",
        "order_flag": "ok",
        "product": None,
        "clause": "please cancel #W2052757",
    }
    assert topic(r) == "cancelling order #W2052757"
    assert topic({**r, "intent": "change_shipping_address", "order_id": None}) == (
        "changing the shipping address of your order"
    )
    assert topic({**r, "intent": "edit_account", "order_id": None}) == "edit account"
    assert topic({**r, "intent": "price_inquiry", "order_id": None}) == "the price of a product"
    assert topic({**r, "intent": "check_stock", "product": "Wall Clock"}) == "the availability of Wall Clock"


def test_paragraphs_go_before_the_sign_off() -> None:
    reply = render("inform", "track_order", "", {"answer": "It ships in 2 days."}, "Ava Moore")
    combined = add_before_sign_off(
        reply, passed_on_note(["cancelling order #W1", "the invoice for order #W2"])
    )
    assert combined.startswith(
        "Hi Ava,\n\nIt ships in 2 days.\n\nI have passed your request about cancelling"
    )
    assert "cancelling order #W1 and the invoice for order #W2 to a colleague" in combined
    assert combined.endswith("Best regards,\nCustomer Support")
    # the templated closing line stays last, right above the sign-off
    assert (
        "shortly.\n\nIf you have any other questions, just reply to this message.\n\nBest regards" in combined
    )
    assert add_before_sign_off("Your order shipped.", "More.") == "Your order shipped.\n\nMore."


def test_orders_outside_any_request_clause_share_the_ticket_level_prediction(
    classifier: IntentClassifier,
) -> None:
    text = "I ordered #W1111111 and #W2222222 last week."  # no question or request: no model call
    entities = [order("#W1111111", text), order("#W2222222", text)]
    found = split_requests(
        text, intent="track_order", confidence=0.4, sure=False, entities=entities, classifier=classifier
    )
    assert [(r["intent"], r["order_id"], r["sure"]) for r in found] == [
        ("track_order", "#W1111111", False),
        ("track_order", "#W2222222", False),
    ]


def test_a_lookup_clause_is_sure_when_the_intents_of_its_plan_add_up() -> None:
    from supportbot.agent.requests import lookup_plan_probability

    # about an order, "how long does delivery take" is that order's tracking lookup
    top = [("track_order", 0.71), ("delivery_period", 0.28), ("damaged_item", 0.01)]
    assert lookup_plan_probability(top, with_order=True) == 0.99
    assert lookup_plan_probability(top, with_order=False) == 0.0  # no order: the bot must ask which
    general = [("delivery_period", 0.71), ("track_order", 0.28)]
    assert lookup_plan_probability(general, with_order=False) == 0.71  # store answer vs lookup: apart
    assert lookup_plan_probability([("check_stock", 0.6), ("price_inquiry", 0.39)], with_order=False) == 0.99
    # actions and human-only cases are never rescued in a clause
    assert lookup_plan_probability([("cancel_order", 0.9), ("return_item", 0.09)], with_order=True) == 0.0
    assert lookup_plan_probability([("missing_item", 0.99)], with_order=True) == 0.0
    assert lookup_plan_probability([("out_of_scope", 1.0)], with_order=True) == 0.0


def test_an_unsure_tracking_clause_is_answered_when_its_plan_is_sure() -> None:
    shipped = load_intent_classifier(load_settings())  # the real 0.98 threshold
    text = "Please send me the receipt for W1111111, and when will W2222222 arrive?"
    clause = shipped.predict("and when will W2222222 arrive?")
    assert clause.low_confidence and clause.intent == "track_order", f"model changed: {clause.top}"
    entities = [order("#W1111111", text), order("#W2222222", text)]
    kwargs: dict[str, Any] = {
        "intent": "get_invoice", "confidence": 0.99, "sure": True, "entities": entities, "classifier": shipped
    }  # fmt: skip
    without = split_requests(text, **kwargs)
    assert [(r["intent"], r["sure"]) for r in without] == [("get_invoice", True), ("track_order", False)]
    found = split_requests(text, **kwargs, threshold=0.98)
    assert [(r["intent"], r["order_id"], r["sure"]) for r in found] == [
        ("get_invoice", "#W1111111", True),
        ("track_order", "#W2222222", True),
    ]
