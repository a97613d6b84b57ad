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


def test_short_dutch_and_portuguese_tickets_are_not_taken_for_english() -> None:
    """Their English-looking words ("is", "me") used to pass the English shortcut."""
    assert detect_language("Hallo, waar is mijn bestelling #W4437712? Is die al verzonden?") == "nl"
    assert detect_language("Het pakket is beschadigd aangekomen en de lamp is kapot.") == "nl"
    assert detect_language("Podem enviar-me a fatura da encomenda #W2274409?") == "pt"
    # never English, at worst unknown (both route the ticket to a person)
    assert detect_language("Hoe kan ik een artikel retourneren? De broek past niet.") != "en"
    # English typos with one stray foreign-looking word stay English
    assert detect_language("edit info o premium account") == "en"
    assert detect_language("Is my order on its way?") == "en"
