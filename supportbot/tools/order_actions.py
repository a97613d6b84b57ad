"""Actions on pending orders: cancel, change address, change payment method, change item options."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import BeforeValidator, Field

from supportbot.db.models import Order
from supportbot.tools.args import ActionArgs, AddressFields, ItemId, ItemSwapArgs, OrderId, PaymentMethodId
from supportbot.tools.items import check_gift_card, new_variants, pick_items, price_difference, swap_view
from supportbot.tools.refunds import charge, issue_refund, refund_timing
from supportbot.tools.results import ToolResult
from supportbot.tools.runtime import Runtime
from supportbot.tools.spec import tool
from supportbot.tools.views import money, net_paid_by_method, one_line, payment_method_label, ship_address

CANCEL_REASONS = ("no longer needed", "ordered by mistake")


def _lower(value: Any) -> Any:
    return " ".join(value.lower().strip(" .!'\"").split()) if isinstance(value, str) else value


def require_pending(rt: Runtime, order: Order, doing: str) -> ToolResult | None:
    """Cancel and modify need status 'pending'; after an item change the order is frozen."""
    if order.status == "pending":
        return None
    if order.status == "pending (items modified)":
        return rt.refuse(
            "items_already_modified",
            f"Order {order.id} had its items modified already, so it can no longer be {doing}.",
            order_id=order.id,
            status=order.status,
        )
    return rt.refuse(
        "status_not_pending",
        f"Order {order.id} is {order.status}; only pending orders can be {doing}.",
        order_id=order.id,
        status=order.status,
    )


# --------------------------------------------------------------------------- cancel


class CancelOrderArgs(ActionArgs):
    order_id: OrderId
    reason: Annotated[Literal[CANCEL_REASONS], BeforeValidator(_lower)] = Field(  # type: ignore[valid-type]
        description="'no longer needed' or 'ordered by mistake'."
    )


@tool(CancelOrderArgs, "order_actions", acts=True, needs_consent=True)
def cancel_order(rt: Runtime, args: CancelOrderArgs) -> ToolResult:
    """Cancel a pending order; the reason must be 'no longer needed' or 'ordered by mistake'. The
    total is refunded to the original payment method (gift card immediately, otherwise in 5-7
    business days). Needs consent=True after the customer confirmed."""
    order = rt.owned_order(args.order_id, lock=True)
    if order is None:
        return rt.not_owner()
    if refusal := require_pending(rt, order, "cancelled"):
        return refusal
    paid = net_paid_by_method(order)
    total = sum(paid.values(), Decimal(0))
    refund_to = [
        {
            "payment_method_id": pm,
            "amount": money(amount),
            "timing": refund_timing(pm.rsplit("_", 1)[0])["timing"],
        }
        for pm, amount in paid.items()
    ]
    action = {
        "action": "cancel_order",
        "order_id": order.id,
        "reason": args.reason,
        "refund_amount": money(total),
        "refund_to": refund_to,
    }
    confirm = f"cancel order {order.id} (reason: {args.reason}); {rt.price(total)} will be refunded to the original payment method."
    if gate := rt.gate(args, action, confirm=confirm, refund=total):
        return gate
    order.status = "cancelled"
    refunds = [issue_refund(rt, order, pm, amount) for pm, amount in paid.items()]
    refund_text = (
        " and ".join(f"{rt.price(r['amount'])} goes back to your {r['label']} {r['timing']}" for r in refunds)
        or "nothing was charged, so there is nothing to refund"
    )
    return rt.ok(
        f"Order {order.id} is cancelled: {refund_text}.",
        order_id=order.id,
        status=order.status,
        reason=args.reason,
        refund_amount=money(total),
        refunds=refunds,
        approved_by=args.approved_by,
    )


# --------------------------------------------------------------------------- address


class ModifyAddressArgs(ActionArgs, AddressFields):
    order_id: OrderId


@tool(ModifyAddressArgs, "order_actions", acts=True, needs_consent=True)
def modify_order_address(rt: Runtime, args: ModifyAddressArgs) -> ToolResult:
    """Change the shipping address of a pending order. Needs consent=True after the customer
    confirmed the order id and the full new address."""
    order = rt.owned_order(args.order_id, lock=True)
    if order is None:
        return rt.not_owner()
    if refusal := require_pending(rt, order, "modified"):
        return refusal
    old, new = ship_address(order), args.as_dict()
    if old == new:
        return rt.refuse(
            "same_address", f"Order {order.id} already ships to that address.", order_id=order.id
        )
    action = {"action": "modify_order_address", "order_id": order.id, "old_address": old, "new_address": new}
    if gate := rt.gate(args, action, confirm=f"ship order {order.id} to {one_line(new)}."):
        return gate
    for field, value in new.items():
        setattr(order, f"ship_{field}", value)
    return rt.ok(
        f"Order {order.id} will ship to {one_line(new)}.",
        order_id=order.id,
        status=order.status,
        old_address=old,
        new_address=new,
    )


# --------------------------------------------------------------------------- payment


class ModifyPaymentArgs(ActionArgs):
    order_id: OrderId
    payment_method_id: PaymentMethodId


@tool(ModifyPaymentArgs, "order_actions", acts=True, needs_consent=True)
def modify_order_payment(rt: Runtime, args: ModifyPaymentArgs) -> ToolResult:
    """Pay a pending order with another of the customer's payment methods; a gift card must cover
    the total. The original method is refunded (gift card immediately, otherwise in 5-7 business
    days). Needs consent=True after the customer confirmed."""
    order = rt.owned_order(args.order_id, lock=True)
    if order is None:
        return rt.not_owner()
    if refusal := require_pending(rt, order, "modified"):
        return refusal
    new_pm = rt.owned_payment_method(args.payment_method_id, lock=True)
    if new_pm is None:
        return rt.not_owner()
    paid = net_paid_by_method(order)
    if len(paid) != 1:
        return rt.refuse(
            "multiple_payments",
            f"Order {order.id} was paid in several parts; a team member must change it.",
            order_id=order.id,
        )
    ((old_pm_id, total),) = paid.items()
    if old_pm_id == new_pm.id:
        return rt.refuse(
            "same_payment_method",
            f"Order {order.id} is already paid with {payment_method_label(new_pm, new_pm.id)}.",
            order_id=order.id,
        )
    if refusal := check_gift_card(rt, new_pm, total):
        return refusal
    action = {
        "action": "modify_order_payment",
        "order_id": order.id,
        "old_payment_method_id": old_pm_id,
        "new_payment_method_id": new_pm.id,
        "amount": money(total),
    }
    confirm = (
        f"pay order {order.id} ({rt.price(total)}) with {payment_method_label(new_pm, new_pm.id)} "
        f"instead; the original payment method is refunded."
    )
    if gate := rt.gate(args, action, confirm=confirm, refund=total):
        return gate
    charge(rt, order, new_pm, total)
    refund = issue_refund(rt, order, old_pm_id, total)
    return rt.ok(
        f"Order {order.id} is now paid with {payment_method_label(new_pm, new_pm.id)}; "
        f"{rt.price(refund['amount'])} goes back to your {refund['label']} {refund['timing']}.",
        order_id=order.id,
        status=order.status,
        new_payment_method_id=new_pm.id,
        amount=money(total),
        refund=refund,
        approved_by=args.approved_by,
    )


# --------------------------------------------------------------------------- items


class ModifyItemsArgs(ItemSwapArgs):
    item_ids: list[ItemId] = Field(
        min_length=1, max_length=50, description="Item ids in the order to change."
    )


@tool(ModifyItemsArgs, "order_actions", acts=True, needs_consent=True)
def modify_order_items(rt: Runtime, args: ModifyItemsArgs) -> ToolResult:
    """Change items of a pending order to other options of the same product (e.g. another size or
    colour). Only once per order: list every item to change in one call. The price difference is
    paid with or refunded to payment_method_id. Needs consent=True after the customer confirmed."""
    order = rt.owned_order(args.order_id, lock=True)
    if order is None:
        return rt.not_owner()
    if refusal := require_pending(rt, order, "modified"):
        return refusal
    pm = rt.owned_payment_method(args.payment_method_id, lock=True)
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
    action = {
        "action": "modify_order_items",
        "order_id": order.id,
        "changes": swap_view(old, new),
        "price_difference": money(diff),
        "payment_method_id": pm.id,
    }
    money_part = (
        f"you pay {rt.price(diff)}" if diff > 0 else f"you get {rt.price(-diff)} back"
    ) + f" with {payment_method_label(pm, pm.id)}"
    confirm = (
        f"change {len(old)} item(s) in order {order.id} ({money_part}). This can only be done once, "
        "so please make sure these are all the items you want to change."
    )
    if gate := rt.gate(args, action, confirm=confirm, refund=-diff if diff < 0 else None):
        return gate
    for row, variant in zip(old, new, strict=True):
        row.item_id, row.price, row.options = variant.id, variant.price, dict(variant.options)
    order.status = "pending (items modified)"
    refund = None
    if diff > 0:
        charge(rt, order, pm, diff)
    elif diff < 0:
        refund = issue_refund(rt, order, pm.id, -diff)
    return rt.ok(
        f"Order {order.id} now has the new item option(s); {money_part}.",
        order_id=order.id,
        status=order.status,
        changes=action["changes"],
        price_difference=money(diff),
        payment_method_id=pm.id,
        refund=refund,
        approved_by=args.approved_by,
    )
