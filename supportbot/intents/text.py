"""Making any input safe to classify: bytes, control characters, huge texts."""

from __future__ import annotations

import re
import unicodedata

# The request is near the top of a ticket; beyond this the text only costs time.
MAX_CLASSIFY_CHARS = 4000

_SPACES = re.compile(r"[ \t\r\f\v]+")
_NEWLINES = re.compile(r"\n{3,}")


def clean_text(text: object, max_chars: int = MAX_CLASSIFY_CHARS) -> str:
    """A printable, bounded string from whatever we were given (never raises)."""
    if isinstance(text, bytes | bytearray):
        text = bytes(text[: max_chars * 4]).decode("utf-8", errors="replace")
    elif not isinstance(text, str):
        text = "" if text is None else str(text)
    text = text[: max_chars * 2]
    text = "".join(ch if ch in "\n\t" or unicodedata.category(ch)[0] != "C" else " " for ch in text).replace(
        "\ufffd", " "
    )
    text = _NEWLINES.sub("\n\n", _SPACES.sub(" ", text)).strip()
    return text[:max_chars]


def letter_count(text: str) -> int:
    return sum(ch.isalpha() for ch in text)
