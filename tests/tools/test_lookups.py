"""Lookup tools against the real demo shop (SQLite and PostgreSQL)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from sqlalchemy import Engine

from supportbot.settings import load_settings
from tests.tools.conftest import Shop, make_caller

NOT_OWNER_MESSAGE = "I can only help with orders and details that belong to your own account."


@pytest.fixture(scope="module")
def shop_ro(shared_engine: Engine) -> Shop:
    return Shop(shared_engine)


@pytest.fixture(scope="module")
def caller(shared_engine: Engine):  # type: ignore[no-untyped-def]
    return make_caller(shared_engine, load_settings())


ORDER_TOOLS = ("get_order_details", "get_order_tracking", "get_refund_status", "get_invoice")


def test_customer_verification_only_finds_the_sender(shop_ro: Shop, caller) -> None:  # type: ignore[no-untyped-def]
    ref = shop_ro.order("pending")
    email = shop_ro.email(ref.customer_id)
    call = caller(ref.customer_id)

    found = call("find_customer_by_email", email=email.upper())
    assert found.status == "ok"
    assert found.data["customer_id"] == ref.customer_id
    assert any(pm["payment_method_id"] == ref.payment_method_id for pm in found.data["payment_methods"])
    first, last = found.data["name"].split(" ", 1)
    zip_code = found.data["default_address"]["zip"]
    assert call("find_customer_by_name_zip", first_name=first.lower(), last_name=last, zip=zip_code).ok

    other = shop_ro.other_customer(ref.customer_id)
    foreign = call("find_customer_by_email", email=shop_ro.email(other))
    missing = call("find_customer_by_email", email="nobody-here@example.com")
    wrong_zip = call("find_customer_by_name_zip", first_name=first, last_name=last, zip="00000")
    for refusal in (foreign, missing, wrong_zip):
        assert refusal.status == "not_owner"
        assert refusal.data == {}
    assert foreign.message == missing.message == NOT_OWNER_MESSAGE
    # Unknown sender: nothing but public lookups.
    assert caller(None)("find_customer_by_email", email=email).status == "not_owner"


def test_order_lookups_for_the_owner(shop_ro: Shop, caller) -> None:  # type: ignore[no-untyped-def]
    ref = shop_ro.order("delivered")
    call = caller(ref.customer_id)
    details = call("get_order_details", order_id=ref.order_id.lstrip("#").lower())  # 'w1234567' is normalised
    assert details.ok and details.data["order_id"] == ref.order_id
    assert details.data["status"] == "delivered"
    assert Decimal(str(details.data["total"])) == ref.total
    assert details.data["items"] and all(i["item_id"].isdigit() for i in details.data["items"])

    tracking = call("get_order_tracking", order_id=ref.order_id)
    assert tracking.ok and tracking.data["shipments"]
    first_tracking = tracking.data["shipments"][0]["tracking_ids"][0]
    assert first_tracking in tracking.message
    by_number = call("get_order_tracking", tracking_id=first_tracking)
    assert by_number.ok and by_number.data["order_id"] == ref.order_id
    assert call("get_order_tracking", order_id=ref.order_id, tracking_id=first_tracking).status == "invalid"
    intruder = caller(shop_ro.other_customer(ref.customer_id))
    assert (
        intruder("get_order_tracking", tracking_id=first_tracking).model_dump()
        == intruder("get_order_tracking", tracking_id="000000000000").model_dump()
    )

    refund = call("get_refund_status", order_id=ref.order_id)
    assert refund.ok and refund.data["refunds"] == []
    assert "no refund" in refund.message

    invoice = call("get_invoice", order_id=ref.order_id)
    assert invoice.ok
    text = invoice.data["text"]
    assert ref.order_id in text and f"{ref.total:,.2f} USD" in text
    assert all(item["name"] in text for item in details.data["items"])


def test_refund_status_of_a_cancelled_order_shows_timing(shop_ro: Shop, caller) -> None:  # type: ignore[no-untyped-def]
    from sqlalchemy import select

    from supportbot.db.engine import session_scope
    from supportbot.db.models import Order

    with session_scope(shop_ro.engine) as s:
        order = s.scalars(select(Order).where(Order.status == "cancelled").order_by(Order.id)).first()
        assert order is not None
        cid, oid = order.customer_id, order.id
    result = caller(cid)("get_refund_status", order_id=oid)
    assert result.ok and len(result.data["refunds"]) == 1
    refund = result.data["refunds"][0]
    expected = (
        "immediately" if refund["payment_method_id"].startswith("gift_card") else "within 5-7 business days"
    )
    assert refund["timing"] == expected
    assert refund["expected_by"] in result.message


def test_foreign_and_missing_orders_get_the_same_refusal(shop_ro: Shop, caller) -> None:  # type: ignore[no-untyped-def]
    ref = shop_ro.order("pending")
    intruder = caller(shop_ro.other_customer(ref.customer_id))
    for tool in ORDER_TOOLS:
        foreign = intruder(tool, order_id=ref.order_id)
        missing = intruder(tool, order_id="#W0000000")
        assert foreign.status == missing.status == "not_owner", tool
        assert foreign.model_dump(exclude={"tool"}) == missing.model_dump(exclude={"tool"})
        assert ref.order_id not in foreign.model_dump_json()
        assert caller(None)(tool, order_id=ref.order_id).status == "not_owner"


def test_recent_orders(shop_ro: Shop, caller) -> None:  # type: ignore[no-untyped-def]
    ref = shop_ro.order("pending")
    call = caller(ref.customer_id)
    recent = call("list_recent_orders")
    ids = [o["order_id"] for o in recent.data["orders"]]
    assert ref.order_id in ids
    dates = [o["placed_at"] for o in recent.data["orders"]]
    assert dates == sorted(dates, reverse=True)
    pending = call("list_recent_orders", status="pending", limit=1)
    assert [o["status"] for o in pending.data["orders"]] == ["pending"]
    assert call("list_recent_orders", limit=0).status == "invalid"
    assert caller(None)("list_recent_orders").status == "not_owner"


def test_product_info_is_public(caller) -> None:  # type: ignore[no-untyped-def]
    anonymous = caller(None)
    by_name = anonymous("get_product_info", product="water bottle")
    assert by_name.ok and by_name.data["name"] == "Water Bottle"
    variants = by_name.data["variants"]
    assert len(variants) == 18 and by_name.data["available_variants"] == sum(v["available"] for v in variants)
    by_id = anonymous("get_product_info", product=by_name.data["product_id"])
    assert by_id.data["product_id"] == by_name.data["product_id"]
    item_id = variants[0]["item_id"]
    by_item = anonymous("get_product_info", product=item_id)
    assert by_item.ok and by_item.data["item"]["item_id"] == item_id
    assert anonymous("get_product_info", product="the blue t-shirt in size M").data["name"] == "T-Shirt"
    assert anonymous("get_product_info", product="my new smartwatch").data["name"] == "Smart Watch"
    cameras = anonymous("get_product_info", product="camera")
    assert cameras.ok and {m["name"] for m in cameras.data["matches"]} == {
        "Action Camera",
        "Digital Camera",
        "Indoor Security Camera",
    }
    assert anonymous("get_product_info", product="digital cameras").data["name"] == "Digital Camera"
    assert anonymous("get_product_info", product="100%_off").status == "not_found"
    assert anonymous("get_product_info", product="flux capacitor").status == "not_found"
    assert anonymous("get_product_info", product="").status == "invalid"
