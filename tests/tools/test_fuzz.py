"""Property test: whatever a (wrong or hostile) model passes, ``call_tool`` returns a typed result,
never raises, and never changes a record of another customer."""

from __future__ import annotations

from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import Engine, select

from supportbot.db.engine import create_db_engine, session_scope
from supportbot.db.models import Order, PaymentMethod, Variant
from supportbot.settings import load_settings
from supportbot.tools.context import ToolContext
from supportbot.tools.registry import REGISTRY, call_tool
from supportbot.tools.results import ToolResult

ME = "noah_brown_6181"


def _victim_state(engine: Engine, victim: str) -> list[Any]:
    with session_scope(engine) as s:
        orders = s.scalars(select(Order).where(Order.customer_id == victim).order_by(Order.id)).all()
        methods = s.scalars(select(PaymentMethod).where(PaymentMethod.customer_id == victim)).all()
        return [
            [
                (o.id, o.status, o.ship_address1, [(i.item_id, i.price) for i in o.items], len(o.payments))
                for o in orders
            ],
            sorted((m.id, m.balance) for m in methods),
        ]


def test_random_calls_never_raise_or_touch_other_customers(sqlite_url: str) -> None:
    engine = create_db_engine(sqlite_url)
    with session_scope(engine) as s:
        victim_order = s.scalars(
            select(Order).where(Order.customer_id != ME, Order.status == "pending")
        ).first()
        assert victim_order is not None
        victim, victim_order_id = victim_order.customer_id, victim_order.id
        victim_orders = list(s.scalars(select(Order.id).where(Order.customer_id == victim)))
        victim_items = [i.item_id for i in victim_order.items]
        victim_methods = list(s.scalars(select(PaymentMethod.id).where(PaymentMethod.customer_id == victim)))
        variants = list(s.scalars(select(Variant.id).limit(20)))
    before = _victim_state(engine, victim)
    ctx = ToolContext(engine=engine, customer_id=ME, ticket_id="T-fuzz", settings=load_settings())

    scalars = st.one_of(
        st.none(),
        st.booleans(),
        st.integers(),
        st.text(max_size=30),
        st.sampled_from(
            victim_orders + victim_items + victim_methods + variants + ["#W7678072", "paypal_5727330"]
        ),
    )
    values = st.one_of(scalars, st.lists(scalars, max_size=3))
    field_names = sorted(
        {f for spec in REGISTRY.values() for f in spec.args_model.model_fields} | {"customer_id"}
    )
    args_strategy = st.dictionaries(st.sampled_from(field_names), values, max_size=7)

    @settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))
    @given(name=st.sampled_from(sorted(REGISTRY)), args=args_strategy, approve=st.booleans())
    def check(name: str, args: dict[str, Any], approve: bool) -> None:
        if approve:
            args = {**args, "consent": True, "approved_by": "fuzz"}
        result = call_tool(ctx, name, args)
        assert isinstance(result, ToolResult)
        assert result.status != "error", result
        assert victim not in result.model_dump_json()

    check()
    # And every order tool, with complete, well-formed arguments aimed at the victim's records.
    full = {
        "reason": "no longer needed",
        "item_ids": victim_items[:1],
        "new_item_ids": variants[:1],
        "payment_method_id": victim_methods[0],
        "address1": "1 Main St",
        "city": "Austin",
        "state": "TX",
        "country": "USA",
        "zip": "78701",
        "consent": True,
        "approved_by": "fuzz",
    }
    for name, spec in REGISTRY.items():
        if "order_id" in spec.args_model.model_fields:
            args = {k: v for k, v in full.items() if k in spec.args_model.model_fields}
            result = call_tool(ctx, name, {**args, "order_id": victim_order_id})
            assert result.status == "not_owner", (name, result)
    assert _victim_state(engine, victim) == before
    engine.dispose()
