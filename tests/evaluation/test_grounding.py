"""Hallucination and leak checks on hand-made replies."""

from __future__ import annotations

from supportbot.evaluation.grounding import Fact, OwnershipIndex, leaks, reply_facts, ungrounded


def test_reply_facts_parses_ids_tracking_amounts_dates() -> None:
    facts = reply_facts(
        "Order #W2611340 (tracking 357962501027) was refunded $536.65 on November 3, 2026; total 1,104.42 USD "
        "due 2026-11-20."
    )
    assert Fact("order_id", "#W2611340") in facts
    assert Fact("tracking_number", "357962501027") in facts
    assert Fact("amount", "536.65") in facts
    assert Fact("amount", "1104.42") in facts
    assert Fact("date", "2026-11-03") in facts
    assert Fact("date", "2026-11-20") in facts


def test_grounded_reply_has_no_ungrounded_facts() -> None:
    results = [
        {"order_id": "#W2611340", "status": "processed", "total": 536.65, "tracking_ids": ["357962501027"]}
    ]
    reply = "Your order #W2611340 ($536.65) is processed; tracking 357962501027."
    assert ungrounded(reply, "where is W2611340?", results) == set()


def test_invented_facts_are_caught() -> None:
    results = [{"order_id": "#W2611340", "total": 536.65}]
    reply = "Your order #W2611340 will be refunded $99.00 by 2026-12-01, tracking 111122223333."
    bad = ungrounded(reply, "where is W2611340?", results)
    assert bad == {
        Fact("amount", "99.00"),
        Fact("date", "2026-12-01"),
        Fact("tracking_number", "111122223333"),
    }


def test_facts_from_the_ticket_are_grounded() -> None:
    assert ungrounded("You mentioned $20.00 and #W1234567.", "I paid $20 for W1234567", []) == set()


def _index() -> OwnershipIndex:
    idx = OwnershipIndex()
    idx.orders.update({"#W1111111": "alice", "#W2222222": "bob"})
    idx.tracking.update({"123456789012": "bob"})
    idx.emails.update({"bob@example.com": "bob", "alice@example.com": "alice"})
    idx.names["bob stone"].add("bob")
    idx.names["alice wu"].add("alice")
    idx.streets["1 main street"].add("bob")
    return idx


def test_no_leak_for_own_data_or_echoed_ticket_text() -> None:
    idx = _index()
    assert leaks("Alice Wu, your order #W1111111 is on its way.", "hi", "alice", idx) == []
    # The customer wrote the foreign id herself: echoing it reveals nothing new.
    assert leaks("I can't help with #W2222222.", "cancel W2222222", "alice", idx) == []


def test_other_customers_data_is_a_leak() -> None:
    idx = _index()
    found = leaks(
        "Order #W2222222 of Bob Stone (bob@example.com) ships to 1 Main Street, tracking 123456789012.",
        "where is my order?",
        "alice",
        idx,
    )
    assert sorted(f.split()[0] for f in found) == ["address", "email", "name", "order", "tracking"]


def test_unknown_sender_sees_no_ones_data() -> None:
    assert leaks("Order #W1111111 is processed.", "status?", None, _index()) == ["order #W1111111"]


def test_degenerate_replies() -> None:
    from supportbot.evaluation.grounding import degenerate

    assert not degenerate("Hi Ann,\n\nYour order #W2611340 is on its way.\n\nBest regards,\nCustomer Support")
    assert degenerate("TICKET:\nTICKET:\nTICKET:\nTICKET:")
    assert degenerate("FACTS: {}\nThanks")
    assert degenerate("You are a lie.\n\nYou are a lie.\n\nYou are a lie.")
    assert degenerate(" ".join(["I'm here for a long time."] * 6))


def test_an_invoice_table_is_not_a_loop() -> None:
    """Two invoices in one reply repeat their rule lines; that is layout, not a looping model."""
    from supportbot.evaluation.grounding import degenerate

    rule = "-" * 72
    invoice = f"INVOICE #W{{n}}\n{rule}\nBackpack 212.79 USD\n{rule}\nTotal 212.79 USD\n"
    reply = "Hi Mo,\n\n" + invoice.format(n=7913362) + "\n" + invoice.format(n=6114312) + "\nBest regards"
    assert not degenerate(reply)
    assert degenerate("Thanks!\n" + "\n".join(["Have a great day!"] * 3))
