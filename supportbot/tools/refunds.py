"""When refunds arrive, per the store policy: gift cards at once, other methods in 5-7 business days."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from supportbot.db.models import Order, Payment, PaymentMethod, utcnow
from supportbot.tools.runtime import Runtime
from supportbot.tools.views import money, payment_method_label

REFUND_DAYS_MIN = 5
REFUND_DAYS_MAX = 7


def add_business_days(start: dt.datetime, days: int) -> dt.datetime:
    current = start
    left = days
    while left > 0:
        current += dt.timedelta(days=1)
        if current.weekday() < 5:
            left -= 1
    return current


def refund_timing(source: str, created_at: dt.datetime | None = None) -> dict[str, Any]:
    """``{"timing": ..., "expected_by": ISO date, "completed": bool}`` for a refund to ``source``."""
    start = created_at or utcnow()
    if start.tzinfo is None:
        start = start.replace(tzinfo=dt.UTC)
    if source == "gift_card":
        return {"timing": "immediately", "expected_by": start.date().isoformat(), "completed": True}
    due = add_business_days(start, REFUND_DAYS_MAX)
    return {
        "timing": f"within {REFUND_DAYS_MIN}-{REFUND_DAYS_MAX} business days",
        "expected_by": due.date().isoformat(),
        "completed": utcnow() >= due,
    }


def issue_refund(rt: Runtime, order: Order, payment_method_id: str, amount: Decimal) -> dict[str, Any]:
    """Record a refund Payment; a gift card is credited at once. Returns what the reply may quote."""
    now = utcnow()
    order.payments.append(
        Payment(kind="refund", amount=amount, payment_method_id=payment_method_id, created_at=now)
    )
    pm = rt.owned_payment_method(payment_method_id, lock=True)
    source = pm.source if pm else payment_method_id.rsplit("_", 1)[0]
    if pm is not None and pm.source == "gift_card":
        pm.balance = (pm.balance or Decimal(0)) + amount
    return {
        "payment_method_id": payment_method_id,
        "label": payment_method_label(pm, payment_method_id),
        "amount": money(amount),
        **refund_timing(source, now),
    }


def charge(rt: Runtime, order: Order, pm: PaymentMethod, amount: Decimal) -> None:
    """Record a payment; a gift card is debited at once (the caller checked the balance)."""
    order.payments.append(
        Payment(kind="payment", amount=amount, payment_method_id=pm.id, created_at=utcnow())
    )
    if pm.source == "gift_card":
        pm.balance = (pm.balance or Decimal(0)) - amount
