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


_MAX_WRAPPER_WORDS = 6


def _is_wrapper_line(line: str) -> bool:
    """A short line ending with a comma: 'Hi Anna,', 'Kind regards,'."""
    return line.endswith(",") and len(line.split()) <= _MAX_WRAPPER_WORDS


def strip_email_wrapping(text: str) -> str:
    """Drop an email's greeting line and its sign-off block, by shape only (no word lists).

    The greeting is a short first line ending with a comma; the sign-off is a short line ending with
    a comma among the last three lines, with everything after it (the name). Single-line texts and
    texts that would become empty are returned unchanged.
    """
    lines = [line.strip() for line in text.split("\n") if line.strip()]
    if len(lines) < 2:
        return text
    start = 1 if _is_wrapper_line(lines[0]) else 0
    end = len(lines)
    for i in range(len(lines) - 1, max(start, len(lines) - 3) - 1, -1):
        if _is_wrapper_line(lines[i]):
            end = i
            break
    body = lines[start:end]
    return "\n".join(body) if body else text
