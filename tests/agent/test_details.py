from __future__ import annotations

import time

from supportbot.agent.details import parse_address, wanted_payment_method

METHODS = [
    {"payment_method_id": "paypal_1", "type": "paypal"},
    {"payment_method_id": "credit_card_2", "type": "credit_card"},
    {"payment_method_id": "gift_card_3", "type": "gift_card"},
]


def test_us_address_with_apartment() -> None:
    assert parse_address(
        "please ship order #W8343509 to 1200 Larimer Street, Apt 4, Denver, CO 80204 instead"
    ) == {
        "address1": "1200 Larimer Street",
        "address2": "Apt 4",
        "city": "Denver",
        "state": "CO",
        "country": "USA",
        "zip": "80204",
    }


def test_no_address_means_none() -> None:
    assert parse_address("change the address of order #W8343509 please") is None
    assert parse_address("my zip is 80204") is None


def test_address_parser_is_linear_on_hostile_input() -> None:
    start = time.perf_counter()
    parse_address("1 " + "a" * 4000 + ", " * 500)
    parse_address(("12 Main St, " * 400) + "Denver, XX")
    assert time.perf_counter() - start < 1.0


def test_wanted_payment_method_is_unambiguous_only() -> None:
    assert wanted_payment_method("please charge my gift card instead", METHODS, None) == "gift_card_3"
    assert wanted_payment_method("use my card instead of PayPal", METHODS, None) == "credit_card_2"
    assert wanted_payment_method("can I pay differently?", METHODS, None) is None
    two_cards = [*METHODS, {"payment_method_id": "credit_card_9", "type": "credit_card"}]
    assert wanted_payment_method("switch to my credit card", two_cards, None) is None
