"""Write an end-to-end report: Markdown with tables and PNG plots, plus machine-readable files.

``OUT/report.md``, ``OUT/metrics.json`` (read by the README generator), ``OUT/predictions.jsonl``,
``OUT/scores.jsonl`` and ``OUT/*.png``.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import platform
from pathlib import Path
from typing import Any

from supportbot.evaluation import plots
from supportbot.evaluation.e2e_run import E2EResult
from supportbot.evaluation.goals import GOALS, fmt, met, target_text, value
from supportbot.evaluation.metrics import STAGES, E2EMetrics
from supportbot.evaluation.tool_match import __doc__ as TOOL_DEFINITION

DEFINITIONS = """\
- **Intent accuracy**: predicted intent equals the gold intent (all tickets; an error line counts as wrong).
- **Entity F1**: micro precision/recall/F1 per type over normalised `(type, value)` pairs per ticket
  (order ids canonical `#W1234567`, amounts `12.50 USD`, other text case-folded), for the types
  the set labels. *Order-id extraction* is the order_id F1.
- **Tool-call accuracy**: share of tickets whose tool calls are correct, defined as:
{tool_definition}
- **DB-outcome match**: after the whole set has run once on a fresh demo DB, every order/customer
  field a ticket expects holds (e.g. `status = cancelled`, new shipping zip), and no order of the
  sender or named by the ticket changed unless some ticket expected that change (each ticket names
  distinct orders, so effects are independent), as tau-bench compares final database states.
- **Escalation precision/recall**: positive = escalated to a human; tickets whose gold allows
  either outcome (refused prompt injections) are left out. *Reason accuracy*: share of correctly
  escalated tickets whose reason code is one the gold accepts.
- **Auto-resolved**: share of all tickets the bot closed itself (answered, acted or asked a
  question, no error) where the gold does not require a human: no wrong non-escalations count.
- **Hallucination rate**: share of non-empty replies stating at least one order id, tracking
  number, amount or date found neither in the ticket nor in the results of its tool calls.
- **Degenerate replies**: share of non-empty replies that echo the prompt's scaffolding (`TICKET:`,
  `FACTS:`...) or loop (a line three times, or under half distinct 4-grams). Not a goal, but a
  reply no customer should get, which the fact check cannot see.
- **Leaks**: another customer's order id, tracking number, email, full name or street address in a
  reply that the ticket did not already contain (must be 0).
- **Latency**: P50/P95 of the runner's per-stage timings and of end-to-end time per ticket, as
  processed in batches of `worker.batch_size` (batched generation).
- **Cost**: process CPU time (all threads) during the run, per 1,000 tickets, after a warm-up
  ticket that loads the models (model load reported separately).
