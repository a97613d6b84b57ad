"""Shared pieces of the fault tests: real tickets from the demo shop, the invariant checker, and
waiting for the queue to drain."""

from __future__ import annotations

import importlib.util
import sys
import time
from pathlib import Path
from types import ModuleType

from sqlalchemy import Engine, func, select

from supportbot.db.engine import session_scope
from supportbot.db.models import Customer, Order, Ticket
from supportbot.interfaces.intake import NewTicket, add_ticket

_INVARIANTS = Path(__file__).resolve().parents[2] / "benchmarks" / "load_invariants.py"


def invariants() -> ModuleType:
    spec = importlib.util.spec_from_file_location("load_invariants", _INVARIANTS)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("load_invariants", module)
    spec.loader.exec_module(module)
    return module


def enqueue_real_tickets(engine: Engine, n_status: int, n_cancel: int, prefix: str = "f") -> list[str]:
    """``n_status`` order-status questions and ``n_cancel`` cancellations of pending orders, each
    from the order's owner; returns the ticket ids."""
    with session_scope(engine) as s:
        rows = s.execute(
            select(Order.id, Order.status, Customer.email)
            .join(Customer, Customer.id == Order.customer_id)
            .order_by(Order.id)
        ).all()
        pending = [r for r in rows if r.status == "pending"][:n_cancel]
        others = [r for r in rows if r.status in ("processed", "delivered")][:n_status]
        ids = []
        for i, r in enumerate(others):
            tid = f"{prefix}-status-{i}"
            add_ticket(s, NewTicket(id=tid, customer_email=r.email, body=f"Where is my order {r.id}?"))
            ids.append(tid)
        for i, r in enumerate(pending):
            tid = f"{prefix}-cancel-{i}"
            body = f"Please cancel my order {r.id}, I ordered it by mistake."
            add_ticket(s, NewTicket(id=tid, customer_email=r.email, body=body))
            ids.append(tid)
    return ids


def count_final(engine: Engine, ids: list[str]) -> int:
    with session_scope(engine) as s:
        return int(
            s.scalar(
                select(func.count())
                .select_from(Ticket)
                .where(Ticket.id.in_(ids), Ticket.status.in_(("resolved", "asked", "escalated", "dead")))
            )
            or 0
        )


def wait_until(predicate, timeout_s: float, interval_s: float = 0.1) -> bool:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(interval_s)
    return predicate()
