"""Actions on pending orders against the real demo shop (SQLite and PostgreSQL): the happy path,
each policy refusal, consent and approval, foreign orders and double submission."""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import select

from supportbot.db.engine import session_scope
from supportbot.db.models import ActionResult, AuditLog, Order, Product, Variant
from tests.tools.conftest import Shop

LIMIT = Decimal(500)


def test_cancel_consent_approval_refund_and_replay(shop: Shop, as_customer) -> None:  # type: ignore[no-untyped-def]
    ref = shop.order("pending", paid_with="credit_card", min_total=LIMIT + 1)
    call = as_customer(ref.customer_id)
    before = shop.snapshot(ref.order_id)

    asked = call("cancel_order", order_id=ref.order_id, reason="No longer needed")
    assert asked.status == "needs_consent"
    assert asked.data["action"] == {
        "action": "cancel_order",
        "order_id": ref.order_id,
        "reason": "no longer needed",
        "refund_amount": float(ref.total),
        "refund_to": [
            {
                "payment_method_id": ref.payment_method_id,
                "amount": float(ref.total),
                "timing": "within 5-7 business days",
            }
        ],
    }
    assert ref.order_id in asked.message
    held = call("cancel_order", order_id=ref.order_id, reason="no longer needed", consent=True)
    assert held.status == "needs_approval" and held.data["amount"] == float(ref.total)
    assert shop.snapshot(ref.order_id) == before  # neither changed anything

    done = call(
        "cancel_order", order_id=ref.order_id, reason="no longer needed", consent=True, approved_by="lead"
    )
    assert done.status == "ok", done
    assert shop.status(ref.order_id) == "cancelled"
    assert shop.payments(ref.order_id)[-1] == ("refund", ref.total, ref.payment_method_id)
    assert done.data["refunds"][0]["timing"] == "within 5-7 business days"
    assert f"${ref.total:,.2f} goes back to" in done.message  # what the customer reads

    again = call(
        "cancel_order", order_id=ref.order_id, reason="no longer needed", consent=True, approved_by="lead"
    )
    assert again.replayed and again.status == "ok" and again.data == done.data
    assert len(shop.payments(ref.order_id)) == 2  # one payment, one refund: nothing doubled
    with session_scope(shop.engine) as s:
        rows = s.scalars(
            select(AuditLog).where(AuditLog.action == "cancel_order").order_by(AuditLog.id)
        ).all()
        assert [r.result["status"] for r in rows] == ["needs_consent", "needs_approval", "ok", "ok"]
        assert rows[-1].result["replayed"] is True
        assert all(
            r.ticket_id == "T-1" and r.actor == "bot" and r.args["_customer_id"] == ref.customer_id
            for r in rows
        )
        assert all(float(r.duration_ms) > 0 for r in rows)
        assert s.scalar(select(ActionResult.action)) == "cancel_order"

    # A later call in another ticket (another key) meets the status check, not a replay.
    other_ticket = as_customer(ref.customer_id, ticket_id="T-2")
    late = other_ticket(
        "cancel_order", order_id=ref.order_id, reason="no longer needed", consent=True, approved_by="x"
    )
    assert late.status == "policy_refusal" and late.reason == "status_not_pending"
    assert "cancelled" in late.message


def test_cancel_to_gift_card_is_refunded_at_once(shop: Shop, as_customer) -> None:  # type: ignore[no-untyped-def]
    ref = shop.order("pending", paid_with="gift_card", max_total=LIMIT)
    before = shop.balance(ref.payment_method_id)
    call = as_customer(ref.customer_id)
    done = call(
        "cancel_order",
        order_id=ref.order_id,
        reason="Ordered by mistake.",
        consent=True,
        idempotency_key="K1",
    )
    assert done.ok and done.data["refunds"][0]["timing"] == "immediately"
    assert shop.balance(ref.payment_method_id) == before + ref.total
    # The same key for another order is a caller bug: refused, never a replay of the first order.
    with session_scope(shop.engine) as s:
        other = s.scalars(
            select(Order.id).where(Order.customer_id == ref.customer_id, Order.id != ref.order_id)
        ).first()
    if other is not None:
        reused = call(
            "cancel_order", order_id=other, reason="ordered by mistake", consent=True, idempotency_key="K1"
        )
        assert reused.status == "invalid" and reused.reason == "idempotency_key_reused"