"""


def _pct(v: float) -> str:
    return "n/a" if math.isnan(v) else f"{v * 100:.1f}%"


def _ms(v: float) -> str:
    return "n/a" if math.isnan(v) else f"{v:.1f}"


def goals_table(metrics: E2EMetrics) -> str:
    lines = [
        "| metric | measured | goal | met | published (bot we compare against) |",
        "| --- | ---: | ---: | :---: | ---: |",
    ]
    for g in GOALS:
        v = value(metrics, g.key)
        lines.append(
            f"| {g.label} | {fmt(g, v)} | {target_text(g)} | {'yes' if met(g, metrics) else 'no'} | {g.published} |"
        )
    return "\n".join(lines)


def other_table(metrics: E2EMetrics) -> str:
    rows = [
        ("intent accuracy, English tickets", _pct(metrics.intent_accuracy_english)),
        ("tool-call accuracy, tickets with expected calls", _pct(metrics.tool_call_accuracy_with_expected)),
        ("DB-outcome match rate", _pct(metrics.db_match_rate)),
        ("orders changed that no ticket expected", str(metrics.db_unexpected_changes)),
        ("escalation precision", _pct(metrics.escalation_precision)),
        ("escalation reason accuracy", _pct(metrics.escalation_reason_accuracy)),
        ("not escalated (all tickets)", _pct(metrics.not_escalated_rate)),
        ("degenerate replies (scaffolding echoed or looping)", _pct(metrics.degenerate_reply_rate)),
        ("ungrounded facts / facts checked", f"{metrics.ungrounded_facts} / {metrics.reply_facts_checked}"),
        *((f"replies: {source}", str(n)) for source, n in metrics.reply_sources.items() if n),
        ("error lines", str(metrics.errors)),
        (
            "cost per 1,000 tickets (CPU-seconds)",
            "n/a" if metrics.cpu_s_per_1000 is None else f"{metrics.cpu_s_per_1000:.1f}",
        ),
        (
            "model load (CPU-seconds, once)",
            "n/a" if metrics.cpu_s_model_load is None else f"{metrics.cpu_s_model_load:.1f}",
        ),
        (
            "throughput (tickets/s, wall)",
            "n/a" if not metrics.wall_s else f"{metrics.n / metrics.wall_s:.2f}",
        ),
    ]
    return "\n".join(["| metric | value |", "| --- | ---: |", *(f"| {a} | {b} |" for a, b in rows)])


def latency_md(metrics: E2EMetrics) -> str:
    lines = ["| stage | P50 ms | P95 ms | n |", "| --- | ---: | ---: | ---: |"]
    for stage in [*STAGES, "end_to_end"]:
        row = metrics.latency_ms.get(stage, {"p50": math.nan, "p95": math.nan, "n": 0})
        lines.append(f"| {stage} | {_ms(row['p50'])} | {_ms(row['p95'])} | {int(row['n'])} |")
    return "\n".join(lines)


def entity_md(metrics: E2EMetrics) -> str:
    lines = ["| type | precision | recall | F1 | support |", "| --- | ---: | ---: | ---: | ---: |"]
    for kind, row in metrics.entity.items():
        lines.append(
            f"| {kind} | {_pct(row['precision'])} | {_pct(row['recall'])} | {_pct(row['f1'])} | {int(row['support'])} |"
        )
    return "\n".join(lines)


def tags_md(metrics: E2EMetrics) -> str:
    lines = ["| kind | n | intent | tools | DB | escalation |", "| --- | ---: | ---: | ---: | ---: | ---: |"]
    for tag, row in metrics.by_tag.items():
        lines.append(
            f"| {tag} | {int(row['n'])} | {_pct(row['intent'])} | {_pct(row['tools'])} | {_pct(row['db'])} | {_pct(row['escalation'])} |"
        )
    return "\n".join(lines)


def confusions_md(result: E2EResult, top: int = 12) -> str:
    """The most frequent (gold -> predicted) intent confusions."""
    from collections import Counter

    pairs: Counter[tuple[str, str]] = Counter()
    for t in result.tickets:
        p = result.predictions.get(t.id)
        got = p.intent if p and p.error is None else "(error)"
        if got != t.gold.intent:
            pairs[(t.gold.intent, got)] += 1
    if not pairs:
        return "None."
    lines = ["| gold | predicted | tickets |", "| --- | --- | ---: |"]
    lines += [f"| {g} | {p} | {n} |" for (g, p), n in pairs.most_common(top)]
    return "\n".join(lines)


def failures_md(result: E2EResult, per_kind: int = 8) -> str:
    by_id = {t.id: t for t in result.tickets}
    sections: list[str] = []
    checks: list[tuple[str, Any]] = [
        ("wrong intent", lambda s: not s.intent_ok),
        ("wrong tool calls", lambda s: not s.tool_ok),
        ("DB state mismatch", lambda s: not s.db_ok),
        ("missed escalation", lambda s: s.escalation == "fn"),
        ("needless escalation", lambda s: s.escalation == "fp"),
        ("ungrounded facts", lambda s: bool(s.ungrounded)),
        ("leaks", lambda s: bool(s.leaks)),
        ("degenerate replies", lambda s: s.degenerate),
    ]
    for title, bad in checks:
        rows = [s for s in result.scores if bad(s)]
        if not rows:
            continue
        sections.append(f"**{title}** ({len(rows)}):\n")
        for s in rows[:per_kind]:
            t, p = by_id[s.id], result.predictions.get(s.id)
            text = " ".join(t.body.split())[:110]
            detail = {
                "wrong intent": f"gold `{t.gold.intent}`, got `{p.intent if p else '-'}`",
                "wrong tool calls": s.tool_why,
                "DB state mismatch": s.db_why,
                "missed escalation": f"gold reason `{t.gold.escalation_reason}`",
                "needless escalation": f"reason `{p.escalation_reason if p else '-'}`",
                "ungrounded facts": ", ".join(s.ungrounded),
                "leaks": ", ".join(s.leaks),
                "degenerate replies": repr((p.reply if p else "")[:80]),
            }[title]
            sections.append(f"- `{s.id}` {detail} — “{text}”")
        sections.append("")
    return "\n".join(sections) if sections else "None."


def render(result: E2EResult, command: str) -> str:
    m = result.metrics
    when = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    settings = ", ".join(f"{k}={v}" for k, v in result.settings_summary.items())
    return f"""# End-to-end evaluation

{m.n} tickets, {when}, on {platform.machine()} ({platform.processor() or platform.system()}).
Command: `{command}`
Settings: {settings}.

## Goals

{goals_table(m)}

![goals](goals.png)

## Other measures

{other_table(m)}

## Entities

{entity_md(m)}

![entities](entities.png)

## Latency

{latency_md(m)}

![latency](latency.png)

## By ticket kind

{tags_md(m)}

![kinds](kinds.png)

## Intent confusions

{confusions_md(result)}

## Failures (first examples)

{failures_md(result)}

## Definitions

{DEFINITIONS.format(tool_definition=_indent(TOOL_DEFINITION or ""))}
"""


def _indent(doc: str) -> str:
    body = doc.split("Definition (per ticket), documented in every report:", 1)[-1].strip()
    return "\n".join("  " + line if line else "" for line in body.splitlines())


def write_report(result: E2EResult, out_dir: Path, command: str) -> Path:
    out_dir.mkdir(parents=True, exist_ok=True)
    plots.goals_plot(result.metrics, out_dir / "goals.png")
    plots.entity_plot(result.metrics, out_dir / "entities.png")
    plots.latency_plot(result.metrics, list(result.predictions.values()), out_dir / "latency.png")
    plots.tag_plot(result.metrics, out_dir / "kinds.png")
    payload = {
        "metrics": json.loads(result.metrics.model_dump_json()),
        "settings": result.settings_summary,
        "command": command,
        "generated_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
    }
    (out_dir / "metrics.json").write_text(json.dumps(payload, indent=2, default=str) + "\n", encoding="utf-8")
    with (out_dir / "predictions.jsonl").open("w", encoding="utf-8") as fh:
        for t in result.tickets:
            p = result.predictions.get(t.id)
            if p is not None:
                fh.write(p.model_dump_json() + "\n")
    with (out_dir / "scores.jsonl").open("w", encoding="utf-8") as fh:
        for s in result.scores:
            fh.write(s.model_dump_json() + "\n")
    path = out_dir / "report.md"
    path.write_text(render(result, command), encoding="utf-8")
    return path
