"""Realistic values for training examples, drawn from the bundled demo shop (tau-bench retail).

Order ids, tracking numbers, items, prices and customer names all come from the real demo data,
so the reply model learns to copy the values it is given rather than to make up plausible ones.
"""

from __future__ import annotations

import json
import random
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from supportbot.paths import TAU_RETAIL_DIR

# Shop profiles for informational replies. Several, so the model copies store facts from the
# prompt instead of memorising one shop's phone number.
STORE_PROFILES: tuple[dict[str, Any], ...] = (
    {
        "store_name": "Demo Outfitters",
        "website": "demo-outfitters.example",
        "support": {
            "email": "support@demo-outfitters.example",
            "phone": "+1 (555) 010-4477",
            "hours": "Monday to Friday, 9:00-18:00 EST",
            "chat": "live chat on our website during support hours",
        },
    },
    {
        "store_name": "Northwind Home",
        "website": "northwind-home.example",
        "support": {
            "email": "help@northwind-home.example",
            "phone": "+1 (555) 013-2290",
            "hours": "every day, 8:00-20:00 CST",
            "chat": "the chat bubble at the bottom right of every page",
        },
    },
    {
        "store_name": "Peak & Pine",
        "website": "peakandpine.example",
        "support": {
            "email": "care@peakandpine.example",
            "phone": "+1 (555) 017-8841",
            "hours": "Monday to Saturday, 10:00-17:00 PST",
            "chat": "live chat in the Help Center",
        },
    },
    {
        "store_name": "Brightcart",
        "website": "brightcart.example",
        "support": {
            "email": "service@brightcart.example",
            "phone": "+1 (555) 019-3366",
            "hours": "weekdays 9am to 5pm ET",
            "chat": "live chat in our mobile app",
        },
    },
)


@dataclass(frozen=True)
class DemoOrder:
    order_id: str
    status: str
    customer_name: str
    first_name: str
    email: str
    items: list[dict[str, Any]]
    tracking_ids: list[str]
    total: float
    payment_method: str
    refunds: list[float]
    address: str


def _payment_label(method_id: str) -> str:
    kind = method_id.rsplit("_", 1)[0].replace("_", " ")
    return {"credit card": "credit card", "gift card": "gift card", "paypal": "PayPal"}.get(kind, kind)


@lru_cache(maxsize=1)
def _raw() -> tuple[dict[str, Any], dict[str, Any], dict[str, Any]]:
    def load(name: str) -> dict[str, Any]:
        data: dict[str, Any] = json.loads((TAU_RETAIL_DIR / name).read_text(encoding="utf-8"))
        return data

    return load("orders.json"), load("users.json"), load("products.json")


@lru_cache(maxsize=1)
def demo_orders() -> tuple[DemoOrder, ...]:
    orders, users, _ = _raw()
    out = []
    for raw in orders.values():
        user = users.get(raw["user_id"])
        if user is None:
            continue
        payments = [p for p in raw["payment_history"] if p["transaction_type"] == "payment"]
        refunds = [p["amount"] for p in raw["payment_history"] if p["transaction_type"] == "refund"]
        addr = raw["address"]
        out.append(
            DemoOrder(
                order_id=raw["order_id"],
                status=raw["status"],
                customer_name=f"{user['name']['first_name']} {user['name']['last_name']}",
                first_name=user["name"]["first_name"],
                email=user["email"],
                items=[
                    {
                        "name": item["name"],
                        "item_id": item["item_id"],
                        "price": item["price"],
                        "options": item["options"],
                    }
                    for item in raw["items"]
                ],
                tracking_ids=[t for f in raw["fulfillments"] for t in f["tracking_id"]],
                total=round(sum(p["amount"] for p in payments), 2),
                payment_method=_payment_label(payments[0]["payment_method_id"]) if payments else "gift card",
                refunds=refunds,
                address=f"{addr['address1']}, {addr['city']}, {addr['state']} {addr['zip']}",
            )
        )
    return tuple(out)


@lru_cache(maxsize=1)
def demo_products() -> tuple[dict[str, Any], ...]:
    _, _, products = _raw()
    return tuple(products.values())


def pick_order(rng: random.Random, status: str | None = None) -> DemoOrder:
    pool = [o for o in demo_orders() if status is None or o.status == status]
    return rng.choice(pool)


def pick_store(rng: random.Random) -> dict[str, Any]:
    return json.loads(json.dumps(rng.choice(STORE_PROFILES)))  # a deep copy


def money(amount: float) -> str:
    return f"${amount:.2f}"


def options_text(options: dict[str, str]) -> str:
    return ", ".join(f"{value}" for value in options.values())
