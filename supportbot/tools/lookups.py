"""Read-only tools: the customer's profile, orders, tracking, refunds, invoice; public product info."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Annotated, Any, Literal

from pydantic import Field, model_validator
from sqlalchemy import func, select

from supportbot.db.models import ORDER_STATUSES, Order, PaymentMethod, Product, TrackingNumber, Variant
from supportbot.tools.args import OrderId, ToolArgs
from supportbot.tools.invoice import render_invoice
from supportbot.tools.refunds import refund_timing
from supportbot.tools.results import ToolResult
from supportbot.tools.runtime import Runtime
from supportbot.tools.spec import tool
from supportbot.tools.views import (
    customer_profile,
    item_view,
    money,
    net_paid_by_method,
    order_summary,
    order_total,
    payment_method_label,
    ship_address,
    when,
)

# --------------------------------------------------------------------------- customer


class FindByEmailArgs(ToolArgs):
    email: Annotated[str, Field(min_length=3, max_length=320, pattern=r"^[^@\s]+@[^@\s]+$")]


class FindByNameZipArgs(ToolArgs):
    first_name: Annotated[str, Field(min_length=1, max_length=100)]
    last_name: Annotated[str, Field(min_length=1, max_length=100)]
    zip: Annotated[str, Field(min_length=3, max_length=12)]


@tool(FindByEmailArgs, "lookups")
def find_customer_by_email(rt: Runtime, args: FindByEmailArgs) -> ToolResult:
    """Verify the customer by email and return their profile (name, default address, payment methods).
    Only the sender's own account can be found."""
    customer = rt.customer()
    if customer.email.lower() != args.email.lower():
        return rt.not_owner()
    return rt.ok(f"Verified {customer.name}.", **customer_profile(customer))


@tool(FindByNameZipArgs, "lookups")
def find_customer_by_name_zip(rt: Runtime, args: FindByNameZipArgs) -> ToolResult:
    """Verify the customer by first name, last name and zip code and return their profile.
    Only the sender's own account can be found."""
    customer = rt.customer()
    zips = {a.zip.strip() for a in customer.addresses}
    if (
        customer.first_name.lower() != args.first_name.lower()
        or customer.last_name.lower() != args.last_name.lower()
        or args.zip not in zips
    ):
        return rt.not_owner()
    return rt.ok(f"Verified {customer.name}.", **customer_profile(customer))


# --------------------------------------------------------------------------- orders


class OrderArgs(ToolArgs):
    order_id: OrderId


class RecentOrdersArgs(ToolArgs):
    limit: int = Field(default=5, ge=1, le=50, description="How many orders, newest first.")
    status: Literal[ORDER_STATUSES] | None = Field(  # type: ignore[valid-type]
        default=None, description="Only orders in this status."
    )


def _methods(rt: Runtime) -> dict[str, PaymentMethod]:
    return {pm.id: pm for pm in rt.customer().payment_methods}


@tool(OrderArgs, "lookups")
def get_order_details(rt: Runtime, args: OrderArgs) -> ToolResult:
    """Details of one of the customer's orders: status, items with options and prices, total,
    shipping address, payment methods and shipments."""
    order = rt.owned_order(args.order_id)
    if order is None:
        return rt.not_owner()
    methods = _methods(rt)
    return rt.ok(
        f"Order {order.id} is {order.status}.",
        order_id=order.id,
        status=order.status,
        placed_at=when(order.placed_at),
        items=[item_view(i) for i in order.items],
        total=money(order_total(order)),
        shipping_address=ship_address(order),
        payments=[
            {
                "kind": p.kind,
                "amount": money(p.amount),
                "payment_method_id": p.payment_method_id,
                "label": payment_method_label(methods.get(p.payment_method_id), p.payment_method_id),
            }
            for p in order.payments
        ],
        shipments=[
            {"tracking_ids": [str(t) for t in f.tracking_ids], "item_ids": list(f.item_ids)}
            for f in order.fulfillments
        ],
    )


