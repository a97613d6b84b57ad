from __future__ import annotations

from supportbot.intents.language import detect_language
from supportbot.intents.text import MAX_CLASSIFY_CHARS, clean_text


def test_clean_text_bounds_and_sanitises() -> None:
    assert clean_text(None) == ""
    assert clean_text(b"where is\x00 my order\xff") == "where is my order"
    assert len(clean_text("x" * 2_000_000)) == MAX_CLASSIFY_CHARS
    assert clean_text("a\n\n\n\n\nb \t  c") == "a\n\nb c"


def test_detect_language() -> None:
    assert detect_language("Where is my order? It has not arrived.") == "en"
    assert detect_language("Je voudrais annuler ma commande, s'il vous plaît.") == "fr"
    assert detect_language("") == "unknown"
    assert detect_language("12345 !!!") == "unknown"
