"""Text clean-up before extraction, with a map back to the original offsets.

Customers paste ids from PDFs, phones and chat apps. Zero-width and other invisible format
characters are removed, compatibility forms are folded (NFKC: full-width ``Ｗ２６１１３４０``,
ligatures, superscripts), decimal digits of any script become ASCII digits, and a small table
of look-alike letters (Cyrillic/Greek/Latin-extended letters that render like ``W``) is mapped
to ASCII. Anything else that is not ASCII stays as it is, so an id with a foreign letter in it
no longer matches the id patterns and is rejected rather than guessed.

Every character of the cleaned text keeps the index of the original character it came from, so
spans found in the cleaned text are reported at their true position in the ticket.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

# Invisible characters that can hide inside an id: zero-width space/joiners, word joiner,
# BOM, soft hyphen, bidi marks and isolates, invisible operators.
_INVISIBLE = frozenset(
    "\u00ad\u180e\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e"
    "\u2060\u2061\u2062\u2063\u2064\u2066\u2067\u2068\u2069\ufeff"
)
# Letters that look like ASCII letters used in ids (order ids start with W). Kept small and
# explicit: a wrong mapping could turn text into an id nobody wrote.
_LOOKALIKES = {
    "\u051c": "W",  # Cyrillic capital WE
    "\u051d": "w",  # Cyrillic small we
    "\u13b3": "W",  # Cherokee letter LA
    "\u1d21": "w",  # Latin letter small capital W
    "\u0460": "W",  # Cyrillic capital OMEGA (rendered W-like in many fonts)
    "\u0461": "w",
    "\u2375": "w",
    "\u0445": "x",  # Cyrillic small HA
    "\u0425": "X",
    "\u043e": "o",  # Cyrillic small O
    "\u041e": "O",
    "\u0430": "a",  # Cyrillic small A
    "\u0410": "A",
    "\u0435": "e",  # Cyrillic small IE
    "\u0415": "E",
    "\u0441": "c",  # Cyrillic small ES
    "\u0421": "C",
    "\u0440": "p",  # Cyrillic small ER
    "\u0420": "P",
}


@dataclass(frozen=True)
class CleanText:
    """The cleaned text and, for each of its characters, the index in the original."""

    original: str
    text: str
    origin: tuple[int, ...]
    changed: bool

    def span_to_original(self, start: int, end: int) -> tuple[int, int]:
        """Original ``[start, end)`` of the cleaned ``[start, end)`` (``end > start``)."""
        if not self.origin:
            return 0, 0
        start = min(max(start, 0), len(self.origin) - 1)
        last = min(max(end - 1, start), len(self.origin) - 1)
        return self.origin[start], self.origin[last] + 1


def _fold(ch: str) -> str:
    if ch in _INVISIBLE:
        return ""
    if ch in _LOOKALIKES:
        return _LOOKALIKES[ch]
    if ch.isascii():
        return ch
    if unicodedata.category(ch) == "Nd":
        return str(unicodedata.decimal(ch))
    if unicodedata.category(ch) == "Cf":  # any other invisible format character
        return ""
    folded = unicodedata.normalize("NFKC", ch)
    # NFKC can yield digits of other scripts or look-alikes again; fold once more.
    return "".join(
        str(unicodedata.decimal(c)) if unicodedata.category(c) == "Nd" else _LOOKALIKES.get(c, c)
        for c in folded
    )


def clean(text: str) -> CleanText:
    """Clean ``text`` for matching; O(n), never raises on any ``str``."""
    if text.isascii():
        return CleanText(text, text, tuple(range(len(text))), False)
    out: list[str] = []
    origin: list[int] = []
    for index, ch in enumerate(text):
        folded = _fold(ch)
        # Lone surrogates and other unencodable code points become a space.
        folded = "".join(c if not 0xD800 <= ord(c) <= 0xDFFF else " " for c in folded)
        out.append(folded)
        origin.extend([index] * len(folded))
    cleaned = "".join(out)
    return CleanText(text, cleaned, tuple(origin), cleaned != text)
