"""Batch processing: ticket records in, one output record per input record out, in input order.

This is the stable contract used by ``supportbot process`` and by the evaluation. Valid records are
sent to the agent in batches of ``worker.batch_size`` (batched LLM generation); a record that is not
a valid ticket, a duplicate id, or a ticket the agent fails on yields ``{"id": ..., "error": ...}``
and processing goes on. A failure of the installation itself (a missing model, a bad setting, no
database schema) stops the run with that error instead of failing every line.

By default nothing is written to the ticket tables (the agent's tools still act on the order
database, with idempotency keys made from the ticket id). With ``persist=True`` every ticket is also
recorded like a worker would record it: the ticket, its messages, its final status and, for
escalations, a handoff in the human queue.
"""

from __future__ import annotations

import datetime as dt
import itertools
import logging
import os
from collections.abc import Iterable, Iterator
from typing import Any

from pydantic import ValidationError

from supportbot.agent.contract import TicketInput, TicketOutcome
from supportbot.db.engine import get_engine, session_scope
from supportbot.db.models import Ticket
from supportbot.errors import InputError, SupportbotError
from supportbot.interfaces import ticket_queue
from supportbot.interfaces.intake import NewTicket, add_ticket
from supportbot.interfaces.outcomes import persist_outcome
from supportbot.interfaces.runner_port import ProcessBatch, agent_runner, is_fatal
from supportbot.settings import Settings, get_settings

log = logging.getLogger("supportbot.batch")

BatchItem = tuple[dict[str, Any], TicketOutcome | None]


class InvalidLine(str):
    """An input line that could not even be parsed; its text is the error message."""


def _record_id(record: Any) -> str | None:
    if isinstance(record, dict) and isinstance(record.get("id"), (str, int)):
        return str(record["id"])
    return None


def parse_record(record: Any) -> TicketInput:
    """One input record as a ticket; raise :class:`InputError` saying what is wrong."""
    if isinstance(record, InvalidLine):
        raise InputError(str(record))
    if not isinstance(record, dict):
        raise InputError("the line is not a JSON object")
    unknown = set(record) - {"id", "customer_email", "subject", "body"}
    if unknown:
        raise InputError(f"unknown field(s): {', '.join(sorted(unknown))}")
    if not isinstance(record.get("body"), str) or not record["body"].strip():
        raise InputError("body: a non-empty string is required")
    for key in ("customer_email", "subject"):
        if record.get(key) is not None and not isinstance(record[key], str):
            raise InputError(f"{key}: must be a string or null")
    try:
        return TicketInput(
            id=str(record.get("id") or ""),
            customer_email=record.get("customer_email"),
            subject=record.get("subject"),
            body=record["body"],
            channel="batch",
        )
    except ValidationError as exc:
        err = exc.errors()[0]
        raise InputError(f"{'.'.join(str(p) for p in err['loc'])}: {err['msg']}") from None


def _error_line(record_id: str | None, message: str) -> dict[str, Any]:
    return {"id": record_id, "error": message}


