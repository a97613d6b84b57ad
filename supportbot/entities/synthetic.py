"""Seeded synthetic support tickets over the demo shop, with exact gold spans.

Tickets mention real demo records (order ids, products and their option values, tracking ids,
customer emails and names, payment amounts) written the many ways customers write them, next to
distractors that must *not* be extracted: phone numbers, zip codes, quantities, bare numbers.

Splits never share a template, an order or a customer: the held-out set uses templates, orders
and customers that training never saw.
"""

from __future__ import annotations

import datetime as dt
import json
import random
import re
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from supportbot.entities.catalog import is_ambiguous_value, plural
from supportbot.entities.examples import Example, GoldSpan
from supportbot.entities.normalize import amount_value
from supportbot.paths import TAU_RETAIL_DIR

# "Today" of the synthetic tickets (relative dates are resolved against it).
SYNTHETIC_TODAY = dt.date(2026, 11, 20)

# {order} has order context in the template; {order_w} stands alone (only W/# spellings).
TEMPLATES: tuple[str, ...] = (
    "Hi, I want to cancel order {order}. Thanks, {name}",
    "where is my order {order}? it was supposed to arrive {date}",
    "Order no: {order} - the {product} arrived broken. Call me at {phone}.",
    "can you check the status of {order_w} please",
    "I ordered a {product} ({variant}) in order {order} and got the wrong one",
    "My tracking number {tracking} hasn't updated since {date}.",
    "please refund {amount} for order {order}, my email is {email}",
    "Hello, this is {name}. I need to return the {product} from {order_w}.",
    "I was charged {amount} twice! order number {order}",
    "Could you change the {product} in order {order} to {variant}?",
    "hi my email is {email} and I can't find my order",
    "The {product} I got is {variant} but I asked for {variant}. Order {order}.",
    "I want to exchange my {product} for a different size, zip {zip}",
    "purchase {order} never arrived, tracking {tracking}",
    "invoice {invoice} shows {amount} but I paid less",
    "I need a copy of my invoice {invoice} for order {order}",
    "Do you still sell the {product}? I need {qty} of them.",
    "{name} here, {email}. My {product} stopped working after {qty} days",
    "what's the return policy for {product} bought on {date}?",
    "order {order} and order {order} both show as pending",
    "Where is {order_w}?? I paid {amount} on {date}",
    "Can I get the {variant} {product} instead? ref order {order}",
    "my phone is {phone}, please call about order {order}",
    "Hey there! I received the package with tracking number {tracking} but the {product} is missing.",
    "Please update the address for {order_w}; new zip code {zip}.",
    "I'd like to buy {qty} {product}, is the {variant} one in stock?",
    "cancel purchase {order} please, i ordered it by mistake {date}",
    "The refund of {amount} for my {product} hasn't arrived yet.",
    "is there a discount on the {product}? my friend paid {amount}",
    "hello, I am {name}, order id: {order}, the item was damaged",
    "Tracking id {tracking} says delivered {date} but nothing here",
    "I can't log in with {email}, please help",
    "My {product} from order {order} is {variant}, which is not what the website showed.",
    "need to talk to a human about {order_w} right now",
    "bill {invoice} is wrong, I was charged {amount}",
    "I returned the {product} {date}. When will I get {amount} back?",
    "What's the ETA for my order no. {order}? call {phone}",
    "Hi, {name} ({email}). Order {order}: please swap the {product} for {variant}.",
    "Is it possible to add a {product} to my order {order}?",
    "Good morning, I'd like a refund for the {product}, I paid {amount}. Order {order}, tracking {tracking}.",
    "my zip is {zip} and my phone {phone}, where's my stuff",
    "Why was {order_w} cancelled? I never asked for that. - {name}",
    "The {variant} {product} I ordered on {date} is too small",
    "please send the invoice {invoice} to {email}",
    "thanks for nothing. order {order}. {qty} weeks and still waiting",
    # Numbers that are not order ids.
    "my account number is {num7} and the {product} is missing",
    "call me on {phonebare} about the {product}",
    "the serial number on my {product} is {num7}, is it covered?",
    "customer no. {num7} - I never got my refund of {amount}",
    "my apartment is {num7}, please deliver {order_w} there",
    "text me at {phonebare} when {order_w} ships",
)

_FIRST_TOKENS = re.compile(r"\{(\w+)\}")


