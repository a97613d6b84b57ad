"""Plain-data views of records for tool results (JSON-safe: money as floats rounded to cents)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from decimal import Decimal
from typing import Any

from supportbot.db.models import Address, Customer, Order, OrderItem, PaymentMethod

CENT = Decimal("0.01")


CURRENCY_SYMBOLS = {"USD": "$", "EUR": "€", "GBP": "£"}


def money(value: Decimal | float | int) -> float:
    return float(Decimal(str(value)).quantize(CENT))


def price(value: Decimal | float | int, currency: str = "USD") -> str:
    """An amount as a customer reads it: ``$1,234.50``, or ``1,234.50 CHF`` without a known symbol."""
    amount = money(value)
    symbol = CURRENCY_SYMBOLS.get(currency.upper())
    return f"{symbol}{amount:,.2f}" if symbol else f"{amount:,.2f} {currency.upper()}"


def when(value: dt.datetime | None) -> str | None:
    if value is None:
        return None
    if value.tzinfo is None:  # SQLite returns naive datetimes; they are stored in UTC
        value = value.replace(tzinfo=dt.UTC)
    return value.astimezone(dt.UTC).isoformat(timespec="minutes")


def payment_method_label(pm: PaymentMethod | None, pm_id: str) -> str:
    if pm is None:
        return pm_id.split("_")[0].replace("credit", "credit card").replace("gift", "gift card")
    if pm.source == "credit_card":
        return f"{(pm.brand or 'credit card').title()} ending {pm.last_four or '????'}"
    if pm.source == "gift_card":
        return "gift card"
    return "PayPal"


def payment_method_view(pm: PaymentMethod) -> dict[str, Any]:
    view: dict[str, Any] = {
        "payment_method_id": pm.id,
        "type": pm.source,
        "label": payment_method_label(pm, pm.id),
    }
    if pm.source == "gift_card" and pm.balance is not None:
        view["balance"] = money(pm.balance)
    return view


def address_view(a: Address) -> dict[str, str]:
    return {
        "address1": a.address1,
        "address2": a.address2,
        "city": a.city,
        "state": a.state,
        "country": a.country,
        "zip": a.zip,
    }


def ship_address(order: Order) -> dict[str, str]:
    return {
        "address1": order.ship_address1,
        "address2": order.ship_address2,
        "city": order.ship_city,
        "state": order.ship_state,
        "country": order.ship_country,
        "zip": order.ship_zip,
    }


def one_line(address: dict[str, str]) -> str:
    parts = [address["address1"], address.get("address2", ""), address["city"]]
    return ", ".join(p for p in parts if p) + f", {address['state']} {address['zip']}, {address['country']}"


def item_view(item: OrderItem) -> dict[str, Any]:
    return {
        "item_id": item.item_id,
        "product_id": item.product_id,
        "name": item.name,
        "options": dict(item.options),
        "price": money(item.price),
    }


def order_total(order: Order) -> Decimal:
    return sum((i.price for i in order.items), Decimal(0))


def net_paid_by_method(order: Order) -> dict[str, Decimal]:
    """What each payment method has paid for the order, refunds subtracted (kept in payment order)."""
    net: dict[str, Decimal] = defaultdict(Decimal)
    for p in order.payments:
        net[p.payment_method_id] += p.amount if p.kind == "payment" else -p.amount
    return {pm: amount for pm, amount in net.items() if amount > 0}


def customer_profile(c: Customer) -> dict[str, Any]:
    default = c.default_address
    return {
        "customer_id": c.id,
        "name": c.name,
        "email": c.email,
        "default_address": address_view(default) if default else None,
        "payment_methods": [payment_method_view(pm) for pm in c.payment_methods],
    }


def order_summary(order: Order) -> dict[str, Any]:
    return {
        "order_id": order.id,
        "status": order.status,
        "placed_at": when(order.placed_at),
        "total": money(order_total(order)),
        "items": [i.name for i in order.items],
    }
