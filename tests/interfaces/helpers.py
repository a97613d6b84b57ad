"""A small, real processing function for queue-mechanics tests (the agent is tested elsewhere).

It decides by keywords: 'human' escalates (human_requested), 'refund' over the approval amount is
a pending approval, a question mark asks back, everything else is resolved. Tickets whose body
contains 'explode' raise, to exercise retries and dead-lettering.
"""

from __future__ import annotations

import threading
from collections import Counter

from sqlalchemy import Engine

from supportbot.agent.contract import PendingAction, TicketInput, TicketOutcome
from supportbot.db.engine import session_scope
from supportbot.interfaces.intake import NewTicket, add_ticket


class KeywordProcessor:
    def __init__(self, fail_times: int = 10**9) -> None:
        self.calls: Counter[str] = Counter()
        self.batches: list[int] = []
        self.fail_times = fail_times
        self._lock = threading.Lock()

    def outcome(self, t: TicketInput) -> TicketOutcome:
        body = t.body.lower()
        with self._lock:
            self.calls[t.id] += 1
            calls = self.calls[t.id]
        if "explode" in body and calls <= self.fail_times:
            raise RuntimeError(f"boom on {t.id}")
        common = {"id": t.id, "thread_id": t.thread_id or t.id, "confidence": 0.9, "language": "en"}
        if "human" in body:
            return TicketOutcome(
                **common,
                outcome="escalated",
                intent="contact_human_agent",
                escalated=True,
                escalation_reason="human_requested",
                reply="A colleague will get back to you.",
                draft_reply=f"Hello, about your message '{t.body[:20]}'...",
                summary="Customer wants a person.",
            )
        if "refund" in body:
            return TicketOutcome(
                **common,
                outcome="escalated",
                intent="get_refund",
                escalated=True,
                escalation_reason="needs_approval",
                pending_action=PendingAction(
                    tool="refund", args={"order_id": "#W2611340"}, reason="amount", amount=900
                ),
            )
        if "?" in body:
            return TicketOutcome(
                **common, outcome="asked", intent="track_order", reply="Which order do you mean?"
            )
        return TicketOutcome(**common, outcome="resolved", intent="track_order", reply=f"Done: {t.body[:30]}")

    def __call__(self, tickets: list[TicketInput]) -> list[TicketOutcome]:
        with self._lock:
            self.batches.append(len(tickets))
        return [self.outcome(t) for t in tickets]


def enqueue(engine: Engine, bodies: list[str], prefix: str = "t") -> list[str]:
    ids = []
    with session_scope(engine) as session:
        for i, body in enumerate(bodies):
            row = add_ticket(
                session,
                NewTicket(id=f"{prefix}-{i:04d}", customer_email="noah.brown7922@example.com", body=body),
            )
            assert row is not None
            ids.append(row.id)
    return ids
