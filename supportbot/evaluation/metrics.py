"""Every end-to-end metric, computed from gold tickets and the bot's predictions.

Pure functions over plain data, so each one is tested on small hand-made cases.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from decimal import Decimal, InvalidOperation
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from supportbot.evaluation.db_state import Snapshot, changed_rows, mismatches
from supportbot.evaluation.eval_set import EvalTicket
from supportbot.evaluation.grounding import OwnershipIndex, degenerate, leaks, ungrounded
from supportbot.evaluation.tool_match import tool_calls_correct

STAGES = ("classify", "extract", "tools", "generate", "verify")


class Prediction(BaseModel):
    """What the bot produced for one ticket (a batch output line plus the runner's extras)."""

    model_config = ConfigDict(extra="forbid")

    id: str
    intent: str = ""
    confidence: float = 0.0
    entities: list[dict[str, Any]] = Field(default_factory=list)
    tool_calls: list[dict[str, Any]] = Field(default_factory=list)  # name, args, ok, [result]
    reply: str = ""
    escalated: bool = False
    escalation_reason: str | None = None
    language: str = ""
    latency_ms: float = 0.0
    stage_ms: dict[str, float] = Field(default_factory=dict)
    outcome: str | None = None
    error: str | None = None
    verification: dict[str, int] = Field(default_factory=dict)  # the outcome's fact-check counters


class TicketScore(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str
    intent_ok: bool
    tool_ok: bool
    tool_why: str = ""
    db_ok: bool
    db_why: str = ""
    escalation: str  # tp | fp | fn | tn | any
    ungrounded: list[str] = Field(default_factory=list)
    leaks: list[str] = Field(default_factory=list)
    degenerate: bool = False


# --------------------------------------------------------------------------- entities


def norm_entity(kind: str, value: str) -> str:
    text = " ".join(str(value).split())
    if kind == "order_id":
        m = re.search(r"(\d{7})", text)
        return f"#W{m.group(1)}" if m else text.upper()
    if kind == "amount":
        m = re.search(r"(\d[\d,]*(?:\.\d+)?)", text)
        currency = (
            "USD" if "USD" in text.upper() or "$" in text or not re.search(r"[A-Z]{3}", text) else text[-3:]
        )
        if m:
            try:
                return f"{Decimal(m.group(1).replace(',', '')).quantize(Decimal('0.01'))} {currency.upper()}"
            except InvalidOperation:
                pass
        return text.upper()
    if kind == "tracking_number":
        return re.sub(r"\D", "", text) or text
    return text.casefold()


def entity_prf(tickets: list[EvalTicket], preds: dict[str, Prediction]) -> dict[str, dict[str, float]]:
    """Micro precision/recall/F1 per entity type, over the types the gold set labels."""
    scored = {e.type for t in tickets for e in t.gold.entities}
    tp: dict[str, int] = defaultdict(int)
    fp: dict[str, int] = defaultdict(int)
    fn: dict[str, int] = defaultdict(int)
    for t in tickets:
        p = preds.get(t.id)
        gold = {(e.type, norm_entity(e.type, e.value)) for e in t.gold.entities}
        got = {
            (e["type"], norm_entity(e["type"], e["value"]))
            for e in (p.entities if p else [])
            if e.get("type") in scored
        }
        for kind, _ in gold & got:
            tp[kind] += 1
        for kind, _ in got - gold:
            fp[kind] += 1
        for kind, _ in gold - got:
            fn[kind] += 1
    out: dict[str, dict[str, float]] = {}
    for kind in sorted(scored):
        p_ = tp[kind] / (tp[kind] + fp[kind]) if tp[kind] + fp[kind] else 0.0
        r_ = tp[kind] / (tp[kind] + fn[kind]) if tp[kind] + fn[kind] else 0.0
        f1 = 2 * p_ * r_ / (p_ + r_) if p_ + r_ else 0.0
        out[kind] = {"precision": p_, "recall": r_, "f1": f1, "support": float(tp[kind] + fn[kind])}
    return out


# --------------------------------------------------------------------------- database


def db_outcomes(
    tickets: list[EvalTicket],
    orders_before: Snapshot,
    orders_after: Snapshot,
    customers_after: Snapshot,
) -> tuple[dict[str, tuple[bool, str]], set[str]]:
    """Per ticket (matches?, why not), and the orders changed that no ticket expected to change.

    A ticket matches when every order and customer field it expects holds after the run and no
    order it names changed without a ticket expecting that change. A stray change to an order no
    ticket names counts against every ticket of that order's owner (it cannot be attributed).
    """
    expected_change: set[str] = set()
    named: set[str] = set()
    for t in tickets:
        for exp in t.gold.orders:
            named.add(exp.order_id)
            before = orders_before.get(exp.order_id)
            if before is None or mismatches(exp.fields, before):
                expected_change.add(exp.order_id)
    unexpected = changed_rows(orders_before, orders_after) - expected_change
    unnamed_by_owner: dict[str, set[str]] = defaultdict(set)
    for oid in unexpected - named:
        row = orders_before.get(oid) or orders_after.get(oid) or {}
        unnamed_by_owner[str(row.get("customer_id"))].add(oid)
    results: dict[str, tuple[bool, str]] = {}
    for t in tickets:
        why: list[str] = []
        for exp in t.gold.orders:
            bad = mismatches(exp.fields, orders_after.get(exp.order_id))
            if bad:
                why.append(f"{exp.order_id}: {', '.join(bad)}")
        for cexp in t.gold.customers:
            bad = mismatches(cexp.fields, customers_after.get(cexp.customer_id))
            if bad:
                why.append(f"customer {cexp.customer_id}: {', '.join(bad)}")
        stray = {o.order_id for o in t.gold.orders} & unexpected
        if t.gold.customer_id:
            stray |= unnamed_by_owner.get(t.gold.customer_id, set())
        if stray:
            why.append(f"unexpected change to {', '.join(sorted(stray))}")
        results[t.id] = (not why, "; ".join(why))
    return results, unexpected


# --------------------------------------------------------------------------- escalation


def escalation_class(should: bool | None, escalated: bool) -> str:
    if should is None:
        return "any"
    if should:
        return "tp" if escalated else "fn"
    return "fp" if escalated else "tn"


def precision_recall(classes: list[str]) -> tuple[float, float]:
    tp, fp, fn = (classes.count(c) for c in ("tp", "fp", "fn"))
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    return precision, recall


# --------------------------------------------------------------------------- latency


def percentile(values: list[float], q: float) -> float:
    """Linear-interpolated percentile (q in 0..100); NaN for no values."""
    if not values:
        return math.nan
    data = sorted(values)
    pos = (len(data) - 1) * q / 100
    lo, hi = math.floor(pos), math.ceil(pos)
    return data[lo] + (data[hi] - data[lo]) * (pos - lo)


def latency_table(preds: list[Prediction]) -> dict[str, dict[str, float]]:
    table: dict[str, dict[str, float]] = {}
    for stage in STAGES:
        values = [p.stage_ms[stage] for p in preds if stage in p.stage_ms]
        table[stage] = {"p50": percentile(values, 50), "p95": percentile(values, 95), "n": float(len(values))}
    e2e = [p.latency_ms for p in preds if p.error is None]
    table["end_to_end"] = {"p50": percentile(e2e, 50), "p95": percentile(e2e, 95), "n": float(len(e2e))}
    return table


# --------------------------------------------------------------------------- all together


class E2EMetrics(BaseModel):
    model_config = ConfigDict(extra="forbid")

    n: int
    errors: int
    intent_accuracy: float
    intent_accuracy_english: float
    entity: dict[str, dict[str, float]]
    order_id_f1: float
    tool_call_accuracy: float
    tool_call_accuracy_with_expected: float
    db_match_rate: float
    db_unexpected_changes: int
    escalation_precision: float
    escalation_recall: float
    escalation_reason_accuracy: float
    auto_resolution_rate: float
    not_escalated_rate: float
    hallucination_rate: float
    degenerate_reply_rate: float = 0.0
    ungrounded_facts: int
    reply_facts_checked: int
    leak_count: int
    latency_ms: dict[str, dict[str, float]]
    by_tag: dict[str, dict[str, float]] = Field(default_factory=dict)
    cpu_s_per_1000: float | None = None
    cpu_s_model_load: float | None = None
    wall_s: float | None = None
    reply_sources: dict[str, int] = Field(default_factory=dict)


REPLY_SOURCES = (
    "model",
    "model, regenerated",
    "template: failed the fact check",
    "template: generation stopped at the deadline",
    "template: backend error",
    "template backend",
)


def reply_source(p: Prediction, *, model: bool) -> str | None:
    """Where the reply of a ticket that went through the Respond node came from (None: it did not,
    e.g. escalated before a reply); ``model``: whether the run had a reply model."""
    if p.error is not None or "generate" not in p.stage_ms:
        return None
    v = p.verification
    if not model:
        return "template backend"
    if v.get("deadline_cut"):
        return "template: generation stopped at the deadline"
    if v.get("backend_error"):
        return "template: backend error"
    if v.get("fallback"):
        return "template: failed the fact check"
    return "model, regenerated" if v.get("regenerated") else "model"


def reply_sources(preds: list[Prediction], *, model: bool) -> dict[str, int]:
    """How many replies each source gave (every source listed, zeros included)."""
    counts = dict.fromkeys(REPLY_SOURCES, 0)
    for p in preds:
        source = reply_source(p, model=model)
        if source is not None:
            counts[source] += 1
    return counts


def score(
    tickets: list[EvalTicket],
    preds: dict[str, Prediction],
    *,
    orders_before: Snapshot,
    orders_after: Snapshot,
    customers_after: Snapshot,
    ownership: OwnershipIndex,
) -> tuple[E2EMetrics, list[TicketScore]]:
    """Score every ticket, then aggregate. A missing prediction counts as wrong everywhere."""
    from supportbot.evaluation.grounding import reply_facts

    db, unexpected = db_outcomes(tickets, orders_before, orders_after, customers_after)
    scores: list[TicketScore] = []
    reason_hits = reason_total = facts_checked = replies_with_ungrounded = replies_checked = 0
    for t in tickets:
        p = preds.get(t.id) or Prediction(id=t.id, error="no prediction")
        failed = p.error is not None
        tool_ok, tool_why = tool_calls_correct(t.gold.expected_calls, p.tool_calls)
        if failed:
            tool_ok, tool_why = False, f"error: {p.error}"
        esc = escalation_class(t.gold.should_escalate, p.escalated and not failed)
        if esc == "tp":
            reason_total += 1
            accepted = t.gold.acceptable_reasons or [t.gold.escalation_reason or ""]
            reason_hits += int(p.escalation_reason in accepted)
        ticket_text = f"{t.subject or ''}\n{t.body}"
        bad_facts: set[Any] = set()
        if p.reply:
            replies_checked += 1
            facts_checked += len(reply_facts(p.reply))
            bad_facts = ungrounded(p.reply, ticket_text, [c.get("result") for c in p.tool_calls])
            replies_with_ungrounded += int(bool(bad_facts))
        scores.append(
            TicketScore(
                id=t.id,
                intent_ok=not failed and p.intent == t.gold.intent,
                tool_ok=tool_ok,
                tool_why=tool_why,
                db_ok=db[t.id][0],
                db_why=db[t.id][1],
                escalation=esc,
                ungrounded=sorted(f"{f.kind} {f.value}" for f in bad_facts),
                leaks=leaks(p.reply, ticket_text, t.gold.customer_id, ownership) if p.reply else [],
                degenerate=bool(p.reply) and degenerate(p.reply),
            )
        )
    n = len(tickets)
    plist = [preds.get(t.id) or Prediction(id=t.id, error="no prediction") for t in tickets]
    english = [s for s, t in zip(scores, tickets, strict=True) if t.gold.language == "en"]
    with_expected = [s for s, t in zip(scores, tickets, strict=True) if t.gold.expected_calls]
    precision, recall = precision_recall([s.escalation for s in scores])
    entity = entity_prf(tickets, preds)
    auto = sum(
        1
        for t, p in zip(tickets, plist, strict=True)
        if p.error is None and not p.escalated and t.gold.should_escalate is not True
    )
    metrics = E2EMetrics(
        n=n,
        errors=sum(1 for p in plist if p.error is not None),
        intent_accuracy=_rate(s.intent_ok for s in scores),
        intent_accuracy_english=_rate(s.intent_ok for s in english),
        entity=entity,
        order_id_f1=entity.get("order_id", {}).get("f1", 0.0),
        tool_call_accuracy=_rate(s.tool_ok for s in scores),
        tool_call_accuracy_with_expected=_rate(s.tool_ok for s in with_expected),
        db_match_rate=_rate(s.db_ok for s in scores),
        db_unexpected_changes=len(unexpected),
        escalation_precision=precision,
        escalation_recall=recall,
        escalation_reason_accuracy=reason_hits / reason_total if reason_total else 0.0,
        auto_resolution_rate=auto / n if n else 0.0,
        not_escalated_rate=sum(1 for p in plist if p.error is None and not p.escalated) / n if n else 0.0,
        hallucination_rate=replies_with_ungrounded / replies_checked if replies_checked else 0.0,
        degenerate_reply_rate=sum(s.degenerate for s in scores) / replies_checked if replies_checked else 0.0,
        ungrounded_facts=sum(len(s.ungrounded) for s in scores),
        reply_facts_checked=facts_checked,
        leak_count=sum(len(s.leaks) for s in scores),
        latency_ms=latency_table(plist),
        by_tag=_by_tag(tickets, scores),
    )
    return metrics, scores


def _rate(values: Any) -> float:
    items = list(values)
    return sum(1 for v in items if v) / len(items) if items else 0.0


def _by_tag(tickets: list[EvalTicket], scores: list[TicketScore]) -> dict[str, dict[str, float]]:
    groups: dict[str, list[TicketScore]] = defaultdict(list)
    for t, s in zip(tickets, scores, strict=True):
        for tag in t.gold.tags:
            groups[tag].append(s)
    return {
        tag: {
            "n": float(len(group)),
            "intent": _rate(s.intent_ok for s in group),
            "tools": _rate(s.tool_ok for s in group),
            "db": _rate(s.db_ok for s in group),
            "escalation": _rate(s.escalation in ("tp", "tn", "any") for s in group),
        }
        for tag, group in sorted(groups.items())
    }
