from __future__ import annotations

from supportbot.entities.textnorm import clean


def test_ascii_is_unchanged() -> None:
    c = clean("order #W2611340")
    assert c.text == "order #W2611340" and not c.changed


def test_zero_width_characters_are_removed_and_offsets_map_back() -> None:
    text = "order #W26\u200b113\u200d40 please"
    c = clean(text)
    assert c.text == "order #W2611340 please"
    start = c.text.index("#W")
    assert c.span_to_original(start, start + 9) == (6, 17)
    assert text[6:17] == "#W26\u200b113\u200d40"


def test_fullwidth_and_lookalike_letters_and_foreign_digits_are_folded() -> None:
    assert clean("\uff37\uff12\uff16\uff11\uff11\uff13\uff14\uff10").text == "W2611340"  # full-width
    assert clean("\u051c2611340").text == "W2611340"  # Cyrillic WE
    assert clean("W\u0662\u0666\u0661\u0661\u0663\u0664\u0660").text == "W2611340"  # Arabic-Indic digits


def test_lone_surrogates_do_not_break_cleaning() -> None:
    c = clean("order \ud800 W2611340")
    assert "W2611340" in c.text
