"""The goals of the end-to-end evaluation, and the published numbers of the bot we compare against."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from supportbot.evaluation.metrics import E2EMetrics


@dataclass(frozen=True)
class Goal:
    label: str
    key: str  # attribute of E2EMetrics, or a special key handled by value()
    target: float
    higher_is_better: bool
    kind: str  # percent | count | seconds
    published: str  # the e-commerce bot we must beat


GOALS: tuple[Goal, ...] = (
    Goal("intent accuracy", "intent_accuracy", 0.95, True, "percent", "93.4%"),
    Goal("order-id extraction (F1)", "order_id_f1", 0.98, True, "percent", "96.8%"),
    Goal("tool-call accuracy", "tool_call_accuracy", 0.99, True, "percent", "98.2%"),
    Goal("hallucination rate", "hallucination_rate", 0.005, False, "percent", "< 1%"),
    Goal("auto-resolved (no wrong escalations)", "auto_resolution_rate", 0.65, True, "percent", "~62%"),
    Goal("escalation recall", "escalation_recall", 0.98, True, "percent", "n/a"),
    Goal("leaks", "leak_count", 0, False, "count", "n/a"),
    Goal("P95 end to end", "p95_s", 3.0, False, "seconds", "< 3 s"),
)


def value(metrics: E2EMetrics, key: str) -> float:
    if key == "p95_s":
        return metrics.latency_ms["end_to_end"]["p95"] / 1000
    raw: Any = getattr(metrics, key)
    return float(raw)


def met(goal: Goal, metrics: E2EMetrics) -> bool:
    v = value(metrics, goal.key)
    if math.isnan(v):
        return False
    if goal.kind == "seconds":
        return v < goal.target
    return v >= goal.target if goal.higher_is_better else v <= goal.target


def fmt(goal: Goal, v: float) -> str:
    if math.isnan(v):
        return "n/a"
    if goal.kind == "percent":
        return f"{v * 100:.1f}%"
    if goal.kind == "seconds":
        return f"{v:.2f} s"
    return f"{v:.0f}"


def target_text(goal: Goal) -> str:
    if goal.kind == "percent":
        sign = "≥" if goal.higher_is_better else "≤"
        return f"{sign} {goal.target * 100:g}%"
    if goal.kind == "seconds":
        return f"< {goal.target:g} s"
    return f"{goal.target:g}"
