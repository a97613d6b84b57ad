"""Row counts by table and order counts by status."""

from __future__ import annotations

from sqlalchemy import Engine, func, select

from supportbot.db.engine import session_scope
from supportbot.db.models import Base, Handoff, Order, Ticket


def table_counts(engine: Engine) -> dict[str, int]:
    with session_scope(engine) as s:
        return {
            t.name: int(s.execute(select(func.count()).select_from(t)).scalar_one())
            for t in Base.metadata.sorted_tables
        }


def _group_count(engine: Engine, column: object) -> dict[str, int]:
    with session_scope(engine) as s:
        rows = s.execute(select(column, func.count()).group_by(column).order_by(column))  # type: ignore[call-overload]
        return {str(k): int(v) for k, v in rows}


def order_status_counts(engine: Engine) -> dict[str, int]:
    return _group_count(engine, Order.status)


def ticket_status_counts(engine: Engine) -> dict[str, int]:
    return _group_count(engine, Ticket.status)


def handoff_status_counts(engine: Engine) -> dict[str, int]:
    return _group_count(engine, Handoff.status)
