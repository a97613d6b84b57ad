from __future__ import annotations

from decimal import Decimal

from sqlalchemy import Engine, select

from supportbot.db.engine import session_scope
from supportbot.db.models import Customer, Order, PaymentMethod, TrackingNumber
from supportbot.db.seed import load_demo
from supportbot.db.stats import order_status_counts, table_counts


def test_demo_counts(demo_engine: Engine) -> None:
    counts = table_counts(demo_engine)
    assert counts["customers"] == 500
    assert counts["orders"] == 1000
    assert counts["products"] == 50
    assert counts["variants"] == 591
    assert order_status_counts(demo_engine) == {
        "cancelled": 102,
        "delivered": 373,
        "pending": 423,
        "processed": 102,
    }


def test_loading_twice_changes_nothing(demo_engine: Engine) -> None:
    before = table_counts(demo_engine)
    report = load_demo(demo_engine)
    assert report.total == 0
    assert table_counts(demo_engine) == before


def test_original_ids_are_kept(demo_engine: Engine) -> None:
    with session_scope(demo_engine) as s:
        order = s.get(Order, "#W2611340")
        assert order is not None
        assert order.customer_id == "james_li_5688"
        assert order.status == "processed"
        assert [i.name for i in order.items] == ["Water Bottle", "Office Chair"]
        assert order.items[0].options["capacity"] == "1000ml"
        assert order.fulfillments[0].tracking_ids == ["357962501027"]
        assert order.payments[0].amount == Decimal("536.65")
        assert order.placed_at is not None
        tn = s.get(TrackingNumber, "357962501027")
        assert tn is not None and tn.order_id == "#W2611340"
        customer = s.scalars(select(Customer).where(Customer.email == "noah.brown7922@example.com")).one()
        assert customer.id == "noah_brown_6181"
        assert customer.default_address is not None and customer.default_address.zip == "80279"


def test_gift_cards_keep_their_balance(demo_engine: Engine) -> None:
    with session_scope(demo_engine) as s:
        gc = s.get(PaymentMethod, "gift_card_4374071")
        assert gc is not None and gc.source == "gift_card" and gc.balance == Decimal("51.00")
