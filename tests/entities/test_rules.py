from __future__ import annotations

import datetime as dt

import pytest

from supportbot.entities.rules import find_all, find_amounts, find_dates, find_ids

TODAY = dt.date(2026, 11, 20)


def ids(text: str) -> list[tuple[str, str, str]]:
    return [(c.type, text[c.start : c.end], c.value) for c in find_ids(text)]


@pytest.mark.parametrize(
    ("text", "surface"),
    [
        ("where is W2611340?", "W2611340"),
        ("status of #w2611340 please", "#w2611340"),
        ("order 2611340 is late", "2611340"),
        ("order no: W2611340", "W2611340"),
        ("Order number: 2611340.", "2611340"),
        ("my order #2611340", "#2611340"),
        ("purchase 0002611340", "0002611340"),
        ("order id 2611340", "2611340"),
        ("order#2611340", "#2611340"),
        ("ORDER-2611340", "2611340"),
    ],
)
def test_order_id_spellings(text: str, surface: str) -> None:
    assert ids(text) == [("order_id", surface, "#W2611340")]


def test_bitext_long_ids_need_order_context() -> None:
    assert ids("cancel purchase 732201349959") == [("order_id", "732201349959", "#732201349959")]
    assert ids("732201349959") == []


def test_order_lists_after_one_context_word() -> None:
    found = ids("orders 2611340, 2611341 and W1234567")
    assert [v for _, _, v in found] == ["#W2611340", "#W2611341", "#W1234567"]


@pytest.mark.parametrize(
    "text",
    [
        "call me at 555-261-1340",
        "call me at 2611340",
        "my phone +1 2611340",
        "zip 94103, unit 2611340B",
        "I paid $2611340 for it",
        "it weighs 2611340.5 grams",
        "ticket 26113401",
        "from 2026-11-03 to 2026-11-05",
        "W2611340X",
        "ЖW2611340",
    ],
)
def test_no_false_order_ids(text: str) -> None:
    assert [f for f in ids(text) if f[0] == "order_id"] == []


def test_tracking_and_invoice_context() -> None:
    assert ids("tracking number 357962501027") == [("tracking_number", "357962501027", "357962501027")]
    assert ids("UPS 1Z999AA10123456784 please") == [
        ("tracking_number", "1Z999AA10123456784", "1Z999AA10123456784")
    ]
    assert ids("invoice #85632") == [("invoice_id", "#85632", "#85632")]
    assert ids("bill no. 12588") == [("invoice_id", "12588", "#12588")]


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("refund $54.04 now", "54.04 USD"),
        ("I paid 1,234.50 dollars", "1234.50 USD"),
        ("that was €20", "20.00 EUR"),
        ("charged 12.50USD", "12.50 USD"),
        ("USD 99", "99.00 USD"),
        ("£7.5 please", "7.50 GBP"),
    ],
)
def test_amounts(text: str, value: str) -> None:
    assert [c.value for c in find_amounts(text)] == [value]


def test_bare_numbers_are_not_amounts() -> None:
    assert find_amounts("I want 2 of them, size 10, zip 94103") == []


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("on 2026-11-03", "2026-11-03"),
        ("on 11/03/2026", "2026-11-03"),
        ("Nov 3rd", "2026-11-03"),
        ("November 3, 2025", "2025-11-03"),
        ("3 November 2026", "2026-11-03"),
        ("the 17th of October.", "2026-10-17"),
        ("yesterday", "2026-11-19"),
        ("3 days ago", "2026-11-17"),
        ("last Monday", "2026-11-16"),
        ("Dec 24", "2026-12-24"),
    ],
)
def test_dates(text: str, value: str) -> None:
    assert [c.value for c in find_dates(text, TODAY)] == [value]


def test_date_order_setting_and_invalid_dates() -> None:
    assert [c.value for c in find_dates("03/11/2026", TODAY, "DMY")] == ["2026-11-03"]
    assert [c.value for c in find_dates("25/12/2025", TODAY, "MDY")] == ["2025-12-25"]
    assert find_dates("13/13/2026 and 2026-02-30", TODAY) == []
    assert find_dates("you may 3 times", TODAY) == []


def test_find_all_emails_lowercased() -> None:
    found = find_all("write to Noah.Brown7922@Example.com.", TODAY)
    assert [(c.type, c.value) for c in found] == [("email", "noah.brown7922@example.com")]
