"""``supportbot worker``: take tickets from the queue, run them through the agent, record outcomes.

- Claims ``worker.batch_size`` tickets at a time under a lease (see :mod:`ticket_queue`) and hands
  the whole batch to the processing function, so LLM generation is batched across tickets; if the
  batch call fails, each ticket is retried on its own so one bad ticket cannot sink the others.
- A background thread renews the leases while a batch is being processed.
- Outcomes are written with :func:`persist_outcome`, fenced on the lease: a ticket is answered or
  escalated exactly once even if a worker stalls past its lease and another one takes over.
  A database outage while writing is retried with backoff; the computed outcome is kept meanwhile.
- Failures are retried with exponential backoff, then dead-lettered (status ``dead`` + a handoff).
- SIGTERM / SIGINT: finish the current batch and stop; a second signal releases the unfinished
  tickets back to the queue at once (the batch runs in a helper thread, so the main thread can act
  on the signal while the model is still generating; ``stats.aborted`` is then set).
"""

from __future__ import annotations

import contextlib
import logging
import os
import signal
import socket
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import Engine
from sqlalchemy.engine import make_url

from supportbot.agent.contract import TicketInput, TicketOutcome
from supportbot.db.engine import is_transient, session_scope
from supportbot.db.models import Ticket
from supportbot.errors import InputError, SupportbotError
from supportbot.interfaces import ticket_queue
from supportbot.interfaces.db_wait import Waiting, describe_error, retry_transient
from supportbot.interfaces.outcomes import final_status, persist_outcome
from supportbot.interfaces.runner_port import ProcessBatch, is_fatal
from supportbot.interfaces.summary import percentile
from supportbot.settings import Settings

log = logging.getLogger("supportbot.worker")


class WorkerAlreadyRunning(SupportbotError):
    """SQLite allows one worker per database and another one holds it."""


class _Abort(Exception):
    """Raised in the main thread by a second stop signal."""


@dataclass
class WorkerStats:
    started: float = field(default_factory=time.monotonic)
    processed: int = 0
    by_status: dict[str, int] = field(default_factory=dict)
    retried: int = 0
    dead: int = 0
    lost: int = 0
    aborted: bool = False
    latencies_ms: list[float] = field(default_factory=list)

    def add(self, status: str, latency_ms: float | None = None) -> None:
        self.by_status[status] = self.by_status.get(status, 0) + 1
        if status != "dead":
            self.processed += 1
        if latency_ms is not None:
            self.latencies_ms.append(latency_ms)

    @property
    def elapsed_s(self) -> float:
        return max(1e-9, time.monotonic() - self.started)

    @property
    def per_hour(self) -> float:
        return (self.processed + self.dead) / self.elapsed_s * 3600

    def line(self, queue_depth: int | None = None) -> str:
        counts = " ".join(f"{k} {v}" for k, v in sorted(self.by_status.items())) or "nothing yet"
        p50 = percentile(self.latencies_ms, 50)
        parts = [
            f"done {self.processed + self.dead}",
            f"({counts})",
            f"retries {self.retried}",
            f"{self.per_hour:,.0f} tickets/h",
            f"p50 {p50:,.0f} ms" if p50 is not None else "",
            f"queue {queue_depth}" if queue_depth is not None else "",
        ]
        return " | ".join(p for p in parts if p)


def default_worker_id() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:6]}"


@contextlib.contextmanager
def single_sqlite_worker(engine: Engine) -> Iterator[None]:
    """Hold an exclusive lock file next to the SQLite database for the worker's lifetime."""
    url = make_url(str(engine.url))
    if url.get_backend_name() != "sqlite" or not url.database or url.database == ":memory:":
        yield
        return
    import fcntl

    lock_path = Path(url.database + ".worker.lock")
    with lock_path.open("a+") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise WorkerAlreadyRunning(
                f"another worker is already running on the SQLite database {url.database}",
                hint="SQLite supports a single worker; use PostgreSQL (SUPPORTBOT_DB__URL) for several",
            ) from None
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


class _LeaseKeeper(threading.Thread):
    """Renews the leases of the tickets being processed every third of the lease time."""

    def __init__(self, engine: Engine, worker_id: str, lease_s: float) -> None:
        super().__init__(name="lease-keeper", daemon=True)
        self.engine, self.worker_id, self.lease_s = engine, worker_id, lease_s
        self.held: list[str] = []
        self._lock = threading.Lock()
        self._stop_event = threading.Event()

    def hold(self, ids: list[str]) -> None:
        with self._lock:
            self.held = list(ids)

    def drop(self, ticket_id: str) -> None:
        with self._lock:
            self.held = [i for i in self.held if i != ticket_id]

    def run(self) -> None:
        while not self._stop_event.wait(self.lease_s / 3):
            with self._lock:
                ids = list(self.held)
            if not ids:
                continue
            try:
                kept = ticket_queue.renew(self.engine, self.worker_id, ids, self.lease_s)
                if kept < len(ids):
                    log.warning("lease lost", extra={"held": len(ids), "renewed": kept})
            except Exception as exc:  # a DB blip: try again at the next tick
                log.warning("lease renewal failed", extra={"error": describe_error(exc)})

    def stop(self) -> None:
        self._stop_event.set()


