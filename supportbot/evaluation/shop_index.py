"""The demo shop as plain data (read from the vendored tau-bench JSON), for building the labelled set.

The builder never opens a database: the demo DB is loaded from these same files, so what the set
expects is exactly what a fresh ``supportbot db init --demo`` holds.
"""

from __future__ import annotations

import json
import random
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from supportbot.paths import TAU_RETAIL_DIR


@dataclass(frozen=True)
class ShopOrder:
    id: str
    customer_id: str
    status: str
    items: tuple[dict[str, Any], ...]
    tracking_ids: tuple[str, ...]
    payment_method: str
    total: float
    address: dict[str, str]

    def item_total(self) -> float:
        return round(sum(float(i["price"]) for i in self.items), 2)


@dataclass(frozen=True)
class ShopCustomer:
    id: str
    email: str
    first_name: str
    last_name: str
    address: dict[str, str]
    payment_methods: dict[str, dict[str, Any]]
    order_ids: tuple[str, ...]

    @property
    def name(self) -> str:
        return f"{self.first_name} {self.last_name}"


@dataclass
class ShopIndex:
    customers: dict[str, ShopCustomer]
    orders: dict[str, ShopOrder]
    products: dict[str, dict[str, Any]]
    used_orders: set[str] = field(default_factory=set)

    @classmethod
    def load(cls, data_dir: Path = TAU_RETAIL_DIR) -> ShopIndex:
        users = json.loads((data_dir / "users.json").read_text(encoding="utf-8"))
        orders = json.loads((data_dir / "orders.json").read_text(encoding="utf-8"))
        products = json.loads((data_dir / "products.json").read_text(encoding="utf-8"))
        customers = {
            uid: ShopCustomer(
                id=uid,
                email=u["email"],
                first_name=u["name"]["first_name"],
                last_name=u["name"]["last_name"],
                address=dict(u["address"]),
                payment_methods=dict(u["payment_methods"]),
                order_ids=tuple(u.get("orders", [])),
            )
            for uid, u in users.items()
        }
        shop_orders = {
            oid: ShopOrder(
                id=oid,
                customer_id=o["user_id"],
                status=o["status"],
                items=tuple(o["items"]),
                tracking_ids=tuple(t for f in o["fulfillments"] for t in f["tracking_id"]),
                payment_method=next(
                    p["payment_method_id"] for p in o["payment_history"] if p["transaction_type"] == "payment"
                ),
                total=round(sum(float(i["price"]) for i in o["items"]), 2),
                address=dict(o["address"]),
            )
            for oid, o in orders.items()
        }
        return cls(customers=customers, orders=shop_orders, products=products)

    # ------------------------------------------------------------------ selection

    def take_order(
        self, rng: random.Random, predicate: Any = None, *, status: str | None = None
    ) -> ShopOrder:
        """A not-yet-used order (each order is named by one ticket only), optionally filtered."""
        candidates = [
            o
            for oid, o in sorted(self.orders.items())
            if oid not in self.used_orders
            and (status is None or o.status == status)
            and (predicate is None or predicate(o))
        ]
        if not candidates:
            raise ValueError(f"no unused order left (status={status})")
        order = rng.choice(candidates)
        self.used_orders.add(order.id)
        return order

    def customer_of(self, order: ShopOrder) -> ShopCustomer:
        return self.customers[order.customer_id]

    def other_customer(self, rng: random.Random, not_id: str) -> ShopCustomer:
        ids = sorted(c for c in self.customers if c != not_id)
        return self.customers[rng.choice(ids)]

    def unknown_email(self, rng: random.Random) -> str:
        emails = {c.email for c in self.customers.values()}
        while True:
            email = f"guest{rng.randint(1000, 99999)}@example.org"
            if email not in emails:
                return email

    def product_names(self) -> list[str]:
        return sorted(p["name"] for p in self.products.values())

    def order_for_customer(self, customer: ShopCustomer) -> ShopOrder | None:
        return next((self.orders[o] for o in customer.order_ids if o not in self.used_orders), None)
