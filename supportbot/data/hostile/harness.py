"""Run hostile cases through the three interfaces (batch ``process``, ``chat``, the worker) with the
real agent, and judge each one (:mod:`supportbot.data.hostile.judge`)."""

from __future__ import annotations

import traceback
from collections.abc import Iterable
from typing import Any

from sqlalchemy import Engine, func, select

from supportbot.agent.contract import TicketOutcome
from supportbot.agent.runner import AgentRunner
from supportbot.data.hostile.cases import HostileCase
from supportbot.data.hostile.judge import Verdict, judge, summarise
from supportbot.db.engine import session_scope
from supportbot.db.models import (
    ActionResult,
    Address,
    Customer,
    Handoff,
    Order,
    Payment,
    PaymentMethod,
    Ticket,
    TicketMessage,
)
from supportbot.errors import SupportbotError
from supportbot.interfaces.batch import process_items
from supportbot.interfaces.chat import ChatSession
from supportbot.interfaces.intake import add_ticket, parse_ticket
from supportbot.interfaces.worker import Worker
from supportbot.settings import Settings

SHOP_TABLES = (Customer, Address, PaymentMethod, Order, Payment)


def shop_fingerprint(engine: Engine) -> dict[str, Any]:
    """Row counts of the shop tables and order statuses: SQL injection must change none."""
    with session_scope(engine) as s:
        counts = {m.__tablename__: s.scalar(select(func.count()).select_from(m)) for m in SHOP_TABLES}
        statuses = dict(s.execute(select(Order.status, func.count()).group_by(Order.status)).all())
    return {"counts": counts, "statuses": statuses}


def describe_crash(exc: BaseException) -> str:
    """``Type: message (file:line)`` of the innermost frame: enough to find the bug."""
    frames = traceback.extract_tb(exc.__traceback__)
    where = f" ({frames[-1].filename.split('/site-packages/')[-1]}:{frames[-1].lineno})" if frames else ""
    return f"{type(exc).__name__}: {str(exc).splitlines()[0][:200] if str(exc) else ''}{where}"


def _texts(result: dict[str, Any] | None) -> list[str]:
    if not result:
        return []
    return [str(result.get("reply") or ""), str(result.get("draft_reply") or "")]


def run_process(cases: list[HostileCase], settings: Settings, runner: AgentRunner) -> list[Verdict]:
    """``process_items`` (what ``supportbot process`` runs), all cases in one batch run."""
    records: list[dict[str, Any]] = []
    for case in cases:
        record = case.record()
        if case.channel is not None:
            record["channel"] = case.channel  # not a batch field: must be rejected clearly
        records.append(record)
    verdicts: list[Verdict] = []
    items = process_items(records, settings, process=runner.run_many, progress=False)
    for case, (line, outcome) in zip(cases, items, strict=True):
        result = outcome.model_dump(mode="json") if outcome is not None else None
        verdicts.append(
            judge(
                case,
                "process",
                result=result,
                error=line.get("error") if outcome is None else None,
                texts_to_customer=[line.get("reply") or "", *_texts(result)],
                engine=runner.engine,
                ticket_ids=[case.ticket_id()],
            )
        )
    return verdicts


def run_chat(cases: list[HostileCase], settings: Settings, runner: AgentRunner) -> list[Verdict]:
    """One chat conversation per case, sending the body as the customer's message (the chat
    command strips the line and ignores empty ones)."""
    verdicts: list[Verdict] = []
    for case in cases:
        text = case.materialise_body().strip()
        if not text:
            verdicts.append(judge(case, "chat", result=None, error="empty message ignored"))
            continue
        try:
            session = ChatSession(runner, runner.engine, case.materialise_email() or "", settings)
            outcome: TicketOutcome | None = None
            shown: list[str] = []
            for piece in session.send(text):
                if isinstance(piece, TicketOutcome):
                    outcome = piece
                else:
                    shown.append(piece)
        except SupportbotError as exc:
            verdicts.append(judge(case, "chat", result=None, error=exc.user_message()))
            continue
        except Exception as exc:
            verdicts.append(judge(case, "chat", result=None, crashed=describe_crash(exc)))
            continue
        result = outcome.model_dump(mode="json") if outcome is not None else None
        verdicts.append(
            judge(
                case,
                "chat",
                result=result,
                texts_to_customer=["".join(shown), *_texts(result)],
                engine=runner.engine,
                ticket_ids=[session.thread_id],
            )
        )
    return verdicts