def test_cancel_refusals_and_foreign_orders(shop: Shop, as_customer) -> None:  # type: ignore[no-untyped-def]
    ref = shop.order("pending", max_total=LIMIT)
    call = as_customer(ref.customer_id)
    bad_reason = call("cancel_order", order_id=ref.order_id, reason="found it cheaper", consent=True)
    assert bad_reason.status == "invalid" and "no longer needed" in bad_reason.message
    for status in ("processed", "delivered", "cancelled"):
        other = shop.order(status, single_payment=False)
        refused = as_customer(other.customer_id)(
            "cancel_order",
            order_id=other.order_id,
            reason="no longer needed",
            consent=True,
            approved_by="lead",
        )
        assert refused.status == "policy_refusal" and refused.reason == "status_not_pending", status
        assert shop.status(other.order_id) == status
    intruder = as_customer(shop.other_customer(ref.customer_id))
    before = shop.snapshot(ref.order_id)
    for tool, extra in (
        ("cancel_order", {"reason": "no longer needed"}),
        (
            "modify_order_address",
            {"address1": "1 Main St", "city": "Austin", "state": "TX", "country": "USA", "zip": "78701"},
        ),
        ("modify_order_payment", {"payment_method_id": ref.payment_method_id}),
    ):
        foreign = intruder(tool, order_id=ref.order_id, consent=True, approved_by="lead", **extra)
        missing = intruder(tool, order_id="#W0000001", consent=True, approved_by="lead", **extra)
        assert foreign.status == missing.status == "not_owner"
        assert foreign.model_dump() == missing.model_dump()
    assert shop.snapshot(ref.order_id) == before
    unknown = as_customer(None)(
        "cancel_order", order_id=ref.order_id, reason="no longer needed", consent=True
    )
    assert unknown.status == "not_owner"


def test_modify_address(shop: Shop, as_customer) -> None:  # type: ignore[no-untyped-def]
    ref = shop.order("pending")
    call = as_customer(ref.customer_id)
    new = {
        "address1": "12 Elm Street",
        "address2": "",
        "city": "Austin",
        "state": "TX",
        "country": "USA",
        "zip": "78701",
    }
    asked = call("modify_order_address", order_id=ref.order_id, **new)
    assert asked.status == "needs_consent" and asked.data["action"]["new_address"] == new
    done = call("modify_order_address", order_id=ref.order_id, consent=True, **new)
    assert done.ok and shop.snapshot(ref.order_id)["address"] == ("12 Elm Street", "Austin", "78701")
    assert shop.status(ref.order_id) == "pending"
    delivered = shop.order("delivered")
    refused = as_customer(delivered.customer_id)(
        "modify_order_address", order_id=delivered.order_id, consent=True, **new
    )
    assert refused.reason == "status_not_pending"
    assert (
        call("modify_order_address", order_id=ref.order_id, consent=True, **{**new, "zip": "!"}).status
        == "invalid"
    )


def test_modify_payment_with_gift_card_checks(shop: Shop, as_customer) -> None:  # type: ignore[no-untyped-def]
    ref = shop.order("pending", paid_with="credit_card", max_total=LIMIT, customer_has_gift_card=True)
    call = as_customer(ref.customer_id)
    same = call(
        "modify_order_payment", order_id=ref.order_id, payment_method_id=ref.payment_method_id, consent=True
    )
    assert same.reason == "same_payment_method"
    gift = shop.payment_methods(ref.customer_id, "gift_card")[0]
    balance = ref.total + Decimal("100.00")
    with session_scope(shop.engine) as s:
        s.get_one(type(gift), gift.id).balance = balance
    result = call("modify_order_payment", order_id=ref.order_id, payment_method_id=gift.id, consent=True)
    assert result.ok, result
    assert shop.balance(gift.id) == balance - ref.total
    assert shop.payments(ref.order_id)[-2:] == [
        ("payment", ref.total, gift.id),
        ("refund", ref.total, ref.payment_method_id),
    ]
    assert shop.status(ref.order_id) == "pending"


def test_insufficient_gift_card_balance_is_refused(shop: Shop, as_customer) -> None:  # type: ignore[no-untyped-def]
    ref = shop.order("pending", paid_with="credit_card", min_total=Decimal(300), customer_has_gift_card=True)
    gift = shop.payment_methods(ref.customer_id, "gift_card")[0]
    with session_scope(shop.engine) as s:
        s.get_one(type(gift), gift.id).balance = Decimal("10.00")
    refused = as_customer(ref.customer_id)(
        "modify_order_payment",
        order_id=ref.order_id,
        payment_method_id=gift.id,
        consent=True,
        approved_by="lead",
    )
    assert refused.status == "policy_refusal" and refused.reason == "insufficient_gift_card_balance"
    assert refused.data["balance"] == 10.0
    assert shop.payments(ref.order_id) == [("payment", ref.total, ref.payment_method_id)]