_TRACKING_MESSAGE = {
    "pending": "Order {id} has not shipped yet (status: pending).",
    "pending (items modified)": "Order {id} has not shipped yet (items were modified).",
    "cancelled": "Order {id} was cancelled.",
}


class TrackingArgs(ToolArgs):
    order_id: OrderId | None = None
    tracking_id: Annotated[
        str | None,
        Field(
            default=None,
            pattern=r"^[A-Za-z0-9]{6,40}$",
            description="A tracking number instead of the order id.",
        ),
    ]

    @model_validator(mode="after")
    def _one_of(self) -> TrackingArgs:
        if (self.order_id is None) == (self.tracking_id is None):
            raise ValueError("give either order_id or tracking_id")
        return self


@tool(TrackingArgs, "lookups")
def get_order_tracking(rt: Runtime, args: TrackingArgs) -> ToolResult:
    """Shipping status and tracking numbers of one of the customer's orders, by order id or by a
    tracking number."""
    order_id = args.order_id
    if order_id is None:
        tracked = rt.s.get(TrackingNumber, args.tracking_id)
        if tracked is None:
            return rt.not_owner()  # same answer as someone else's parcel
        order_id = tracked.order_id
    order = rt.owned_order(order_id)
    if order is None:
        return rt.not_owner()
    names = {i.item_id: i.name for i in order.items}
    shipments: list[dict[str, Any]] = [
        {
            "tracking_ids": [str(t) for t in f.tracking_ids],
            "carrier": f.carrier,
            "items": [names.get(str(i), str(i)) for i in f.item_ids],
        }
        for f in order.fulfillments
    ]
    tracking = ", ".join(t for s in shipments for t in s["tracking_ids"])
    default = f"Order {{id}} is {order.status}; tracking number(s): {tracking or 'none yet'}."
    message = _TRACKING_MESSAGE.get(order.status, default).format(id=order.id)
    return rt.ok(message, order_id=order.id, status=order.status, shipments=shipments)


@tool(OrderArgs, "lookups")
def get_refund_status(rt: Runtime, args: OrderArgs) -> ToolResult:
    """Payments, refunds and return/exchange requests of one of the customer's orders, with when
    each refund arrives (gift card: immediately; other methods: 5-7 business days)."""
    order = rt.owned_order(args.order_id)
    if order is None:
        return rt.not_owner()
    methods = _methods(rt)
    refunds = []
    for p in order.payments:
        if p.kind != "refund":
            continue
        pm = methods.get(p.payment_method_id)
        refunds.append(
            {
                "amount": money(p.amount),
                "payment_method_id": p.payment_method_id,
                "label": payment_method_label(pm, p.payment_method_id),
                "issued_at": when(p.created_at),
                **refund_timing(pm.source if pm else p.payment_method_id.rsplit("_", 1)[0], p.created_at),
            }
        )
    requests = [
        {
            "kind": r.kind,
            "status": r.status,
            "item_ids": list(r.item_ids),
            "new_item_ids": list(r.new_item_ids),
            "amount": money(r.amount),
            "payment_method_id": r.payment_method_id,
            "requested_at": when(r.created_at),
        }
        for r in order.return_requests
    ]
    if refunds:
        message = "; ".join(
            f"{rt.price(r['amount'])} refunded to {r['label']} (arriving {r['timing']}, by {r['expected_by']})"
            for r in refunds
        )
    elif requests:
        message = f"A {requests[-1]['kind']} was requested for order {order.id}; the refund follows once the items are received."
    else:
        message = f"There is no refund for order {order.id}."
    return rt.ok(
        message,
        order_id=order.id,
        status=order.status,
        paid={pm: money(a) for pm, a in net_paid_by_method(order).items()},
        refunds=refunds,
        return_requests=requests,
    )


@tool(OrderArgs, "lookups")
def get_invoice(rt: Runtime, args: OrderArgs) -> ToolResult:
    """A plain-text invoice (receipt) of one of the customer's orders."""
    order = rt.owned_order(args.order_id)
    if order is None:
        return rt.not_owner()
    text = render_invoice(order, rt.customer(), _methods(rt), rt.ctx.settings.policy.currency)
    return rt.ok(
        f"Invoice for order {order.id}.", order_id=order.id, total=money(order_total(order)), text=text
    )