def enqueue(engine: Engine, cases: Iterable[HostileCase]) -> dict[str, tuple[str, str] | None]:
    """Intake as the worker's queue gets it; case id -> ("rejected" | "crashed", message), or
    None when the ticket was queued."""
    outcome: dict[str, tuple[str, str] | None] = {}
    for case in cases:
        raw = case.record()
        if case.channel is not None:
            raw["channel"] = case.channel
        try:
            ticket = parse_ticket(raw)
            with session_scope(engine) as s:
                add_ticket(s, ticket)
            outcome[case.id] = None
        except SupportbotError as exc:
            outcome[case.id] = ("rejected", exc.user_message())
        except Exception as exc:
            outcome[case.id] = ("crashed", f"intake: {describe_crash(exc)}")
    return outcome


def run_worker(cases: list[HostileCase], settings: Settings, runner: AgentRunner) -> list[Verdict]:
    """Queue every case, drain the queue with one worker, judge the recorded tickets."""
    engine = runner.engine
    verdicts: list[Verdict] = []
    intake = enqueue(engine, cases)
    worker = Worker(engine, settings, runner.run_many, exit_when_idle=True)
    worker.run()
    with session_scope(engine) as s:
        rows = {t.id: t for t in s.scalars(select(Ticket)).all()}
        bot_messages = dict(
            s.execute(
                select(TicketMessage.ticket_id, func.count())
                .where(TicketMessage.role == "bot")
                .group_by(TicketMessage.ticket_id)
            ).all()
        )
        handoffs = dict(s.execute(select(Handoff.ticket_id, func.count()).group_by(Handoff.ticket_id)).all())
    for case in cases:
        refused = intake[case.id]
        if refused is not None:
            kind, message = refused
            if kind == "crashed":
                verdicts.append(judge(case, "worker", result=None, crashed=message))
            else:
                verdicts.append(judge(case, "worker", result=None, error=message))
            continue
        row = rows.get(case.ticket_id())
        if row is None:
            verdicts.append(judge(case, "worker", result=None, crashed="queued ticket vanished"))
            continue
        if row.status in ("queued", "processing"):
            verdicts.append(judge(case, "worker", result=None, crashed=f"ticket left {row.status}"))
            continue
        if row.status == "dead":
            verdicts.append(judge(case, "worker", result=None, crashed=f"dead-lettered: {row.last_error}"))
            continue
        verdict = judge(
            case,
            "worker",
            result=row.result,
            texts_to_customer=[row.reply or "", *_texts(row.result)],
            engine=engine,
            ticket_ids=[row.id],
        )
        if bot_messages.get(row.id, 0) > 1:
            verdict.problems.append(f"answered {bot_messages[row.id]} times")
        if handoffs.get(row.id, 0) > 1:
            verdict.problems.append(f"{handoffs[row.id]} handoffs")
        verdicts.append(verdict)
    return verdicts


def action_results(engine: Engine) -> int:
    with session_scope(engine) as s:
        return int(s.scalar(select(func.count()).select_from(ActionResult)) or 0)


def report(verdicts: list[Verdict]) -> str:
    """Failures first (one line each), then the per-category table."""
    lines = [f"{v.interface}/{v.case_id}: {'; '.join(v.problems)}" for v in verdicts if not v.passed]
    for (interface, category), (n, ok) in sorted(summarise(verdicts).items()):
        lines.append(f"{interface:8s} {category:16s} {ok}/{n}")
    return "\n".join(lines)


def sample(cases: list[HostileCase], per_category: int) -> list[HostileCase]:
    """The first ``per_category`` cases of each category (a quick, stratified subset)."""
    seen: dict[str, int] = {}
    chosen = []
    for case in cases:
        if seen.get(case.category, 0) < per_category:
            seen[case.category] = seen.get(case.category, 0) + 1
            chosen.append(case)
    return chosen
