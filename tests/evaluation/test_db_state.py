"""Snapshots of the real demo database (SQLite and PostgreSQL) and the DB-outcome comparison."""

from __future__ import annotations

from sqlalchemy import Engine, update

from supportbot.db.engine import session_scope
from supportbot.db.models import Address, Order, PasswordResetRequest
from supportbot.evaluation.db_state import (
    changed_rows,
    customer_snapshot,
    field_matches,
    mismatches,
    order_snapshot,
    state_hash,
)
from supportbot.evaluation.eval_set import EvalTicket, Gold, OrderExpectation
from supportbot.evaluation.metrics import db_outcomes


def test_snapshot_of_the_demo_shop(demo_engine: Engine) -> None:
    orders = order_snapshot(demo_engine)
    customers = customer_snapshot(demo_engine)
    assert len(orders) == 1000 and len(customers) == 500
    row = orders["#W2611340"]
    assert row["status"] == "processed" and row["customer_id"] == "james_li_5688"
    assert row["item_ids"] == sorted(["6469567736", "8426249116"])
    assert row["payment_method"] == "gift_card_1725971" and row["refunds"] == 0
    assert customers["noah_brown_6181"]["default_zip"] == "80279"
    assert customers["noah_brown_6181"]["password_resets"] == 0


def test_changes_are_detected_and_compared(demo_engine: Engine) -> None:
    before = order_snapshot(demo_engine)
    with session_scope(demo_engine) as s:
        s.execute(update(Order).where(Order.id == "#W2611340").values(status="cancelled"))
        s.execute(update(Address).where(Address.customer_id == "noah_brown_6181").values(zip="78701"))
        s.add(PasswordResetRequest(customer_id="noah_brown_6181"))
    after = order_snapshot(demo_engine)
    customers = customer_snapshot(demo_engine)
    assert changed_rows(before, after) == {"#W2611340"}
    assert state_hash(before) != state_hash(after)
    assert state_hash(before, {"#W7678072"}) == state_hash(after, {"#W7678072"})
    assert mismatches({"status": "cancelled"}, after["#W2611340"]) == []
    assert mismatches({"status": "pending"}, after["#W2611340"]) == ["status"]
    assert customers["noah_brown_6181"]["default_zip"] == "78701"
    assert field_matches({"min": 1}, customers["noah_brown_6181"]["password_resets"])

    def t(tid: str, status: str) -> EvalTicket:
        return EvalTicket(
            id=tid,
            customer_email="james@example.com",
            subject=None,
            body="x",
            gold=Gold(
                intent="cancel_order",
                customer_id="james_li_5688",
                should_escalate=False,
                orders=[OrderExpectation(order_id="#W2611340", fields={"status": status})],
            ),
        )

    results, unexpected = db_outcomes([t("ok", "cancelled")], before, after, customers)
    assert results["ok"][0] and unexpected == set()
    results, unexpected = db_outcomes([t("bad", "processed")], before, after, customers)
    assert not results["bad"][0] and unexpected == {"#W2611340"}
