from __future__ import annotations

from supportbot.agent.grounding import unsupported_facts

FACTS = {
    "order": {
        "order_id": "#W2611340",
        "status": "processed",
        "total": 536.65,
        "placed_at": "2026-11-17T10:00+00:00",
    },
    "tracking_ids": ["357962501027"],
}


def test_grounded_reply_passes() -> None:
    reply = "Order #W2611340 is processed. Tracking number 357962501027, total $536.65."
    assert unsupported_facts(reply, "where is W2611340", FACTS, ["Water Bottle"]) == []


def test_each_invented_fact_is_caught() -> None:
    reply = (
        "Order #W9999999 is delivered, tracking 123456789012, refund of $12.50 on 2026-12-01. "
        "Your Office Chair is on its way."
    )
    problems = unsupported_facts(reply, "where is my order", FACTS, ["Office Chair", "Water Bottle"])
    assert "order #W9999999" in problems
    assert "number 123456789012" in problems
    assert "amount 12.50" in problems
    assert "date 2026-12-01" in problems
    assert "status delivered" in problems
    assert "product Office Chair" in problems


def test_facts_from_the_ticket_count_as_grounded() -> None:
    ticket = "I paid $20.00 for the Water Bottle in order #W1111111"
    assert (
        unsupported_facts(
            "You paid $20.00 for the Water Bottle in order #W1111111.", ticket, {}, ["Water Bottle"]
        )
        == []
    )


def test_degenerate_replies_are_caught() -> None:
    from supportbot.agent.nodes.verify import degenerate

    assert degenerate("ok") == "garbled reply"
    assert degenerate("TICKET: where is my order\nFACTS: {}") == "prompt echoed in reply"
    assert degenerate("You are a lie. You are a lie. You are a lie. You are a lie.") == "looping reply"
    assert degenerate("thanks thanks " * 20) == "looping reply"
    assert (
        degenerate("Hi Noah, your order #W7678072 was delivered. The tracking number is 517177699738.")
        is None
    )


def test_replies_must_state_the_key_facts() -> None:
    from supportbot.agent.completeness import missing_facts

    facts = {"order": {"order_id": "#W7678072"}, "tracking_ids": ["517177699738"]}
    assert "missing tracking number 517177699738" in missing_facts(
        "Your order is on its way.", "track_order", "inform", facts
    )
    assert (
        missing_facts("Order W7678072 ships with tracking 517177699738.", "track_order", "inform", facts)
        == []
    )
    refunds = {"order": {"order_id": "#W1"}, "refunds": [{"amount": 206.6}]}
    assert missing_facts("Your refund is on its way.", "track_refund", "inform", refunds) == [
        "missing refund amount 206.6"
    ]
    assert missing_facts("We refunded $206.60 to PayPal.", "track_refund", "inform", refunds) == []
    answer = {"answer": "We accept credit cards, PayPal and gift cards."}
    assert missing_facts(
        "Please visit our website to get a credit card.", "check_payment_methods", "inform", answer
    )
    assert (
        missing_facts(
            "We accept credit cards, PayPal and gift cards.", "check_payment_methods", "inform", answer
        )
        == []
    )
    done = {"action": {"order_id": "#W2974929", "status": "ok"}}
    assert missing_facts("Done, it is cancelled.", "cancel_order", "resolve", done) == [
        "missing order #W2974929"
    ]


def test_replies_seen_with_the_shipped_adapter_are_incomplete() -> None:
    """Replies the 261-step adapter wrote for the sample tickets, which went out before this check."""
    from supportbot.agent.completeness import missing_facts

    invoice = {"order": {"order_id": "#W4506173"}, "invoice": "Invoice for order #W4506173 ..."}
    assert missing_facts(
        "Thank you for reaching out. I apologize for any inconvenience caused.",
        "get_invoice",
        "inform",
        invoice,
    ) == ["missing order #W4506173"]
    pending = {"order": {"order_id": "#W1130000", "status": "pending"}}
    assert missing_facts("Order #W11300000 has not shipped yet.", "track_order", "inform", pending) == [
        "missing order #W1130000"
    ]
    product = {"product": {"name": "Espresso Machine", "variants": []}}
    assert missing_facts(
        "Dear Chen, Thanks for your message. Have a great day!", "check_stock", "inform", product
    )
    assert missing_facts("The Espresso Machine is in stock.", "check_stock", "inform", product) == []
    which = {"recent_orders": []}
    assert missing_facts(
        "Thanks for your message, I'm here to help.", "change_payment_method", "clarify", which
    ) == ["missing the question to the customer"]


def test_an_order_id_with_a_wrong_digit_count_is_unsupported() -> None:
    facts = {"order": {"order_id": "#W1130000"}}
    assert unsupported_facts("Order #W11300000 has not shipped yet.", "", facts)
    assert unsupported_facts("Order #W1130000 has not shipped yet.", "", facts) == []


def test_a_sentence_repeated_three_times_is_a_loop() -> None:
    from supportbot.agent.nodes.verify import degenerate

    reply = "Hello, I can see your order. Let me know if you need more. Have a great day! Have a great day! Have a great day!"
    assert degenerate(reply) == "looping reply"
    assert degenerate("Hello, I can see your order. Have a great day!") is None


def test_product_names_are_matched_case_insensitively_and_in_the_plural() -> None:
    products = ["Water Bottle", "Desk Lamp", "Laptop"]
    assert unsupported_facts("Your WATER BOTTLES are on the way.", "where is it", {}, products) == [
        "product Water Bottle"
    ]
    assert unsupported_facts("Your laptop bag ships today.", "the laptop", {}, products) == []
    assert unsupported_facts("Desk Lampshade ships today.", "hi", {}, products) == []


def test_an_invented_phone_number_is_caught_and_a_grounded_one_passes() -> None:
    ticket = "Where is W6711349?"
    invented = "You can contact us at +1 (111) 6711349 about order #W6711349."
    assert unsupported_facts(invented, ticket, {}) == ["number +1 (111) 6711349"]
    store = {"support": {"phone": "+1 (800) 555-0199"}}
    assert unsupported_facts("Call us at +1 (800) 555-0199.", ticket, store) == []
    # dates, times and short figures are not phone numbers
    dated = "It was placed 2026-11-16 10:12 and ships in 3-5 days."
    assert unsupported_facts(dated, "placed 2026-11-16 10:12", {}) == []


def test_amounts_of_a_thousand_and_more_are_read_whole_with_or_without_a_comma() -> None:
    facts = {"refunds": [{"amount": "1545.53", "method": "Gift card"}]}
    for written in ("$1545.53", "$1,545.53", "1545.53 USD"):
        assert unsupported_facts(f"{written} is going back to your gift card.", "", facts) == [], written
    assert unsupported_facts("$1,645.53 is going back to your gift card.", "", facts) == ["amount 1645.53"]
    assert unsupported_facts("$1645.53 is going back to your gift card.", "", facts) == ["amount 1645.53"]