@tool(RecentOrdersArgs, "lookups")
def list_recent_orders(rt: Runtime, args: RecentOrdersArgs) -> ToolResult:
    """The customer's most recent orders (id, status, date, total, item names), newest first."""
    stmt = select(Order).where(Order.customer_id == rt.customer_id)
    if args.status:
        stmt = stmt.where(Order.status == args.status)
    orders = rt.s.scalars(stmt.order_by(Order.placed_at.desc(), Order.id).limit(args.limit)).all()
    if not orders:
        return rt.ok("You have no orders" + (f" that are {args.status}." if args.status else "."), orders=[])
    return rt.ok(f"{len(orders)} most recent order(s).", orders=[order_summary(o) for o in orders])


# --------------------------------------------------------------------------- catalogue (public)


class ProductArgs(ToolArgs):
    product: Annotated[
        str, Field(min_length=1, max_length=200, description="Product name, product id or item id.")
    ]


def _product_view(p: Product) -> dict[str, object]:
    variants = [
        {"item_id": v.id, "options": dict(v.options), "price": money(v.price), "available": v.available}
        for v in sorted(p.variants, key=lambda v: v.id)
    ]
    prices = [v["price"] for v in variants if v["available"]] or [0.0]
    return {
        "product_id": p.id,
        "name": p.name,
        "variants": variants,
        "available_variants": sum(1 for v in variants if v["available"]),
        "price_min": min(prices),  # type: ignore[type-var]
        "price_max": max(prices),  # type: ignore[type-var]
    }


def _tokens(text: str) -> set[str]:
    words = re.findall(r"[a-z0-9]+", text.lower().replace("-", ""))
    return {w[:-1] if len(w) > 3 and w.endswith("s") else w for w in words}


def _best_name_matches(products: Sequence[Product], query: str) -> list[Product]:
    """Products whose name words best match the query's words (whole name first, then most words)."""
    wanted = _tokens(query)
    compact = re.sub(r"[^a-z0-9]", "", query.lower())
    scored = []
    for p in products:
        name = _tokens(p.name)
        joined = re.sub(r"[^a-z0-9]", "", p.name.lower())
        hits = len(name) if len(joined) > 4 and joined in compact else len(name & wanted)
        if hits:
            scored.append(((hits == len(name), hits), p))
    if not scored:
        return []
    top = max(score for score, _ in scored)
    return [p for score, p in scored if score == top]


@tool(ProductArgs, "lookups", public=True)
def get_product_info(rt: Runtime, args: ProductArgs) -> ToolResult:
    """Product information: variants (item ids and options), prices and availability. Accepts a
    product name, a product id or an item id."""
    query = args.product.strip()
    item: Variant | None = None
    product = rt.s.get(Product, query)
    if product is None:
        item = rt.s.get(Variant, query)
        product = item.product if item else None
    if product is None:
        product = rt.s.scalars(select(Product).where(func.lower(Product.name) == query.lower())).first()
    if product is None:
        best = _best_name_matches(rt.s.scalars(select(Product).order_by(Product.name)).all(), query)
        if len(best) == 1:
            product = best[0]
        elif best:
            return rt.ok(
                f"Several products match '{query}': {', '.join(p.name for p in best)}.",
                matches=[{"product_id": p.id, "name": p.name} for p in best],
            )
    if product is None:
        return rt.not_found(f"We have no product matching '{query}'.")
    view = _product_view(product)
    message = f"{product.name}: {view['available_variants']} of {len(product.variants)} variants available."
    if item is not None:
        view["item"] = {
            "item_id": item.id,
            "options": dict(item.options),
            "price": money(item.price),
            "available": item.available,
        }
    return rt.ok(message, **view)


__all__ = [
    "find_customer_by_email",
    "find_customer_by_name_zip",
    "get_invoice",
    "get_order_details",
    "get_order_tracking",
    "get_product_info",
    "get_refund_status",
    "list_recent_orders",
]
