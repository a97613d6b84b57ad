"""Two transactions cancel the same order at once: exactly one succeeds, the refund is issued once.

A third transaction holds the order's lock while both calls start, so both are guaranteed to be
waiting on it and race the moment it is released (row lock on PostgreSQL, write lock on SQLite).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

from sqlalchemy import Engine, select, text

from supportbot.db.engine import session_factory
from supportbot.db.models import Order
from supportbot.settings import load_settings
from supportbot.tools.context import ToolContext
from supportbot.tools.registry import call_tool
from supportbot.tools.results import ToolResult
from tests.tools.conftest import Shop


def _race(engine: Engine, order_id: str, calls: list[Callable[[], ToolResult]]) -> list[ToolResult]:
    holder = session_factory(engine)()
    if engine.dialect.name == "postgresql":
        holder.scalars(select(Order).where(Order.id == order_id).with_for_update()).one()
    else:
        holder.execute(text("UPDATE orders SET status = status WHERE id = :id"), {"id": order_id})
    results: list[ToolResult] = []
    lock = threading.Lock()

    def run(fn: Callable[[], ToolResult]) -> None:
        result = fn()
        with lock:
            results.append(result)

    threads = [threading.Thread(target=run, args=(fn,)) for fn in calls]
    for t in threads:
        t.start()
    time.sleep(0.5)
    assert all(t.is_alive() for t in threads), "the calls must wait for the lock"
    holder.rollback()
    holder.close()
    for t in threads:
        t.join(timeout=30)
    assert len(results) == len(calls)
    return results


def _cancel(
    engine: Engine, customer_id: str, order_id: str, ticket: str, key: str | None = None
) -> Callable[[], ToolResult]:
    ctx = ToolContext(engine=engine, customer_id=customer_id, ticket_id=ticket, settings=load_settings())
    args = {"order_id": order_id, "reason": "no longer needed", "consent": True, "approved_by": "lead"}
    if key:
        args["idempotency_key"] = key
    return lambda: call_tool(ctx, "cancel_order", args)


def test_concurrent_cancel_exactly_one_succeeds(demo_engine: Engine, shop: Shop) -> None:
    ref = shop.order("pending")
    results = _race(
        demo_engine,
        ref.order_id,
        [
            _cancel(demo_engine, ref.customer_id, ref.order_id, "T-A"),
            _cancel(demo_engine, ref.customer_id, ref.order_id, "T-B"),
        ],
    )
    statuses = sorted(r.status for r in results)
    assert statuses == ["ok", "policy_refusal"], results
    refused = next(r for r in results if not r.ok)
    assert refused.reason == "status_not_pending"
    assert [p[0] for p in shop.payments(ref.order_id)] == ["payment", "refund"]
    assert shop.status(ref.order_id) == "cancelled"


def test_concurrent_double_submission_replays(demo_engine: Engine, shop: Shop) -> None:
    ref = shop.order("pending")
    same = [
        _cancel(demo_engine, ref.customer_id, ref.order_id, "T-A", key="T-A:cancel_order") for _ in range(2)
    ]
    results = _race(demo_engine, ref.order_id, same)
    assert sorted(r.replayed for r in results) == [False, True]
    assert all(r.status == "ok" for r in results)
    assert results[0].data == results[1].data
    assert [p[0] for p in shop.payments(ref.order_id)] == ["payment", "refund"]
    assert shop.audit_count("cancel_order") == 2
