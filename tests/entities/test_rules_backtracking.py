"""No pattern may backtrack catastrophically: adversarial inputs run in linear time."""

from __future__ import annotations

import datetime as dt
import time

import pytest

from supportbot.entities.rules import find_all
from supportbot.entities.textnorm import clean

N = 50_000
ADVERSARIAL = {
    "digits": "1" * N,
    "digits and commas": "1," * N,
    "email-like": "a." * N + "@",
    "email domain": "a@" + "b-" * N,
    "order context": "order no no no " * (N // 15) + "x",
    "spaces after order": "order" + " " * N + "x",
    "hashes": "#W" * N,
    "currency": "$" * N + "1",
    "dates": "1/1/" * N,
    "month words": "November " * (N // 9),
    "names": "this is " + "Aa " * (N // 3),
    "mixed": "order #W12 $1,2 a@b. Nov 3 " * (N // 27),
    "zero-width": "W\u200b" * N,
}


@pytest.mark.parametrize("name", sorted(ADVERSARIAL))
def test_rules_are_linear_on_adversarial_input(name: str) -> None:
    text = ADVERSARIAL[name]
    started = time.perf_counter()
    find_all(clean(text).text, dt.date(2026, 11, 20))
    elapsed = time.perf_counter() - started
    # Linear work on 50k-100k characters takes milliseconds; catastrophic backtracking takes
    # minutes. The bound leaves room for a loaded shared machine.
    assert elapsed < 2.0, f"{name}: {elapsed:.2f}s"
