"""Load the vendored tau-bench retail data (500 customers, 1,000 orders, 50 products, 591 variants).

Loading is idempotent: records whose id already exists are left untouched, so running it twice
changes nothing. Original ids are kept (``#W2611340``, emails, tracking ids, item ids).
"""

from __future__ import annotations

import datetime as dt
import json
import random
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, delete, select
from tqdm import tqdm

from supportbot.db.engine import session_scope
from supportbot.db.models import (
    Address,
    Base,
    Customer,
    Fulfillment,
    Order,
    OrderItem,
    Payment,
    PaymentMethod,
    Product,
    TrackingNumber,
    Variant,
)
from supportbot.paths import TAU_RETAIL_DIR

DEMO_SEED = 20241121
# "Now" for the demo shop: order dates are laid out before it, deterministically.
DEMO_NOW = dt.datetime(2026, 11, 20, 12, 0, tzinfo=dt.UTC)
# How many days before DEMO_NOW an order of each status was placed (min, max).
_AGE_DAYS = {"pending": (0, 3), "processed": (2, 7), "delivered": (8, 60), "cancelled": (1, 60)}


@dataclass(frozen=True)
class SeedReport:
    customers: int
    products: int
    variants: int
    orders: int

    @property
    def total(self) -> int:
        return self.customers + self.products + self.variants + self.orders


def _load(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


def _money(value: float | int) -> Decimal:
    return Decimal(str(value)).quantize(Decimal("0.01"))


def placed_at(order_id: str, status: str, seed: int = DEMO_SEED) -> dt.datetime:
    """A deterministic, plausible order date (the source data has none)."""
    rng = random.Random(f"{seed}:{order_id}")
    low, high = _AGE_DAYS.get(status, (1, 30))
    minutes = rng.randint(low * 24 * 60, high * 24 * 60 + 23 * 60)
    return (DEMO_NOW - dt.timedelta(minutes=minutes)).replace(second=0, microsecond=0)


def _customer(uid: str, u: dict[str, Any]) -> Customer:
    a = u["address"]
    customer = Customer(
        id=uid, email=u["email"], first_name=u["name"]["first_name"], last_name=u["name"]["last_name"]
    )
    customer.addresses = [
        Address(
            is_default=True,
            address1=a["address1"],
            address2=a.get("address2", ""),
            city=a["city"],
            state=a["state"],
            country=a["country"],
            zip=a["zip"],
        )
    ]
    customer.payment_methods = [
        PaymentMethod(
            id=pm_id,
            source=pm["source"],
            brand=pm.get("brand"),
            last_four=pm.get("last_four"),
            balance=_money(pm["balance"]) if "balance" in pm else None,
        )
        for pm_id, pm in u["payment_methods"].items()
    ]
    return customer


def _order(oid: str, o: dict[str, Any]) -> Order:
    a = o["address"]
    when = placed_at(oid, o["status"])
    order = Order(
        id=oid,
        customer_id=o["user_id"],
        status=o["status"],
        ship_address1=a["address1"],
        ship_address2=a.get("address2", ""),
        ship_city=a["city"],
        ship_state=a["state"],
        ship_country=a["country"],
        ship_zip=a["zip"],
        placed_at=when,
        updated_at=when,
    )
    order.items = [
        OrderItem(
            item_id=i["item_id"],
            product_id=i["product_id"],
            name=i["name"],
            price=_money(i["price"]),
            options=i["options"],
        )
        for i in o["items"]
    ]
    order.fulfillments = [
        Fulfillment(tracking_ids=list(f["tracking_id"]), item_ids=list(f["item_ids"]))
        for f in o["fulfillments"]
    ]
    order.payments = [
        Payment(
            kind=p["transaction_type"],
            amount=_money(p["amount"]),
            payment_method_id=p["payment_method_id"],
            created_at=when if p["transaction_type"] == "payment" else when + dt.timedelta(days=1),
        )
        for p in o["payment_history"]
    ]
    return order


def load_demo(engine: Engine, data_dir: Path = TAU_RETAIL_DIR, *, progress: bool = False) -> SeedReport:
    """Insert every demo record that is not in the database yet; return how many were added."""
    users = _load(data_dir / "users.json")
    products = _load(data_dir / "products.json")
    orders = _load(data_dir / "orders.json")

    with session_scope(engine) as s:
        have_customers = set(s.scalars(select(Customer.id)))
        have_products = set(s.scalars(select(Product.id)))
        have_variants = set(s.scalars(select(Variant.id)))
        have_orders = set(s.scalars(select(Order.id)))

        new_products = new_variants = 0
        for pid, p in products.items():
            if pid not in have_products:
                s.add(Product(id=pid, name=p["name"]))
                new_products += 1
            for vid, v in p["variants"].items():
                if vid not in have_variants:
                    s.add(
                        Variant(
                            id=vid,
                            product_id=pid,
                            options=v["options"],
                            price=_money(v["price"]),
                            available=bool(v["available"]),
                        )
                    )
                    new_variants += 1
        s.flush()

        new_customers = 0
        for uid, u in users.items():
            if uid not in have_customers:
                s.add(_customer(uid, u))
                new_customers += 1
        s.flush()

        new_orders = 0
        todo = [(oid, o) for oid, o in orders.items() if oid not in have_orders]
        for oid, o in tqdm(todo, desc="orders", unit="order", disable=not (progress and todo)):
            s.add(_order(oid, o))
            new_orders += 1
        s.flush()
        if todo:
            new_ids = {oid for oid, _ in todo}
            for f in s.scalars(select(Fulfillment).where(Fulfillment.order_id.in_(new_ids))):
                for tid in f.tracking_ids:
                    s.merge(TrackingNumber(tracking_id=str(tid), fulfillment_id=f.id, order_id=f.order_id))
    return SeedReport(new_customers, new_products, new_variants, new_orders)


def reset(engine: Engine) -> None:
    """Delete every row of every table (schema kept), children first."""
    with session_scope(engine) as s:
        for table in reversed(Base.metadata.sorted_tables):
            s.execute(delete(table))
