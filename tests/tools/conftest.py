"""Fixtures for the tools tests: the real demo shop on SQLite and PostgreSQL, and a finder for
records in a given state (so tests say what they need, not which ids happen to have it)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, func, select

from supportbot.db.engine import create_db_engine, session_scope
from supportbot.db.models import AuditLog, Customer, Order, Payment, PaymentMethod
from supportbot.settings import Settings, load_settings
from supportbot.tools.context import ToolContext
from supportbot.tools.registry import call_tool
from supportbot.tools.results import ToolResult
from tests.conftest import pg_demo_database


@dataclass(frozen=True)
class OrderRef:
    customer_id: str
    order_id: str
    payment_method_id: str  # the (single) payment method that paid for it
    total: Decimal


class Shop:
    """Queries the demo data for records in a given state."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def order(
        self,
        status: str,
        *,
        paid_with: str | None = None,
        max_total: Decimal | None = None,
        min_total: Decimal | None = None,
        customer_has_gift_card: bool | None = None,
        single_payment: bool = True,
        skip: int = 0,
    ) -> OrderRef:
        with session_scope(self.engine) as s:
            found = 0
            for order in s.scalars(select(Order).where(Order.status == status).order_by(Order.id)):
                payments = [p for p in order.payments if p.kind == "payment"]
                if single_payment and (len(order.payments) != 1 or len(payments) != 1):
                    continue
                pm = payments[0].payment_method_id
                total = sum((i.price for i in order.items), Decimal(0))
                if paid_with and not pm.startswith(paid_with):
                    continue
                if max_total is not None and total > max_total:
                    continue
                if min_total is not None and total < min_total:
                    continue
                if customer_has_gift_card is not None:
                    has = any(m.source == "gift_card" for m in order.customer.payment_methods)
                    if has != customer_has_gift_card:
                        continue
                if found < skip:
                    found += 1
                    continue
                return OrderRef(order.customer_id, order.id, pm, total)
        raise LookupError(f"no {status} order matching the filters")

    def email(self, customer_id: str) -> str:
        with session_scope(self.engine) as s:
            return s.get_one(Customer, customer_id).email

    def other_customer(self, customer_id: str) -> str:
        with session_scope(self.engine) as s:
            other = s.scalar(select(Customer.id).where(Customer.id != customer_id).order_by(Customer.id))
            assert other is not None
            return other

    def payment_methods(self, customer_id: str, source: str | None = None) -> list[PaymentMethod]:
        with session_scope(self.engine) as s:
            stmt = select(PaymentMethod).where(PaymentMethod.customer_id == customer_id)
            if source:
                stmt = stmt.where(PaymentMethod.source == source)
            return list(s.scalars(stmt.order_by(PaymentMethod.id)))

    def balance(self, payment_method_id: str) -> Decimal:
        with session_scope(self.engine) as s:
            return s.get_one(PaymentMethod, payment_method_id).balance or Decimal(0)

    def status(self, order_id: str) -> str:
        with session_scope(self.engine) as s:
            return s.get_one(Order, order_id).status

    def payments(self, order_id: str) -> list[tuple[str, Decimal, str]]:
        with session_scope(self.engine) as s:
            rows = s.scalars(select(Payment).where(Payment.order_id == order_id).order_by(Payment.id))
            return [(p.kind, p.amount, p.payment_method_id) for p in rows]

    def audit_count(self, action: str | None = None) -> int:
        with session_scope(self.engine) as s:
            stmt = select(func.count()).select_from(AuditLog)
            if action:
                stmt = stmt.where(AuditLog.action == action)
            return int(s.scalar(stmt) or 0)

    def snapshot(self, order_id: str) -> dict[str, Any]:
        """Everything an action may change about an order."""
        with session_scope(self.engine) as s:
            o = s.get_one(Order, order_id)
            return {
                "status": o.status,
                "items": [(i.item_id, i.price) for i in o.items],
                "payments": [(p.kind, p.amount, p.payment_method_id) for p in o.payments],
                "address": (o.ship_address1, o.ship_city, o.ship_zip),
                "returns": len(o.return_requests),
                "balances": {m.id: m.balance for m in o.customer.payment_methods},
            }


Caller = Callable[..., ToolResult]


def make_caller(engine: Engine, settings: Settings) -> Callable[[str | None], Caller]:
    def as_customer(customer_id: str | None, ticket_id: str | None = "T-1") -> Caller:
        ctx = ToolContext(engine=engine, customer_id=customer_id, ticket_id=ticket_id, settings=settings)

        def call(name: str, **args: Any) -> ToolResult:
            return call_tool(ctx, name, args)

        return call

    return as_customer


@pytest.fixture
def shop(demo_engine: Engine) -> Shop:
    return Shop(demo_engine)


@pytest.fixture
def as_customer(demo_engine: Engine) -> Callable[[str | None], Caller]:
    return make_caller(demo_engine, load_settings())


# A read-only demo database shared by the lookup tests of one module (lookups only add audit rows).
@pytest.fixture(scope="module", params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def shared_engine(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory, _demo_sqlite_template: Path
) -> Iterator[Engine]:
    if request.param == "sqlite":
        import shutil

        path: Path = tmp_path_factory.mktemp("shared") / "demo.db"
        shutil.copy(_demo_sqlite_template, path)
        engine = create_db_engine(f"sqlite:///{path}")
        yield engine
        engine.dispose()
        return
    with pg_demo_database(request.getfixturevalue("_pg_demo_template")) as url:
        engine = create_db_engine(url)
        yield engine
        engine.dispose()
