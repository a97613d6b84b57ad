"""Actions on delivered orders: return items (refund to the original method or a gift card) and
exchange items for other options of the same product."""

from __future__ import annotations

from decimal import Decimal

from pydantic import Field

from supportbot.db.models import Order, ReturnRequest
from supportbot.tools.args import ActionArgs, ItemId, ItemSwapArgs, OrderId, PaymentMethodId
from supportbot.tools.items import check_gift_card, new_variants, pick_items, price_difference, swap_view
from supportbot.tools.results import ToolResult
from supportbot.tools.runtime import Runtime
from supportbot.tools.spec import tool
from supportbot.tools.views import item_view, money, net_paid_by_method, payment_method_label


def require_delivered(rt: Runtime, order: Order, doing: str) -> ToolResult | None:
    if order.status == "delivered":
        return None
    return rt.refuse(
        "status_not_delivered",
        f"Order {order.id} is {order.status}; only delivered orders can be {doing}.",
        order_id=order.id,
        status=order.status,
    )


class ReturnItemsArgs(ActionArgs):
    order_id: OrderId
    item_ids: list[ItemId] = Field(
        min_length=1, max_length=50, description="Item ids in the order to return."
    )
    payment_method_id: PaymentMethodId = Field(
        description="Receives the refund: the order's original payment method or one of the customer's gift cards."
    )


@tool(ReturnItemsArgs, "returns", acts=True, needs_consent=True)
def return_items(rt: Runtime, args: ReturnItemsArgs) -> ToolResult:
    """Return items of a delivered order. The refund goes to the original payment method or to an
    existing gift card of the customer; the customer gets an email on how to send the items back.
    Needs consent=True after the customer confirmed the order, the items and the refund method."""
    order = rt.owned_order(args.order_id, lock=True)
    if order is None:
        return rt.not_owner()
    if refusal := require_delivered(rt, order, "returned"):
        return refusal
    pm = rt.owned_payment_method(args.payment_method_id)
    if pm is None:
        return rt.not_owner()
    if pm.source != "gift_card" and pm.id not in net_paid_by_method(order):
        return rt.refuse(
            "refund_method_not_allowed",
            "A refund can only go to the order's original payment method or to a gift card.",
            order_id=order.id,
            payment_method_id=pm.id,
        )
    rows = pick_items(rt, order, args.item_ids)
    if isinstance(rows, ToolResult):
        return rows
    amount = sum((r.price for r in rows), Decimal(0))
    label = payment_method_label(pm, pm.id)
    action = {
        "action": "return_items",
        "order_id": order.id,
        "items": [item_view(r) for r in rows],
        "refund_amount": money(amount),
        "payment_method_id": pm.id,
    }
    confirm = (
        f"return {', '.join(r.name for r in rows)} from order {order.id}; "
        f"{rt.price(amount)} will be refunded to {label} once the items arrive."
    )
    if gate := rt.gate(args, action, confirm=confirm, refund=amount):
        return gate
    order.status = "return requested"
    order.return_requests.append(
        ReturnRequest(
            kind="return",
            item_ids=list(args.item_ids),
            new_item_ids=[],
            payment_method_id=pm.id,
            amount=amount,
            ticket_id=rt.ctx.ticket_id,
        )
    )
    return rt.ok(
        f"Return of {len(rows)} item(s) from order {order.id} is requested; {rt.price(amount)} will be "
        f"refunded to {label}. An email explains how to send the items back.",
        order_id=order.id,
        status=order.status,
        items=action["items"],
        refund_amount=money(amount),
        payment_method_id=pm.id,
        approved_by=args.approved_by,
    )


class ExchangeItemsArgs(ItemSwapArgs):
    item_ids: list[ItemId] = Field(
        min_length=1, max_length=50, description="Item ids in the order to exchange."
    )


@tool(ExchangeItemsArgs, "returns", acts=True, needs_consent=True)
def exchange_items(rt: Runtime, args: ExchangeItemsArgs) -> ToolResult:
    """Exchange items of a delivered order for other options of the same product. Only once per
    order: list every item in one call. The price difference is paid with or refunded to
    payment_method_id. Needs consent=True after the customer confirmed."""
    order = rt.owned_order(args.order_id, lock=True)
    if order is None:
        return rt.not_owner()
    if refusal := require_delivered(rt, order, "exchanged"):
        return refusal
    pm = rt.owned_payment_method(args.payment_method_id)
    if pm is None:
        return rt.not_owner()
    old = pick_items(rt, order, args.item_ids)
    if isinstance(old, ToolResult):
        return old
    new = new_variants(rt, old, args.new_item_ids)
    if isinstance(new, ToolResult):
        return new
    diff = price_difference(old, new)
    if refusal := check_gift_card(rt, pm, diff):
        return refusal
    label = payment_method_label(pm, pm.id)
    action = {
        "action": "exchange_items",
        "order_id": order.id,
        "changes": swap_view(old, new),
        "price_difference": money(diff),
        "payment_method_id": pm.id,
    }
    money_part = (
        f"you pay {rt.price(diff)}" if diff > 0 else f"you get {rt.price(-diff)} back"
    ) + f" with {label}"
    confirm = (
        f"exchange {len(old)} item(s) from order {order.id} ({money_part}). This can only be done once, "
        "so please make sure these are all the items you want to exchange."
    )
    if gate := rt.gate(args, action, confirm=confirm, refund=-diff if diff < 0 else None):
        return gate
    order.status = "exchange requested"
    order.return_requests.append(
        ReturnRequest(
            kind="exchange",
            item_ids=list(args.item_ids),
            new_item_ids=list(args.new_item_ids),
            payment_method_id=pm.id,
            amount=diff,
            ticket_id=rt.ctx.ticket_id,
        )
    )
    return rt.ok(
        f"Exchange for order {order.id} is requested ({money_part}). An email explains how to send the items back.",
        order_id=order.id,
        status=order.status,
        changes=action["changes"],
        price_difference=money(diff),
        payment_method_id=pm.id,
        approved_by=args.approved_by,
    )
