"""Run the labelled set through the batch ``process`` path on a fresh demo database, then score it.

The database is always a new SQLite file loaded with the demo shop in a temporary directory,
never the user's database; checkpoints go next to it. Everything else (model paths, LLM backend,
thresholds) comes from the effective settings, so ``SUPPORTBOT_LLM__BACKEND=template`` evaluates
the bot without the LLM.
"""

from __future__ import annotations

import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from supportbot.errors import SupportbotError
from supportbot.evaluation.eval_set import DEFAULT_SET, EvalTicket, load_eval_set
from supportbot.evaluation.metrics import E2EMetrics, Prediction, TicketScore, reply_sources, score
from supportbot.evaluation.set_builder import APPROVAL_AMOUNT
from supportbot.settings import Settings, get_settings

WARMUP_TICKET = {
    "id": "eval-warmup",
    "customer_email": None,
    "subject": None,
    "body": "Which payment methods do you accept?",
}


@dataclass
class E2EResult:
    tickets: list[EvalTicket]
    predictions: dict[str, Prediction]
    metrics: E2EMetrics
    scores: list[TicketScore]
    settings_summary: dict[str, Any]


def eval_settings(base: Settings, workdir: Path) -> Settings:
    """``base`` pointed at a fresh SQLite file (and checkpoints) inside ``workdir``."""
    url = f"sqlite:///{workdir / 'eval_demo.db'}"
    return base.model_copy(
        update={
            "data_dir": workdir,
            "db": base.db.model_copy(update={"url": url}),
            "agent": base.agent.model_copy(update={"checkpoint_url": None}),
            # The set's gold labels are built for the default approval amount.
            "policy": base.policy.model_copy(update={"approval_amount": APPROVAL_AMOUNT}),
        }
    )


def fresh_demo_db(settings: Settings) -> None:
    from supportbot.db.engine import create_db_engine
    from supportbot.db.migrate import upgrade
    from supportbot.db.seed import load_demo

    engine = create_db_engine(settings.database_url)
    try:
        upgrade(engine)
        load_demo(engine)
    finally:
        engine.dispose()


def prediction_from(line: dict[str, Any], outcome: Any) -> Prediction:
    """A batch output line, enriched with the runner's outcome when there is one."""
    if "error" in line:
        return Prediction(id=str(line.get("id")), error=str(line["error"]))
    calls = [dict(c) for c in line.get("tool_calls") or []]
    if outcome is not None:
        calls = [{"name": c.name, "args": c.args, "ok": c.ok, "result": c.result} for c in outcome.tool_calls]
    return Prediction(
        id=str(line["id"]),
        intent=str(line.get("intent") or ""),
        confidence=float(line.get("confidence") or 0.0),
        entities=[{"type": e["type"], "value": e["value"]} for e in line.get("entities") or []],
        tool_calls=calls,
        reply=str(line.get("reply") or ""),
        escalated=bool(line.get("escalated")),
        escalation_reason=line.get("escalation_reason"),
        language=str(line.get("language") or ""),
        latency_ms=float(line.get("latency_ms") or 0.0),
        stage_ms=dict(getattr(outcome, "stage_ms", {}) or {}),
        outcome=getattr(outcome, "outcome", None),
        verification=dict(getattr(outcome, "verification", {}) or {}),
    )


def run_e2e(
    set_path: Path = DEFAULT_SET,
    *,
    limit: int | None = None,
    settings: Settings | None = None,
    progress: bool = True,
) -> E2EResult:
    from supportbot.db.engine import create_db_engine
    from supportbot.evaluation.db_state import customer_snapshot, order_snapshot
    from supportbot.evaluation.grounding import OwnershipIndex
    from supportbot.interfaces.batch import process_items

    tickets = load_eval_set(set_path, limit)
    base = settings or get_settings()
    with tempfile.TemporaryDirectory(prefix="supportbot-e2e-") as tmp:
        s = eval_settings(base, Path(tmp))
        fresh_demo_db(s)
        engine = create_db_engine(s.database_url)
        try:
            orders_before = order_snapshot(engine)
            ownership = OwnershipIndex.from_engine(engine)

            cpu0 = time.process_time()
            warm = [line for line, _ in process_items([WARMUP_TICKET], s, progress=False)]  # loads the models
            if warm and "error" in warm[0]:
                raise SupportbotError(f"the bot cannot process a ticket: {warm[0]['error']}")
            cpu_load = time.process_time() - cpu0

            preds: dict[str, Prediction] = {}
            cpu1, wall1 = time.process_time(), time.perf_counter()
            for line, outcome in process_items(
                (t.batch_record() for t in tickets), s, progress=progress, total=len(tickets)
            ):
                pred = prediction_from(line, outcome)
                preds[pred.id] = pred
            cpu_s, wall_s = time.process_time() - cpu1, time.perf_counter() - wall1
            _close_runner(s)

            orders_after = order_snapshot(engine)
            customers_after = customer_snapshot(engine)
        finally:
            engine.dispose()
    metrics, scores = score(
        tickets,
        preds,
        orders_before=orders_before,
        orders_after=orders_after,
        customers_after=customers_after,
        ownership=ownership,
    )
    metrics.cpu_s_per_1000 = cpu_s / len(tickets) * 1000
    metrics.cpu_s_model_load = cpu_load
    metrics.wall_s = wall_s
    metrics.reply_sources = reply_sources(list(preds.values()), model=base.llm.backend != "template")
    summary = {
        "set": str(set_path),
        "tickets": len(tickets),
        "llm_backend": base.llm.backend,
        "llm_base_model": base.llm.base_model,
        "llm_quantization": base.llm.quantization,
        "batch_size": base.worker.batch_size,
        "approval_amount": APPROVAL_AMOUNT,
        "database": "fresh SQLite demo DB (temporary)",
    }
    return E2EResult(tickets, preds, metrics, scores, summary)


def _close_runner(settings: Settings) -> None:
    """Release the runner built for the temporary database (its checkpointer holds a file)."""
    try:
        from supportbot.agent import runner as agent_runner_module
    except ImportError:
        return
    runner = agent_runner_module._RUNNERS.pop(id(settings), None)
    if runner is not None:
        runner.close()
