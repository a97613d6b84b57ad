"""Find personal data that should not be there: in log output, in exports, in a reply.

Independent of the masking patterns on purpose: it looks for anything shaped like an e-mail
address or a Luhn-valid card number, and for *known* values (a customer's e-mail, phone digits,
card digits, address line, another customer's order ids) wherever they appear, separators and
case ignored.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

_ANY_EMAIL = re.compile(r"[\w.%+\-]{1,64}@[\w\-]{1,63}(?:\.[\w\-]{1,63})*\.[A-Za-z]{2,24}")
_DIGIT_RUN = re.compile(r"(?<![\d.])\d(?:[ \-]?\d){12,18}(?!\d)")
_SEPARATED_DIGITS = re.compile(r"\d(?:[ .\-()/]{0,3}\d)*")


def _luhn_ok(digits: str) -> bool:
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch) * (2 if i % 2 else 1)
        total += d - 9 if d > 9 else d
    return total % 10 == 0


def _digits(text: str) -> str:
    return "".join(ch for ch in text if ch.isdigit())


def find_leaks(text: str, known: Iterable[str] = (), *, generic: bool = True) -> list[str]:
    """Every suspicious finding in ``text`` as a short description (empty list: clean).

    ``known`` values are matched case-insensitively as whole words; values with 7+ digits are also
    matched on their digits alone (so ``(303) 555-0147`` is found as ``3035550147``). ``generic``
    also reports anything shaped like an e-mail address or a Luhn-valid card number."""
    found: list[str] = []
    if generic:
        found += [f"email: {m.group(0)}" for m in _ANY_EMAIL.finditer(text)]
        found += [
            f"card number: {m.group(0)}" for m in _DIGIT_RUN.finditer(text) if _luhn_ok(_digits(m.group(0)))
        ]
    lowered = text.lower()
    digit_runs = [_digits(m.group(0)) for m in _SEPARATED_DIGITS.finditer(text)]
    for value in known:
        value = value.strip()
        if not value:
            continue
        if re.search(rf"(?<!\w){re.escape(value.lower())}(?!\w)", lowered):
            found.append(f"known value: {value}")
            continue
        digits = _digits(value)
        if (
            len(digits) >= 7
            and len(digits) >= len(value.replace(" ", "")) - 6
            and any(digits in run for run in digit_runs)
        ):
            found.append(f"known digits: {value}")
    return found
