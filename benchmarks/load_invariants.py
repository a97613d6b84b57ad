"""Queue invariants after a run (used by ``benchmarks/load_worker.py`` and the reliability tests).

Every ticket ends exactly once: status resolved, asked, escalated or dead (none left queued or
processing), at most one bot reply, at most one handoff, and a handoff for each escalated or dead
ticket. No action had a double effect: per idempotency key at most one stored result, and in the
audit log at most one successful, non-replayed row per (action, order) or idempotency key. Every
audit row names its actor and ticket.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from sqlalchemy import Engine, func, select

from supportbot.db.engine import session_scope
from supportbot.db.models import AuditLog, Handoff, Payment, Ticket, TicketMessage
from supportbot.tools.registry import EFFECT_TOOLS

FINAL = ("resolved", "asked", "escalated", "dead")
EFFECT_ACTIONS = EFFECT_TOOLS


@dataclass
class InvariantReport:
    tickets: int = 0
    by_status: Counter[str] = field(default_factory=Counter)
    problems: list[str] = field(default_factory=list)
    actions: int = 0
    replays: int = 0

    @property
    def ok(self) -> bool:
        return not self.problems

    def lines(self) -> list[str]:
        statuses = ", ".join(f"{k} {v}" for k, v in sorted(self.by_status.items()))
        out = [
            f"tickets {self.tickets}: {statuses}",
            f"effect actions {self.actions} (replayed {self.replays})",
            f"invariant violations: {len(self.problems)}",
        ]
        return out + [f"  - {p}" for p in self.problems[:20]]


def check_invariants(engine: Engine, ticket_ids: Iterable[str] | None = None) -> InvariantReport:
    ids = set(ticket_ids) if ticket_ids is not None else None
    report = InvariantReport()
    with session_scope(engine) as s:
        rows = s.execute(select(Ticket.id, Ticket.status)).all()
        statuses = {r.id: r.status for r in rows if ids is None or r.id in ids}
        bot = dict(
            s.execute(
                select(TicketMessage.ticket_id, func.count())
                .where(TicketMessage.role == "bot")
                .group_by(TicketMessage.ticket_id)
            ).all()
        )
        handoffs = dict(s.execute(select(Handoff.ticket_id, func.count()).group_by(Handoff.ticket_id)).all())
        audit = s.execute(
            select(
                AuditLog.ticket_id,
                AuditLog.actor,
                AuditLog.action,
                AuditLog.args,
                AuditLog.result,
                AuditLog.ok,
                AuditLog.idempotency_key,
            )
        ).all()
        refunds = Counter(
            r.order_id for r in s.execute(select(Payment.order_id, Payment.kind)).all() if r.kind == "refund"
        )
        payments = Counter(
            r.order_id for r in s.execute(select(Payment.order_id, Payment.kind)).all() if r.kind == "payment"
        )
    report.tickets = len(statuses)
    if ids is not None:
        missing = ids - set(statuses)
        report.problems += [f"ticket {t} lost (not in the database)" for t in sorted(missing)]
    for tid, status in statuses.items():
        report.by_status[status] += 1
        if status not in FINAL:
            report.problems.append(f"ticket {tid} ended {status}")
        if bot.get(tid, 0) > 1:
            report.problems.append(f"ticket {tid} answered {bot[tid]} times")
        if handoffs.get(tid, 0) > 1:
            report.problems.append(f"ticket {tid} has {handoffs[tid]} handoffs")
        if status in ("escalated", "dead") and handoffs.get(tid, 0) != 1:
            report.problems.append(f"{status} ticket {tid} has {handoffs.get(tid, 0)} handoffs")
    by_key: Counter[str] = Counter()
    by_order: Counter[tuple[str, str]] = Counter()
    for row in audit:
        if ids is not None and row.ticket_id not in ids:
            continue
        if not row.actor:
            report.problems.append(f"audit row of {row.action} without actor")
        if row.action in EFFECT_ACTIONS and row.ok:
            if (row.result or {}).get("replayed"):
                report.replays += 1
                continue
            report.actions += 1
            if not row.ticket_id:
                report.problems.append(f"audit row of {row.action} without ticket")
            if row.idempotency_key:
                by_key[row.idempotency_key] += 1
            order = (row.args or {}).get("order_id")
            if order and row.action == "cancel_order":
                by_order[(row.action, order)] += 1
    report.problems += [f"idempotency key {k} acted {n} times" for k, n in by_key.items() if n > 1]
    report.problems += [f"{a} on {o} succeeded {n} times" for (a, o), n in by_order.items() if n > 1]
    report.problems += [
        f"order {o} refunded {n} times for {payments[o]} payment(s)"
        for o, n in refunds.items()
        if n > payments[o]
    ]
    return report
