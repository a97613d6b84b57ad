"""Varied openers and closers, so the fine-tuned model does not learn one stock phrase."""

from __future__ import annotations

import random

OPENERS_NAMED = (
    "Hi {name},",
    "Hello {name},",
    "Dear {name},",
    "Hi {name}, thanks for getting in touch.",
    "Thanks for your message, {name}.",
    "Hello {name}, thank you for reaching out.",
)
OPENERS_ANON = (
    "Hi,",
    "Hello,",
    "Thanks for getting in touch.",
    "Thank you for your message.",
    "Hello, and thanks for reaching out.",
    "",
)
CLOSERS = (
    "",
    "",
    "Is there anything else I can help you with?",
    "Let me know if you have any other questions.",
    "Happy to help with anything else.",
    "Have a great day!",
    "Just reply to this message if you need anything else.",
)
APOLOGIES = (
    "I'm sorry about that.",
    "I'm sorry for the trouble.",
    "I understand how frustrating this is.",
    "Sorry for the inconvenience.",
    "I apologise for the hassle.",
)


def compose(rng: random.Random, first_name: str | None, body: str, *, apology: bool = False) -> str:
    """Opener (using the first name when known) + optional apology + body + closer."""
    openers = OPENERS_NAMED if first_name else OPENERS_ANON
    parts = [rng.choice(openers).format(name=first_name)]
    if apology:
        parts.append(rng.choice(APOLOGIES))
    parts.append(body.strip())
    parts.append(rng.choice(CLOSERS))
    separator = "\n\n" if rng.random() < 0.5 else " "
    return separator.join(part for part in parts if part).strip()


def pick(rng: random.Random, *variants: str) -> str:
    return rng.choice(variants)