@dataclass(frozen=True)
class ShopData:
    orders: dict[str, Any]
    users: dict[str, Any]
    products: dict[str, Any]

    @classmethod
    def load(cls, data_dir: Path = TAU_RETAIL_DIR) -> ShopData:
        def read(name: str) -> dict[str, Any]:
            data: dict[str, Any] = json.loads((data_dir / name).read_text(encoding="utf-8"))
            return data

        return cls(read("orders.json"), read("users.json"), read("products.json"))


@dataclass(frozen=True)
class Split:
    templates: tuple[str, ...]
    order_ids: tuple[str, ...]


def split_shop(shop: ShopData, seed: int, heldout_fraction: float = 0.2) -> tuple[Split, Split]:
    """Disjoint (train, held-out) templates and orders; orders are split by customer."""
    rng = random.Random(f"split:{seed}")
    templates = list(TEMPLATES)
    rng.shuffle(templates)
    n_t = max(1, round(len(templates) * heldout_fraction))
    users = sorted(shop.users)
    rng.shuffle(users)
    held_users = set(users[: round(len(users) * heldout_fraction)])
    train_orders = tuple(sorted(o for o, v in shop.orders.items() if v["user_id"] not in held_users))
    held_orders = tuple(sorted(o for o, v in shop.orders.items() if v["user_id"] in held_users))
    return Split(tuple(templates[n_t:]), train_orders), Split(tuple(templates[:n_t]), held_orders)


def _order_surface(order_id: str, rng: random.Random, with_context: bool) -> str:
    digits = order_id.removeprefix("#W")
    forms = [f"#W{digits}", f"W{digits}", f"#w{digits}", f"w{digits}", f"#{digits}"]
    if with_context:
        forms += [digits, digits, f"000{digits}", f"0{digits}"]
    return rng.choice(forms)


def _amount_surface(amount: Decimal, rng: random.Random) -> tuple[str, str]:
    number = f"{amount:,.2f}" if amount >= 1000 and rng.random() < 0.5 else f"{amount:.2f}"
    if rng.random() < 0.2 and amount == amount.to_integral_value():
        number = f"{int(amount)}"
    currency = rng.choice(["USD", "USD", "USD", "EUR", "GBP"])
    if currency == "USD":
        form = rng.choice(["${n}", "$ {n}", "{n} USD", "USD {n}", "{n} dollars", "{n}USD"])
    elif currency == "EUR":
        form = rng.choice(["€{n}", "{n} EUR", "{n} euros"])
    else:
        form = rng.choice(["£{n}", "{n} GBP"])
    return form.format(n=number), amount_value(amount, currency)


def _date_surface(rng: random.Random) -> tuple[str, str]:
    day = SYNTHETIC_TODAY - dt.timedelta(days=rng.randint(0, 50))
    month_name = day.strftime("%B")
    suffix = {1: "st", 2: "nd", 3: "rd", 21: "st", 22: "nd", 23: "rd", 31: "st"}.get(day.day, "th")
    choices = [
        (day.isoformat(), day),
        (f"{day.month}/{day.day}/{day.year}", day),
        (f"{day.month:02d}/{day.day:02d}/{day.year}", day),
        (f"{month_name} {day.day}", day),
        (f"{month_name[:3]} {day.day}{suffix}", day),
        (f"{month_name} {day.day}, {day.year}", day),
        (f"{day.day} {month_name} {day.year}", day),
        (f"{day.day}{suffix} of {month_name}", day),
        ("yesterday", SYNTHETIC_TODAY - dt.timedelta(days=1)),
        (
            f"{(SYNTHETIC_TODAY - day).days % 9 + 2} days ago",
            SYNTHETIC_TODAY - dt.timedelta(days=(SYNTHETIC_TODAY - day).days % 9 + 2),
        ),
    ]
    surface, value = rng.choice(choices)
    return surface, value.isoformat()


def _product_surface(name: str, rng: random.Random) -> str:
    if rng.random() < 0.2 and not name.lower().endswith("s"):
        head, _, last = name.rpartition(" ")
        name = f"{head} {plural(last)}".strip()
    style = rng.random()
    if style < 0.45:
        return name.lower()
    if style < 0.8:
        return name
    if style < 0.9:
        return name.upper()
    return name.lower().replace("-", " ")


def _variant(options: dict[str, str], rng: random.Random) -> tuple[str, str]:
    option, value = rng.choice(sorted(options.items()))
    if is_ambiguous_value(value):
        return f"{option} {value}", value
    return (value if rng.random() < 0.7 else value.lower()), value


