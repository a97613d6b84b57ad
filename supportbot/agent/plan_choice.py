"""Plan confidence: what must be sure before the bot answers alone is the plan, not the label.

The intent router escalates a ticket whose best label is below ``intents.low_confidence_threshold``.
Often the runner-up labels lead to the very same plan (track_order and delivery_delay both look up
tracking), or to a sibling plan that the order's status decides by the store policy (a delivered
order can be returned or exchanged, not cancelled or modified). For such a ticket:

1. when it names an order of the sender, the order's status (one read-only query) maps each
   candidate intent to the sibling the policy allows (``plans.BY_STATUS``), and a general question
   to its order-bound intent, as for the clauses of multi-request tickets (``requests.WITH_AN_ORDER``:
   "when does delivery take" about a named order is tracking, an invoice question is its invoice);
2. candidates whose plans are then the same (``plans.plan_key``) add their probabilities;
3. the best plan is taken when its summed probability reaches the same threshold the label had to
   reach. The router exposes its top 3 probabilities, so the sum is a lower bound.

The thresholds are not new: a plan must be as probable as a label had to be. A rescued plan never
acts without asking: the agent drops the customer's implicit consent, so any action is proposed
and runs only after a "yes" (and approval, as always).
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import Engine

from supportbot.agent.plans import BY_STATUS, plan_key
from supportbot.agent.requests import WITH_AN_ORDER
from supportbot.agent.state import PlanChoice


def resolve(intent: str, order_status: str | None) -> str:
    """The sibling of ``intent`` that the store policy allows for the sender's order in
    ``order_status`` (None: the ticket names no order of the sender)."""
    if order_status is None:
        return intent
    intent = WITH_AN_ORDER.get(intent, intent)
    return BY_STATUS.get(intent, {}).get(order_status, intent)


def needs_status(top: Sequence[tuple[str, float]]) -> bool:
    """Whether the order's status could change the choice (a candidate has status siblings)."""
    return any(name in BY_STATUS or name in WITH_AN_ORDER for name, _ in top)


def choose_plan(
    top: Sequence[tuple[str, float]],
    *,
    order_status: str | None,
    threshold: float,
    exclude: frozenset[str] = frozenset({"out_of_scope"}),
) -> PlanChoice | None:
    """The most probable plan among the top intents (best first); None when there are none."""
    candidates = [(name, float(p)) for name, p in top if name not in exclude]
    if not candidates:
        return None
    groups: dict[str, list[tuple[str, str, float]]] = {}
    for name, p in candidates:
        planned = resolve(name, order_status)
        groups.setdefault(plan_key(planned), []).append((name, planned, p))
    best = max(groups.values(), key=lambda g: sum(p for _, _, p in g))
    total = round(sum(p for _, _, p in best), 4)
    intent = best[0][1]  # the planned intent of the group's most probable member
    label, label_p = candidates[0]
    members = [name for name, _, _ in best]
    sure = total >= threshold
    if intent != label and order_status and any(resolve(m, order_status) != m for m in members):
        why = f"order is {order_status}: {' + '.join(members)} mean {intent} for this order (store policy)"
    elif len(members) > 1:
        why = f"{' + '.join(members)} have the same plan"
    else:
        why = "one intent"
    reason = f"{why}; plan probability {total:.4f} {'>=' if sure else '<'} {threshold}"
    return PlanChoice(
        label=label,
        label_confidence=label_p,
        intent=intent,
        confidence=total,
        members=members,
        order_status=order_status,
        sure=sure,
        reason=reason,
    )


def owned_order_status(engine: Engine, order_id: str, customer_id: str) -> str | None:
    """The status of ``order_id`` if it belongs to ``customer_id`` (None otherwise or when the
    database cannot answer: the ticket then escalates as before)."""
    from sqlalchemy import select
    from sqlalchemy.exc import SQLAlchemyError

    from supportbot.db.engine import session_scope
    from supportbot.db.models import Order
    from supportbot.errors import DatabaseUnavailable

    try:
        with session_scope(engine) as session:
            status = session.scalar(
                select(Order.status).where(Order.id == order_id, Order.customer_id == customer_id)
            )
    except (SQLAlchemyError, DatabaseUnavailable):
        return None
    return str(status) if status is not None else None
