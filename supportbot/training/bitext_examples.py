"""Bitext customer-support responses turned into grounded reply examples.

Every ``{{Placeholder}}`` is replaced by a realistic value. Values a fact checker would look at
(order ids, invoice numbers, phone numbers, e-mail addresses, the shop's name and website, support
hours, names) are put into the example's FACTS as well, so the model learns to copy them from the
prompt. Menu labels such as ``{{Order History}}`` become plain words. Rows whose placeholders need
values we cannot ground (fees, dates, day counts, response times) are left out, and so are rows
whose reply still states a fact the prompt lacks (checked with :func:`training.grounding.ungrounded`).
"""

from __future__ import annotations

import csv
import random
import re
from collections.abc import Iterator
from typing import Any

from supportbot.paths import BITEXT_CSV
from supportbot.taxonomy import load_taxonomy
from supportbot.training.demo_values import DemoOrder, pick_order, pick_store
from supportbot.training.examples import ReplyExample
from supportbot.training.grounding import ungrounded

PLACEHOLDER = re.compile(r"\{\{([^{}]+)\}\}")
# Placeholders that ask for a value we cannot ground in FACTS: such rows are skipped.
UNGROUNDED = re.compile(
    r"fee|days|date|time frame|timeframe|processing time|response time|arrival|period|start time|"
    r"end time|weekend|holiday|instructions|list of|circumstances|situations|conditions|amount",
    re.IGNORECASE,
)
INFO_TASK = "Answer the customer's question ({intent}) using the store facts."


def bitext_intent_map() -> dict[str, str]:
    """Bitext label -> taxonomy intent."""
    return {spec.bitext: name for name, spec in load_taxonomy().intents.items() if spec.bitext}


def read_bitext_rows() -> list[dict[str, str]]:
    with BITEXT_CSV.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


class _Filler:
    """Chooses one value per placeholder kind for a row, recording grounded ones as facts."""

    def __init__(self, rng: random.Random, order: DemoOrder) -> None:
        self.rng = rng
        self.order = order
        self.store = pick_store(rng)
        # Only the values the reply uses (short prompts keep CPU training affordable).
        self.facts: dict[str, Any] = {"store_name": self.store["store_name"]}
        self.invoice_id = f"INV-{rng.randint(100000, 999999)}"

    def _support(self, key: str) -> str:
        value: str = self.store["support"][key]
        self.facts.setdefault("support", {})[key] = value
        return value

    def _fact(self, key: str, value: str) -> str:
        self.facts[key] = value
        return value

    def value(self, name: str) -> str | None:
        low = name.lower()
        if UNGROUNDED.search(low):
            return None
        if "phone" in low:
            return self._support("phone")
        if "email" in low:
            return self._support("email")
        if "hours" in low or "availability" in low:
            return self._support("hours")
        if "url" in low:
            return self._fact("website", str(self.store["website"]))
        if "website" in low or "company" in low or "app name" in low:
            return self.store["store_name"]  # store_name is always a fact
        if ("order" in low or "purchase" in low) and ("number" in low or " id" in low):
            return self._fact("order_id", self.order.order_id)
        if "invoice number" in low or "bill number" in low:
            return self._fact("invoice_id", self.invoice_id)
        if "tracking number" in low:
            if not self.order.tracking_ids:
                return None
            return self._fact("tracking_id", self.order.tracking_ids[0])
        if "name" in low and ("field" in low or "person" in low or "customer" in low):
            return self.order.first_name
        if "anonymized" in low:
            return None
        # A menu or page label ("Order History", "Live Chat"): the words themselves.
        return name.strip()


def _replace_entity(text: str, row: dict[str, str], filler: _Filler) -> str:
    """The row's literal entity (Bitext's own order number, invoice or name) -> our demo value.

    Applied to the ticket and to the reply alike, so a reply never repeats Bitext's number."""
    value, kind = row["entity_value"], row["entity_type"]
    if not value or value not in text:
        return text
    if kind == "order_id":
        return text.replace(value, filler._fact("order_id", filler.order.order_id))
    if kind == "invoice_id":
        return text.replace(value, filler._fact("invoice_id", filler.invoice_id))
    if kind == "person_name":
        return text.replace(value, filler.order.first_name)
    return text


def bitext_example(row: dict[str, str], rng: random.Random) -> ReplyExample | None:
    """The grounded example for one Bitext row, or None when it cannot be grounded."""
    intent = bitext_intent_map().get(row["intent"])
    if intent is None:
        return None
    filler = _Filler(rng, pick_order(rng))
    ticket = _replace_entity(row["instruction"], row, filler)
    missing = False

    def substitute(match: re.Match[str]) -> str:
        nonlocal missing
        value = filler.value(match.group(1))
        if value is None:
            missing = True
            return match.group(0)
        return value

    reply = PLACEHOLDER.sub(substitute, row["response"]).replace("\r\n", "\n").strip()
    reply = _replace_entity(reply, row, filler)
    if missing:
        return None
    named = rng.random() < 0.6
    example = ReplyExample(
        source="bitext",
        ctx={
            "ticket": ticket,
            "customer_name": filler.order.customer_name if named else None,
            "intent": intent,
            "kind": "inform",
            "task": INFO_TASK.format(intent=intent),
            "facts": filler.facts,
        },
        reply=reply,
    )
    # A reply that still states a fact the prompt lacks (an amount, a status) would teach invention.
    return None if ungrounded(example.reply, example.ctx) else example


def bitext_examples(rows: list[dict[str, str]], rng: random.Random) -> Iterator[tuple[int, ReplyExample]]:
    """(row index, example) for every row that can be grounded."""
    for index, row in enumerate(rows):
        example = bitext_example(row, rng)
        if example is not None:
            yield index, example