class Worker:
    """One queue consumer. ``process`` turns a batch of tickets into one outcome per ticket."""

    def __init__(
        self,
        engine: Engine,
        settings: Settings,
        process: ProcessBatch,
        *,
        worker_id: str | None = None,
        exit_when_idle: bool = False,
        max_tickets: int | None = None,
        on_progress: Callable[[WorkerStats], None] | None = None,
        on_waiting: Callable[[Waiting], None] | None = None,
    ) -> None:
        self.engine = engine
        self.settings = settings
        self.process = process
        self.worker_id = worker_id or default_worker_id()
        self.exit_when_idle = exit_when_idle
        self.max_tickets = max_tickets
        self.on_progress = on_progress
        self.on_waiting = on_waiting  # a status line while the database is away mid-run
        self.stats = WorkerStats()
        self._stop = threading.Event()
        self._signals = 0
        self._current: list[str] = []
        self._previous_handlers: dict[int, Any] = {}

    # ------------------------------------------------------------------ control
    def request_stop(self) -> None:
        self._stop.set()

    @property
    def stopping(self) -> bool:
        return self._stop.is_set()

    def _on_signal(self, signum: int, _frame: Any) -> None:
        self._signals += 1
        self._stop.set()
        log.info("stop requested", extra={"signal": signal.Signals(signum).name, "worker": self.worker_id})
        if self._signals > 1:
            raise _Abort()

    def install_signal_handlers(self) -> None:
        """SIGTERM and SIGINT stop the worker cleanly (only possible in the main thread)."""
        for signum in (signal.SIGTERM, signal.SIGINT):
            self._previous_handlers[signum] = signal.signal(signum, self._on_signal)

    def _restore_signal_handlers(self) -> None:
        for signum, handler in self._previous_handlers.items():
            signal.signal(signum, handler)
        self._previous_handlers.clear()

    # ------------------------------------------------------------------ main loop
    def run(self) -> WorkerStats:
        keeper = _LeaseKeeper(self.engine, self.worker_id, self.settings.worker.lease_s)
        keeper.start()
        log.info(
            "worker started",
            extra={
                "worker": self.worker_id,
                "database": self.engine.dialect.name,
                "batch_size": self.settings.worker.batch_size,
            },
        )
        idle_since: float | None = None
        db_failures = 0
        outage_since = 0.0
        try:
            with single_sqlite_worker(self.engine):
                while not self.stopping:
                    if (
                        self.max_tickets is not None
                        and self.stats.processed + self.stats.dead >= self.max_tickets
                    ):
                        break
                    try:
                        batch = ticket_queue.claim(
                            self.engine, self.worker_id, self.settings, self._batch_limit()
                        )
                        db_failures = 0
                    except Exception as exc:
                        if not is_transient(exc):
                            raise
                        db_failures += 1
                        outage_since = outage_since if db_failures > 1 else time.monotonic()
                        delay = ticket_queue.backoff_s(db_failures, self.settings)
                        log.warning(
                            "database unavailable", extra={"error": describe_error(exc), "retry_in_s": delay}
                        )
                        if self.on_waiting:
                            waited = time.monotonic() - outage_since
                            self.on_waiting(Waiting(db_failures, waited, delay, describe_error(exc)))
                        self._stop.wait(delay)
                        continue
                    if not batch:
                        if self.exit_when_idle and not self._retries_pending():
                            break
                        idle_since = idle_since or time.monotonic()
                        self._stop.wait(self.settings.worker.poll_interval_s)
                        continue
                    idle_since = None
                    self._current = [c.id for c in batch]
                    keeper.hold(self._current)
                    self._handle_batch(batch, keeper)
                    self._current = []
                    keeper.hold([])
                    if self.on_progress:
                        self.on_progress(self.stats)
        except _Abort:
            self.stats.aborted = True
            released = ticket_queue.release(self.engine, self.worker_id, self._current)
            log.info("released unfinished tickets", extra={"released": released, "worker": self.worker_id})
        except Exception as exc:
            if self._current:  # a fatal error (installation, not ticket): give the tickets back
                ticket_queue.release(self.engine, self.worker_id, self._current)
            log.error("worker failed", extra={"worker": self.worker_id, "error": describe_error(exc)})
            raise
        finally:
            keeper.stop()
            self._restore_signal_handlers()
        log.info("worker stopped", extra={"worker": self.worker_id, "summary": self.stats.line()})
        return self.stats

    def _retries_pending(self) -> bool:
        """Tickets waiting out a retry delay still belong to the queue: ``--drain`` waits for them."""
        try:
            return ticket_queue.retries_pending(self.engine)
        except Exception as exc:
            if not is_transient(exc):
                raise
            return True  # the database blinked: look again at the next poll

    def _batch_limit(self) -> int:
        limit = self.settings.worker.batch_size
        if self.max_tickets is not None:
            limit = min(limit, self.max_tickets - self.stats.processed - self.stats.dead)
        return max(1, limit)

    # ------------------------------------------------------------------ one batch
    def _call_process(self, tickets: list[TicketInput]) -> list[TicketOutcome]:
        """Run the processing function in a helper thread while this (main) thread stays free to
        take a second stop signal: the batch is then abandoned at once and its tickets released."""
        box: dict[str, Any] = {}
        done = threading.Event()

        def target() -> None:
            try:
                box["value"] = self.process(tickets)
            except BaseException as exc:
                box["error"] = exc
            finally:
                done.set()

        threading.Thread(target=target, name="process-batch", daemon=True).start()
        while not done.wait(0.2):
            pass
        if "error" in box:
            raise box["error"]
        outcomes: list[TicketOutcome] = box["value"]
        return outcomes

    def _run_process(self, tickets: list[TicketInput]) -> list[TicketOutcome]:
        outcomes = self._call_process(tickets)
        if len(outcomes) != len(tickets) or any(o.id != t.id for o, t in zip(outcomes, tickets, strict=True)):
            raise RuntimeError("the processing function returned outcomes that do not match its tickets")
        return outcomes

    def _handle_batch(self, batch: list[ticket_queue.ClaimedTicket], keeper: _LeaseKeeper) -> None:
        tickets = [c.ticket for c in batch]
        results: dict[str, TicketOutcome | BaseException] = {}
        try:
            for outcome in self._run_process(tickets):
                results[outcome.id] = outcome
        except _Abort:
            raise
        except Exception as batch_error:
            if is_fatal(batch_error):
                raise
            if len(tickets) == 1:
                results[tickets[0].id] = batch_error
            else:
                log.warning("batch failed; retrying tickets one by one", extra={"error": str(batch_error)})
                for ticket in tickets:
                    try:
                        results[ticket.id] = self._run_process([ticket])[0]
                    except _Abort:
                        raise
                    except Exception as exc:
                        if is_fatal(exc):
                            raise
                        results[ticket.id] = exc
        for claimed in batch:
            result = results[claimed.id]
            if isinstance(result, BaseException):
                self._fail(claimed, result)
            else:
                self._record(claimed, result)
            keeper.drop(claimed.id)
            self._current = [i for i in self._current if i != claimed.id]

    def _fail(self, claimed: ticket_queue.ClaimedTicket, exc: BaseException) -> None:
        error = describe_error(exc)
        settings = self.settings
        if isinstance(exc, InputError):  # retrying cannot fix the input: use up the attempts now
            settings = settings.model_copy(
                update={"worker": settings.worker.model_copy(update={"max_attempts": 1})}
            )
        try:
            verdict = self._with_db_retry(
                lambda: ticket_queue.record_failure(self.engine, self.worker_id, claimed.id, error, settings)
            )
        except Exception as db_error:
            # Not even the failure could be written: the ticket keeps its lease, which expires, and
            # the next claim retries it (the attempt is counted) or dead-letters it. Nothing is lost.
            verdict = "unrecorded"
            error = f"{error}; recording the failure failed too: {describe_error(db_error)}"
        if verdict == "dead":
            self.stats.dead += 1
            self.stats.add("dead")
        elif verdict == "retry":
            self.stats.retried += 1
        log.warning(
            "ticket failed",
            extra={"ticket_id": claimed.id, "attempt": claimed.attempts, "verdict": verdict, "error": error},
        )

    def _record(self, claimed: ticket_queue.ClaimedTicket, outcome: TicketOutcome) -> None:
        def write() -> bool:
            with session_scope(self.engine) as session:
                row = session.get(Ticket, claimed.id)
                return row is not None and persist_outcome(
                    session, row, outcome, lease_owner=self.worker_id, settings=self.settings
                )

        try:
            written = self._with_db_retry(write)
        except Exception as exc:
            if is_fatal(exc):
                raise
            # The write was refused (not a connection blip) or the database stayed away for a whole
            # lease: nothing was saved (the transaction rolled back), so this attempt failed like a
            # processing error: retried with backoff, then dead-lettered to a person.
            log.error(
                "outcome not saved; rolled back",
                extra={"ticket_id": claimed.id, "error": describe_error(exc)},
            )
            self._fail(claimed, exc)
            return
        if written:
            self.stats.add(final_status(outcome), outcome.latency_ms)
            log.info(
                "ticket done",
                extra={
                    "ticket_id": claimed.id,
                    "status": final_status(outcome),
                    "intent": outcome.intent,
                    "reason": outcome.escalation_reason,
                    "latency_ms": round(outcome.latency_ms, 1),
                    "attempt": claimed.attempts,
                },
            )
        else:
            self.stats.lost += 1
            log.warning("outcome not recorded: lease lost to another worker", extra={"ticket_id": claimed.id})

    def _with_db_retry(self, action: Callable[[], Any]) -> Any:
        """Run a DB write, retrying connection failures with backoff for up to one lease time."""
        return retry_transient(action, self.settings, within_s=self.settings.worker.lease_s)
