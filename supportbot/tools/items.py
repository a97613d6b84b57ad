"""Item checks shared by modify and exchange: items belong to the order, new items are available
variants of the same product, and the price difference can be paid."""

from __future__ import annotations

from decimal import Decimal

from supportbot.db.models import Order, OrderItem, PaymentMethod, Variant
from supportbot.tools.results import ToolResult
from supportbot.tools.runtime import Runtime
from supportbot.tools.views import money


def pick_items(rt: Runtime, order: Order, item_ids: list[str]) -> list[OrderItem] | ToolResult:
    """The order's item rows for ``item_ids`` (an id listed twice needs two such rows)."""
    left = list(order.items)
    picked: list[OrderItem] = []
    for item_id in item_ids:
        row = next((i for i in left if i.item_id == item_id), None)
        if row is None:
            return rt.refuse(
                "item_not_in_order", f"Item {item_id} is not in order {order.id}.", item_id=item_id
            )
        left.remove(row)
        picked.append(row)
    return picked


def new_variants(rt: Runtime, old: list[OrderItem], new_item_ids: list[str]) -> list[Variant] | ToolResult:
    """Each new item must be an available, different variant of the same product as the old one."""
    variants: list[Variant] = []
    for row, new_id in zip(old, new_item_ids, strict=True):
        variant = rt.s.get(Variant, new_id)
        if variant is None:
            return rt.refuse("unknown_item", f"There is no item {new_id} in our catalogue.", item_id=new_id)
        if variant.product_id != row.product_id:
            return rt.refuse(
                "different_product",
                f"Item {new_id} is not a {row.name}; items can only change to another option of the same product.",
                item_id=row.item_id,
                new_item_id=new_id,
            )
        if variant.id == row.item_id:
            return rt.refuse(
                "same_item", f"Item {new_id} is the same option as the one ordered.", item_id=new_id
            )
        if not variant.available:
            return rt.refuse(
                "item_unavailable", f"Item {new_id} ({row.name}) is out of stock.", item_id=new_id
            )
        variants.append(variant)
    return variants


def price_difference(old: list[OrderItem], new: list[Variant]) -> Decimal:
    """What the customer pays (positive) or gets back (negative)."""
    return sum((v.price for v in new), Decimal(0)) - sum((i.price for i in old), Decimal(0))


def check_gift_card(rt: Runtime, pm: PaymentMethod, amount: Decimal) -> ToolResult | None:
    """A gift card must cover ``amount`` (when positive)."""
    if pm.source == "gift_card" and amount > 0 and (pm.balance or Decimal(0)) < amount:
        return rt.refuse(
            "insufficient_gift_card_balance",
            f"The gift card balance ({rt.price(pm.balance or 0)}) does not cover {rt.price(amount)}.",
            payment_method_id=pm.id,
            balance=money(pm.balance or 0),
            amount=money(amount),
        )
    return None


def swap_view(old: list[OrderItem], new: list[Variant]) -> list[dict[str, object]]:
    return [
        {
            "item_id": o.item_id,
            "name": o.name,
            "from_options": dict(o.options),
            "new_item_id": n.id,
            "to_options": dict(n.options),
            "price_change": money(n.price - o.price),
        }
        for o, n in zip(old, new, strict=True)
    ]
