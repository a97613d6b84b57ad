"""Returns, exchanges and account tools against the real demo shop (SQLite and PostgreSQL)."""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import func, select

from supportbot.db.engine import session_scope
from supportbot.db.models import Address, Handoff, Order, PasswordResetRequest, ReturnRequest, Ticket, Variant
from tests.tools.conftest import Shop


def _items(shop: Shop, order_id: str) -> list[tuple[str, str, Decimal]]:
    with session_scope(shop.engine) as s:
        return [(i.item_id, i.product_id, i.price) for i in s.get_one(Order, order_id).items]


def _swap(shop: Shop, order_id: str) -> tuple[str, str]:
    with session_scope(shop.engine) as s:
        for item_id, product_id, _ in _items(shop, order_id):
            new = s.scalar(
                select(Variant.id)
                .where(Variant.product_id == product_id, Variant.id != item_id, Variant.available.is_(True))
                .order_by(Variant.price)
            )
            if new:
                return item_id, new
    raise LookupError("nothing to exchange")


def test_return_items(shop: Shop, as_customer) -> None:  # type: ignore[no-untyped-def]
    ref = shop.order("delivered", paid_with="credit_card")
    call = as_customer(ref.customer_id)
    item_id, _, price = _items(shop, ref.order_id)[0]
    args = {"order_id": ref.order_id, "item_ids": [item_id], "payment_method_id": ref.payment_method_id}

    asked = call("return_items", **args)
    assert asked.status == "needs_consent"
    assert asked.data["action"]["refund_amount"] == float(price)
    assert [i["item_id"] for i in asked.data["action"]["items"]] == [item_id]

    pending = shop.order("pending")
    refused = as_customer(pending.customer_id)(
        "return_items",
        order_id=pending.order_id,
        item_ids=[_items(shop, pending.order_id)[0][0]],
        payment_method_id=pending.payment_method_id,
        consent=True,
    )
    assert refused.reason == "status_not_delivered"

    done = call("return_items", **args, consent=True, approved_by="lead")
    assert done.ok, done
    assert shop.status(ref.order_id) == "return requested"
    with session_scope(shop.engine) as s:
        request = s.scalars(select(ReturnRequest).where(ReturnRequest.order_id == ref.order_id)).one()
        assert (request.kind, request.item_ids, request.amount, request.ticket_id) == (
            "return",
            [item_id],
            price,
            "T-1",
        )
    status = call("get_refund_status", order_id=ref.order_id)
    assert status.data["return_requests"][0]["kind"] == "return"
    again = call("return_items", **args, consent=True, approved_by="lead")
    assert again.replayed
    assert shop.snapshot(ref.order_id)["returns"] == 1


def test_exchange_items(shop: Shop, as_customer) -> None:  # type: ignore[no-untyped-def]
    ref = shop.order("delivered", paid_with="credit_card", skip=1)
    call = as_customer(ref.customer_id)
    old, new = _swap(shop, ref.order_id)
    args = {
        "order_id": ref.order_id,
        "item_ids": [old],
        "new_item_ids": [new],
        "payment_method_id": ref.payment_method_id,
    }
    asked = call("exchange_items", **args)
    assert asked.status == "needs_consent" and asked.data["action"]["changes"][0]["new_item_id"] == new
    assert call("exchange_items", **{**args, "new_item_ids": [old]}, consent=True).reason == "same_item"
    done = call("exchange_items", **args, consent=True, approved_by="lead")
    assert done.ok, done
    assert shop.status(ref.order_id) == "exchange requested"
    late = as_customer(ref.customer_id, ticket_id="T-2")("exchange_items", **args, consent=True)
    assert late.reason == "status_not_delivered"


def test_update_default_address(shop: Shop, as_customer) -> None:  # type: ignore[no-untyped-def]
    ref = shop.order("pending")
    call = as_customer(ref.customer_id)
    new = {
        "address1": "7 Harbour Lane",
        "address2": "Apt 2",
        "city": "Boston",
        "state": "MA",
        "country": "USA",
        "zip": "02110",
    }
    assert call("update_default_address", **new).status == "needs_consent"
    done = call("update_default_address", **new, consent=True)
    assert done.ok and done.data["new_address"] == new
    with session_scope(shop.engine) as s:
        defaults = s.scalars(
            select(Address).where(Address.customer_id == ref.customer_id, Address.is_default)
        ).all()
        assert [(a.address1, a.zip) for a in defaults] == [("7 Harbour Lane", "02110")]
    assert as_customer(None)("update_default_address", **new, consent=True).status == "not_owner"


def test_password_reset_and_handoff(shop: Shop, as_customer) -> None:  # type: ignore[no-untyped-def]
    ref = shop.order("pending")
    call = as_customer(ref.customer_id)
    stranger = shop.email(shop.other_customer(ref.customer_id))
    assert call("start_password_reset", email=stranger).status == "not_owner"
    assert call("start_password_reset").ok
    assert call("start_password_reset").replayed  # same ticket: one request
    with session_scope(shop.engine) as s:
        count = s.scalar(select(func.count()).select_from(PasswordResetRequest))
        assert count == 1

    no_ticket = call("open_handoff", reason="human_requested")
    assert no_ticket.status == "invalid" and no_ticket.reason == "no_ticket"
    with session_scope(shop.engine) as s:
        s.add(Ticket(id="T-1", body="I want to talk to a person", customer_email=shop.email(ref.customer_id)))
    opened = call("open_handoff", reason="human_requested", summary="Asked for a person.")
    assert opened.ok
    assert (
        call("open_handoff", reason="human_requested", idempotency_key="other-key").data["handoff_id"]
        == (opened.data["handoff_id"])
    )
    # An unknown sender can still be handed to a human.
    assert as_customer(None)("open_handoff", reason="human_requested", idempotency_key="anon").ok
    with session_scope(shop.engine) as s:
        handoffs = s.scalars(select(Handoff)).all()
        assert len(handoffs) == 1 and handoffs[0].reason == "human_requested"