def _same_product_swap(shop: Shop, order_id: str, *, available: bool = True) -> tuple[str, str, str]:
    """(old item id, new item id of the same product, an item id of another product)."""
    with session_scope(shop.engine) as s:
        order = s.get_one(Order, order_id)
        for item in order.items:
            candidates = s.scalars(
                select(Variant)
                .where(
                    Variant.product_id == item.product_id,
                    Variant.id != item.item_id,
                    Variant.available == available,
                )
                .order_by(Variant.id)
            ).all()
            if candidates:
                other = s.scalars(
                    select(Product).where(Product.id != item.product_id).order_by(Product.id)
                ).first()
                assert other is not None
                return item.item_id, candidates[0].id, other.variants[0].id
    raise LookupError("no swappable item")


def test_modify_items_once_with_variant_checks(shop: Shop, as_customer) -> None:  # type: ignore[no-untyped-def]
    ref = shop.order("pending", paid_with="credit_card")
    call = as_customer(ref.customer_id)
    old, new, foreign_product = _same_product_swap(shop, ref.order_id)
    base = {
        "order_id": ref.order_id,
        "payment_method_id": ref.payment_method_id,
        "consent": True,
        "approved_by": "lead",
    }

    assert (
        call("modify_order_items", item_ids=[old], new_item_ids=[foreign_product], **base).reason
        == "different_product"
    )
    assert call("modify_order_items", item_ids=[old], new_item_ids=[old], **base).reason == "same_item"
    assert (
        call("modify_order_items", item_ids=["1111111111"], new_item_ids=[new], **base).reason
        == "item_not_in_order"
    )
    assert call("modify_order_items", item_ids=[old, old], new_item_ids=[new], **base).status == "invalid"
    assert shop.status(ref.order_id) == "pending"

    done = call("modify_order_items", item_ids=[old], new_item_ids=[new], **base)
    assert done.ok, done
    assert shop.status(ref.order_id) == "pending (items modified)"
    items = [i for i, _ in shop.snapshot(ref.order_id)["items"]]
    assert new in items
    diff = Decimal(str(done.data["price_difference"]))
    last = shop.payments(ref.order_id)[-1]
    if diff > 0:
        assert last == ("payment", diff, ref.payment_method_id)
    elif diff < 0:
        assert last == ("refund", -diff, ref.payment_method_id)

    # Only once: a second change, and a cancel, are refused afterwards.
    second = as_customer(ref.customer_id, ticket_id="T-9")(
        "modify_order_items", item_ids=[new], new_item_ids=[old], **base
    )
    assert second.reason == "items_already_modified"
    cancel = call(
        "cancel_order", order_id=ref.order_id, reason="no longer needed", consent=True, approved_by="lead"
    )
    assert cancel.reason == "items_already_modified"


def test_payment_method_of_another_customer_is_not_owner(shop: Shop, as_customer) -> None:  # type: ignore[no-untyped-def]
    ref = shop.order("pending")
    stranger = shop.order("pending", skip=5)
    assert stranger.customer_id != ref.customer_id
    result = as_customer(ref.customer_id)(
        "modify_order_payment",
        order_id=ref.order_id,
        payment_method_id=stranger.payment_method_id,
        consent=True,
    )
    assert result.status == "not_owner" and result.data == {}


def test_approval_threshold_is_configurable(shop: Shop, demo_engine) -> None:  # type: ignore[no-untyped-def]
    from supportbot.settings import load_settings
    from tests.tools.conftest import make_caller

    small = shop.order("pending", max_total=Decimal(200))
    strict = make_caller(demo_engine, load_settings(policy={"approval_amount": 10}))(small.customer_id)
    held = strict("cancel_order", order_id=small.order_id, reason="no longer needed", consent=True)
    assert held.status == "needs_approval" and held.data["approval_amount"] == 10.0

    big = shop.order("pending", min_total=Decimal(1000))
    relaxed = make_caller(demo_engine, load_settings(policy={"approval_required_for": ["return_items"]}))
    done = relaxed(big.customer_id)(
        "cancel_order", order_id=big.order_id, reason="no longer needed", consent=True
    )
    assert done.ok and shop.status(big.order_id) == "cancelled"
