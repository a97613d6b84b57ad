"""Run summaries shared by batch processing and the worker: outcome counts and latency percentiles."""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, field

from supportbot.agent.contract import TicketOutcome


def percentile(values: list[float], pct: float) -> float | None:
    """Nearest-rank percentile; ``None`` for no values."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, math.ceil(pct / 100 * len(ordered)))
    return ordered[rank - 1]


@dataclass
class RunSummary:
    resolved: int = 0
    asked: int = 0
    escalated: Counter[str] = field(default_factory=Counter)
    errors: int = 0
    latencies_ms: list[float] = field(default_factory=list)

    def add(self, outcome: TicketOutcome) -> None:
        if outcome.escalated:
            self.escalated[outcome.escalation_reason or "unspecified"] += 1
        elif outcome.outcome == "asked":
            self.asked += 1
        else:
            self.resolved += 1
        self.latencies_ms.append(outcome.latency_ms)

    @property
    def total(self) -> int:
        return self.resolved + self.asked + sum(self.escalated.values()) + self.errors

    def lines(self) -> list[str]:
        p50, p95 = percentile(self.latencies_ms, 50), percentile(self.latencies_ms, 95)
        escalated = sum(self.escalated.values())
        by_reason = ", ".join(f"{r} {n}" for r, n in self.escalated.most_common()) or "none"
        return [
            f"tickets: {self.total}  resolved: {self.resolved}  asked: {self.asked}  "
            f"escalated: {escalated}  errors: {self.errors}",
            f"escalated by reason: {by_reason}",
            "latency: "
            + (f"P50 {p50:,.0f} ms  P95 {p95:,.0f} ms" if p50 is not None and p95 is not None else "n/a"),
        ]
