"""Snapshots of the order database and their comparison with expected final states.

Like tau-bench, correctness of actions is judged on the database state after processing, not on
the reply text. A snapshot reduces each order and customer to the fields an action may change.
"""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from typing import Any

from sqlalchemy import Engine, func, select

from supportbot.db.engine import session_scope
from supportbot.db.models import (
    Address,
    Order,
    OrderItem,
    PasswordResetRequest,
    Payment,
    ReturnRequest,
)

Snapshot = dict[str, dict[str, Any]]


def order_snapshot(engine: Engine) -> Snapshot:
    """Every order: status, shipping address, item ids, current payment method, refunds, returns."""
    items: dict[str, list[str]] = defaultdict(list)
    payment: dict[str, str] = {}
    refunds: dict[str, int] = defaultdict(int)
    returns: dict[str, list[str]] = defaultdict(list)
    out: Snapshot = {}
    with session_scope(engine) as s:
        for order_id, item_id in s.execute(select(OrderItem.order_id, OrderItem.item_id)):
            items[order_id].append(str(item_id))
        for order_id, kind, method in s.execute(
            select(Payment.order_id, Payment.kind, Payment.payment_method_id).order_by(Payment.id)
        ):
            if kind == "payment":
                payment[order_id] = method
            elif kind == "refund":
                refunds[order_id] += 1
        for order_id, kind in s.execute(select(ReturnRequest.order_id, ReturnRequest.kind)):
            returns[order_id].append(kind)
        for o in s.scalars(select(Order)):
            out[o.id] = {
                "customer_id": o.customer_id,
                "status": o.status,
                "ship_address1": o.ship_address1,
                "ship_city": o.ship_city,
                "ship_state": o.ship_state,
                "ship_zip": o.ship_zip,
                "item_ids": sorted(items[o.id]),
                "payment_method": payment.get(o.id),
                "refunds": refunds[o.id],
                "return_requests": sorted(returns[o.id]),
            }
    return out


def customer_snapshot(engine: Engine) -> Snapshot:
    """Every customer: default address and the number of password-reset requests."""
    out: Snapshot = defaultdict(dict)
    with session_scope(engine) as s:
        for a in s.scalars(select(Address).where(Address.is_default.is_(True))):
            out[a.customer_id].update({"default_address1": a.address1, "default_zip": a.zip})
        resets = dict(
            s.execute(
                select(PasswordResetRequest.customer_id, func.count()).group_by(
                    PasswordResetRequest.customer_id
                )
            ).all()
        )
    for cid in list(out):
        out[cid]["password_resets"] = int(resets.get(cid, 0))
    return dict(out)


def _norm(value: Any) -> Any:
    if isinstance(value, str):
        return " ".join(value.casefold().split())
    if isinstance(value, list):
        return sorted(_norm(v) for v in value)
    return value


def field_matches(expected: Any, actual: Any) -> bool:
    """Equality after normalisation; ``{"min": n}`` accepts any number ≥ n."""
    if isinstance(expected, dict) and set(expected) == {"min"}:
        return isinstance(actual, int | float) and actual >= expected["min"]
    return bool(_norm(expected) == _norm(actual))


def mismatches(expected: dict[str, Any], actual: dict[str, Any] | None) -> list[str]:
    """Names of the expected fields that the actual row does not match (all of them if missing)."""
    if actual is None:
        return sorted(expected)
    return [k for k, v in sorted(expected.items()) if not field_matches(v, actual.get(k))]


def changed_rows(before: Snapshot, after: Snapshot) -> set[str]:
    return {key for key in after if before.get(key) != after[key]} | (set(before) - set(after))


def state_hash(snapshot: Snapshot, keys: set[str] | None = None) -> str:
    """A stable hash of (part of) a snapshot, as tau-bench hashes the final database."""
    chosen = {k: snapshot[k] for k in sorted(keys if keys is not None else snapshot) if k in snapshot}
    return hashlib.sha256(json.dumps(chosen, sort_keys=True, default=str).encode()).hexdigest()[:16]
