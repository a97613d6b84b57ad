"""The remaining policy refusals, each set up deterministically on the demo shop."""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import select

from supportbot.db.engine import session_scope
from supportbot.db.models import Order, Payment, PaymentMethod, Variant
from tests.tools.conftest import Shop


def _order_with_variant(
    shop: Shop, status: str, *, available: bool, pricier: bool = False
) -> tuple[str, str, str, str]:
    """(customer id, order id, item id in the order, another variant of that item's product)."""
    with session_scope(shop.engine) as s:
        for order in s.scalars(select(Order).where(Order.status == status).order_by(Order.id)):
            if len(order.payments) != 1:
                continue
            for item in order.items:
                stmt = select(Variant).where(
                    Variant.product_id == item.product_id,
                    Variant.id != item.item_id,
                    Variant.available.is_(available),
                )
                if pricier:
                    stmt = stmt.where(Variant.price > item.price)
                variant = s.scalars(stmt.order_by(Variant.id)).first()
                if variant is not None:
                    return order.customer_id, order.id, item.item_id, variant.id
    raise LookupError("no such order")


def test_item_refusals(shop: Shop, as_customer) -> None:  # type: ignore[no-untyped-def]
    cid, oid, item, unavailable = _order_with_variant(shop, "pending", available=False)
    pm = shop.payment_methods(cid)[0].id
    call = as_customer(cid)
    base = {"order_id": oid, "payment_method_id": pm, "consent": True, "approved_by": "lead"}
    assert (
        call("modify_order_items", item_ids=[item], new_item_ids=[unavailable], **base).reason
        == "item_unavailable"
    )
    assert (
        call("modify_order_items", item_ids=[item], new_item_ids=["9999999999"], **base).reason
        == "unknown_item"
    )
    assert shop.status(oid) == "pending"


def test_exchange_needs_gift_card_balance_for_the_difference(shop: Shop, as_customer) -> None:  # type: ignore[no-untyped-def]
    cid, oid, item, pricier = _order_with_variant(shop, "delivered", available=True, pricier=True)
    with session_scope(shop.engine) as s:
        card = PaymentMethod(
            id="gift_card_9000001", customer_id=cid, source="gift_card", balance=Decimal("0.00")
        )
        s.add(card)
    refused = as_customer(cid)(
        "exchange_items",
        order_id=oid,
        item_ids=[item],
        new_item_ids=[pricier],
        payment_method_id="gift_card_9000001",
        consent=True,
        approved_by="lead",
    )
    assert refused.reason == "insufficient_gift_card_balance" and refused.data["balance"] == 0.0
    assert shop.status(oid) == "delivered"


def test_payment_and_address_refusals(shop: Shop, as_customer) -> None:  # type: ignore[no-untyped-def]
    ref = shop.order("pending", paid_with="credit_card")
    call = as_customer(ref.customer_id)
    with session_scope(shop.engine) as s:
        order = s.get_one(Order, ref.order_id)
        current = {
            "address1": order.ship_address1,
            "address2": order.ship_address2,
            "city": order.ship_city,
            "state": order.ship_state,
            "country": order.ship_country,
            "zip": order.ship_zip,
        }
        extra = PaymentMethod(id="paypal_9000002", customer_id=ref.customer_id, source="paypal")
        s.add(extra)
        s.flush()
        s.add(
            Payment(order_id=ref.order_id, kind="payment", amount=Decimal("1.00"), payment_method_id=extra.id)
        )
    same = call("modify_order_address", order_id=ref.order_id, consent=True, **current)
    assert same.reason == "same_address"
    split = call(
        "modify_order_payment", order_id=ref.order_id, payment_method_id="paypal_9000002", consent=True
    )
    assert split.reason == "multiple_payments"


def test_return_refund_only_to_original_method_or_gift_card(shop: Shop, as_customer) -> None:  # type: ignore[no-untyped-def]
    ref = shop.order("delivered", paid_with="credit_card")
    with session_scope(shop.engine) as s:
        s.add(PaymentMethod(id="paypal_9000003", customer_id=ref.customer_id, source="paypal"))
        s.add(
            PaymentMethod(
                id="gift_card_9000004",
                customer_id=ref.customer_id,
                source="gift_card",
                balance=Decimal("5.00"),
            )
        )
        item = s.get_one(Order, ref.order_id).items[0].item_id
    call = as_customer(ref.customer_id)
    args = {"order_id": ref.order_id, "item_ids": [item], "consent": True, "approved_by": "lead"}
    refused = call("return_items", payment_method_id="paypal_9000003", **args)
    assert refused.status == "policy_refusal" and refused.reason == "refund_method_not_allowed"
    assert shop.status(ref.order_id) == "delivered"
    to_gift_card = call("return_items", payment_method_id="gift_card_9000004", idempotency_key="R2", **args)
    assert to_gift_card.ok and to_gift_card.data["payment_method_id"] == "gift_card_9000004"
