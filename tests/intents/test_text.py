from __future__ import annotations

from supportbot.intents.language import detect_language
from supportbot.intents.text import MAX_CLASSIFY_CHARS, clean_text, strip_email_wrapping


def test_clean_text_bounds_and_sanitises() -> None:
    assert clean_text(None) == ""
    assert clean_text(b"where is\x00 my order\xff") == "where is my order"
    assert len(clean_text("x" * 2_000_000)) == MAX_CLASSIFY_CHARS
    assert clean_text("a\n\n\n\n\nb \t  c") == "a\n\nb c"


def test_strip_email_wrapping_keeps_only_the_body() -> None:
    email = "Hello Anna,\nMy parcel is late.\nCan you check?\nBest wishes,\nOle Hansen"
    assert strip_email_wrapping(email) == "My parcel is late.\nCan you check?"
    assert strip_email_wrapping("where is my order") == "where is my order"
    # a text that is nothing but wrapping stays as it is
    assert strip_email_wrapping("Hi,\nThanks,") == "Hi,\nThanks,"
    # a comma line far from the end is content, not a sign-off
    body = (
        "Hi,\nI ordered two lamps, a chair,\nand a desk.\nOne lamp is missing.\nIt was a gift.\nPlease help."
    )
    assert "I ordered two lamps, a chair," in strip_email_wrapping(body)


def test_detect_language() -> None:
    assert detect_language("Where is my order? It has not arrived.") == "en"
    assert detect_language("Je voudrais annuler ma commande, s'il vous plaît.") == "fr"
    assert detect_language("") == "unknown"
    assert detect_language("12345 !!!") == "unknown"
