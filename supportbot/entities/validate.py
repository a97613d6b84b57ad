"""Check extracted order ids against the database and flag them for the agent.

* ``ok``: the order exists and belongs to ``customer_id`` (or no customer is known yet: the order
  exists; ownership is then unproven and the tools still enforce it before any action);
* ``unknown``: no such order (kept, not dropped, so the agent can ask which order is meant);
* ``foreign``: the order belongs to another customer (the agent refuses to discuss it).
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.exc import InterfaceError, OperationalError
from sqlalchemy.orm import Session

from supportbot.db.engine import describe_db_error
from supportbot.db.models import Order
from supportbot.entities.types import Entity, EntityFlag, Extraction


def order_flag(owner: str | None, customer_id: str | None) -> EntityFlag:
    if owner is None:
        return "unknown"
    if customer_id is not None and owner != customer_id:
        return "foreign"
    return "ok"


def validate_order_ids(extraction: Extraction, customer_id: str | None, session: Session) -> Extraction:
    """A copy of ``extraction`` with ``flag`` set on every order_id entity (one query)."""
    ids = sorted({e.value for e in extraction.entities if e.type == "order_id"})
    if not ids:
        return extraction.model_copy(deep=True)
    try:
        rows = session.execute(select(Order.id, Order.customer_id).where(Order.id.in_(ids))).tuples()
        owners = {order_id: owner for order_id, owner in rows}
    except (OperationalError, InterfaceError) as exc:
        bind = session.get_bind()
        raise describe_db_error(exc, str(bind.engine.url)) from exc
    entities: list[Entity] = []
    for entity in extraction.entities:
        if entity.type == "order_id":
            entity = entity.model_copy(update={"flag": order_flag(owners.get(entity.value), customer_id)})
        else:
            entity = entity.model_copy()
        entities.append(entity)
    return extraction.model_copy(update={"entities": entities})