def _phone(rng: random.Random) -> str:
    a, b, c = rng.randint(200, 989), rng.randint(200, 999), rng.randint(0, 9999)
    return rng.choice(
        [
            f"({a}) {b}-{c:04d}",
            f"{a}-{b}-{c:04d}",
            f"+1 {a} {b} {c:04d}",
            f"{a}.{b}.{c:04d}",
            f"+1{a}{b}{c:04d}",
        ]
    )


@dataclass(frozen=True)
class _Context:
    order_id: str
    item: dict[str, Any]
    user: dict[str, Any]
    trackings: list[str]
    payments: list[Decimal]
    order_ids: tuple[str, ...]


def _fill(slot: str, c: _Context, rng: random.Random) -> tuple[Any, ...]:
    """The surface text of a slot with (type, value), or (value, type) for amount/date/variant."""
    first, last = c.user["name"]["first_name"], c.user["name"]["last_name"]
    if slot == "order":
        return _order_surface(rng.choice(c.order_ids), rng, True), "order_id", None
    if slot == "order_w":
        return _order_surface(c.order_id, rng, False), "order_id", None
    if slot == "product":
        return _product_surface(c.item["name"], rng), "product", c.item["name"]
    if slot == "variant":
        return (*_variant(c.item["options"], rng), "variant")
    if slot == "tracking":
        tracking = rng.choice(c.trackings) if c.trackings else str(rng.randint(10**11, 10**12 - 1))
        return tracking, "tracking_number", None
    if slot == "email":
        email = c.user["email"]
        return (email if rng.random() < 0.85 else email.upper()), "email", email.lower()
    if slot == "amount":
        amount = rng.choice(c.payments) if c.payments else Decimal(rng.randint(5, 900))
        return (*_amount_surface(amount, rng), "amount")
    if slot == "date":
        return (*_date_surface(rng), "date")
    if slot == "name":
        return rng.choice([f"{first} {last}", first]), "person_name", None
    if slot == "invoice":
        return rng.choice(["#", "", "# "]) + str(rng.randint(10000, 99999)), "invoice_id", None
    if slot == "phone":
        return _phone(rng), None, None
    if slot == "zip":
        return c.user["address"]["zip"], None, None
    if slot == "num7":
        return str(rng.randint(10**6, 10**7 - 1)), None, None
    if slot == "phonebare":
        return str(rng.randint(2 * 10**9, 10**10 - 1)), None, None
    if slot == "qty":
        return str(rng.randint(2, 12)), None, None
    raise KeyError(slot)


def generate(split: Split, shop: ShopData, n: int, seed: int, tag: str) -> list[Example]:
    """``n`` tickets from the split's templates and orders (deterministic for a seed)."""
    rng = random.Random(f"{tag}:{seed}")
    examples: list[Example] = []
    for index in range(n):
        template = split.templates[index % len(split.templates)]
        order_id = rng.choice(split.order_ids)
        order = shop.orders[order_id]
        user = shop.users[order["user_id"]]
        item = rng.choice(order["items"])
        trackings = [t for f in order["fulfillments"] for t in f["tracking_id"]]
        payments = [Decimal(str(p["amount"])).quantize(Decimal("0.01")) for p in order["payment_history"]]
        ctx = _Context(order_id, item, user, trackings, payments, split.order_ids)
        text = ""
        spans: list[GoldSpan] = []
        pos = 0
        for m in _FIRST_TOKENS.finditer(template):
            text += template[pos : m.start()]
            pos = m.end()
            produced = _fill(m.group(1), ctx, rng)
            surface, kind, value = _resolve(m.group(1), produced)
            start = len(text)
            text += surface
            if kind is not None and value is not None:
                spans.append(GoldSpan(type=kind, start=start, end=len(text), value=value))
        text += template[pos:]
        examples.append(Example(text=text, spans=spans, source="synthetic", group=f"template:{template}"))
    return examples


def _resolve(slot: str, produced: tuple[Any, ...]) -> tuple[str, str | None, str | None]:
    """Each filler yields (surface, type, value) or, for amount/date/variant, (surface, value, type)."""
    from supportbot.entities.normalize import canonical_order_id
    from supportbot.entities.rules import invoice_value

    if slot in {"amount", "date", "variant"}:
        surface, value, kind = produced
        return surface, kind, value
    surface, kind, value = produced
    if kind == "order_id":
        value = canonical_order_id(surface.replace("# ", "#"))
    elif kind == "tracking_number":
        value = surface
    elif kind == "invoice_id":
        value = invoice_value(surface)
    elif kind == "person_name":
        value = surface
    return surface, kind, value