class _Persister:
    """Optional: record tickets and outcomes in the database, as the worker does."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.engine = get_engine(settings)
        self.owner = f"batch:{os.getpid()}"
        self.unfinished: set[str] = set()

    def admit(self, ticket: TicketInput) -> None:
        with session_scope(self.engine) as session:
            row = add_ticket(
                session,
                NewTicket(
                    id=ticket.id,
                    customer_email=ticket.customer_email,
                    subject=ticket.subject,
                    body=ticket.body,
                    channel="batch",
                ),
                status="processing",
            )
            if row is None:
                raise InputError(f"ticket {ticket.id} is already in the database")
            row.lease_owner = self.owner
            row.lease_expires_at = ticket_queue.db_now(session) + dt.timedelta(
                seconds=self.settings.worker.lease_s
            )
            row.attempts = 1
        self.unfinished.add(ticket.id)

    def renew(self) -> None:
        """Keep the leases of admitted tickets while they wait for the agent."""
        ticket_queue.renew(self.engine, self.owner, sorted(self.unfinished), self.settings.worker.lease_s)

    def release_unfinished(self) -> None:
        """The run stopped early: hand the admitted tickets to the worker queue."""
        ticket_queue.release(self.engine, self.owner, sorted(self.unfinished))
        self.unfinished.clear()

    def record(self, outcome: TicketOutcome) -> None:
        self.unfinished.discard(outcome.id)
        with session_scope(self.engine) as session:
            row = session.get(Ticket, outcome.id)
            if row is not None:
                persist_outcome(session, row, outcome, lease_owner=self.owner, settings=self.settings)

    def fail(self, ticket_id: str, error: str) -> None:
        self.unfinished.discard(ticket_id)
        with session_scope(self.engine) as session:
            row = session.get(Ticket, ticket_id)
            if row is not None and row.status == "processing" and row.lease_owner == self.owner:
                from supportbot.interfaces.outcomes import persist_dead_letter

                persist_dead_letter(session, row, error, lease_owner=self.owner, settings=self.settings)


def _run_chunk(process: ProcessBatch, tickets: list[TicketInput]) -> list[TicketOutcome | Exception]:
    """Outcomes for a chunk; when the batched call fails, each ticket is retried alone."""
    try:
        outcomes: list[TicketOutcome | Exception] = list(process(tickets))
        if len(outcomes) == len(tickets):
            return outcomes
    except Exception as exc:
        if is_fatal(exc):
            raise
        if len(tickets) == 1:
            return [exc]
        log.warning("batch failed; retrying one by one", extra={"error": str(exc)})
    results: list[TicketOutcome | Exception] = []
    for ticket in tickets:
        try:
            results.append(process([ticket])[0])
        except Exception as exc:
            if is_fatal(exc):
                raise
            results.append(exc)
    return results


def _describe(exc: Exception) -> str:
    if isinstance(exc, SupportbotError):
        return exc.user_message()
    return f"{type(exc).__name__}: {exc}"


def process_items(
    records: Iterable[Any],
    settings: Settings | None = None,
    *,
    process: ProcessBatch | None = None,
    persist: bool = False,
    progress: bool = True,
    total: int | None = None,
) -> Iterator[BatchItem]:
    """Like :func:`process_records`, also yielding the full outcome (``None`` for error lines)."""
    settings = settings or get_settings()
    if process is None:
        process = agent_runner(settings).run_many
    persister = _Persister(settings) if persist else None
    bar: Any = None
    if progress:
        from tqdm import tqdm

        bar = tqdm(total=total, unit="ticket", desc="processing", dynamic_ncols=True)
    seen: set[str] = set()
    iterator = iter(records)
    try:
        while True:
            chunk = list(itertools.islice(iterator, settings.worker.batch_size))
            if not chunk:
                break
            slots: list[dict[str, Any] | TicketInput] = []
            for record in chunk:
                try:
                    ticket = parse_record(record)
                    if ticket.id in seen:
                        raise InputError(f"duplicate id {ticket.id!r} (already processed in this run)")
                    if persister:
                        persister.admit(ticket)
                    seen.add(ticket.id)
                    slots.append(ticket)
                except SupportbotError as exc:
                    slots.append(_error_line(_record_id(record), exc.user_message()))
            tickets = [s for s in slots if isinstance(s, TicketInput)]
            if persister and tickets:
                persister.renew()
            results = iter(_run_chunk(process, tickets)) if tickets else iter(())
            for slot in slots:
                if isinstance(slot, dict):
                    yield slot, None
                else:
                    result = next(results)
                    if isinstance(result, Exception):
                        if persister:
                            persister.fail(slot.id, _describe(result))
                        yield _error_line(slot.id, _describe(result)), None
                    else:
                        if persister:
                            persister.record(result)
                        yield result.to_output_line(), result
                if bar is not None:
                    bar.update(1)
    except BaseException:
        if persister:
            persister.release_unfinished()
        raise
    finally:
        if bar is not None:
            bar.close()


def process_records(
    records: Iterable[dict[str, Any]], settings: Settings | None = None, *, progress: bool = True
) -> Iterator[dict[str, Any]]:
    """The batch contract: one output line per input record, in order. Output lines are
    ``TicketOutcome.to_output_line()``, or ``{"id", "error"}`` for a record that failed."""
    for line, _outcome in process_items(records, settings, progress=progress):
        yield line
