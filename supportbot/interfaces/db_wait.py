"""Waiting out database outages: at start (wait until it answers) and while writing (retry).

A worker is started by a service manager, often before (or while) the database restarts. Instead
of exiting it logs one warning, shows a status line, and tries again with the worker's backoff
(``worker.backoff_base_s`` doubling up to ``worker.backoff_max_s``, with jitter) until the
database answers. A stop signal (SIGTERM, Ctrl-C) while waiting ends the wait at once.
Only connection failures are waited out: a missing schema or a bad setting still fails at once.
"""

from __future__ import annotations

import contextlib
import logging
import signal
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any, TypeVar

from supportbot.db.engine import is_transient
from supportbot.interfaces.ticket_queue import backoff_s
from supportbot.settings import Settings

log = logging.getLogger("supportbot.worker")
T = TypeVar("T")


@dataclass(frozen=True)
class Waiting:
    """One failed try: what the status line shows."""

    attempt: int
    waited_s: float
    retry_in_s: float
    error: str  # the whole one-line error (logged once)

    @property
    def reason(self) -> str:
        """The driver's last words: "Connection refused", "timeout expired", ..."""
        return self.error.rsplit(": ", 1)[-1]

    def line(self, where: str) -> str:
        return (
            f"waiting for the database at {where} ({self.reason}) | attempt {self.attempt}, "
            f"waited {self.waited_s:,.0f} s, next try in {self.retry_in_s:,.1f} s"
        )


def describe_error(exc: BaseException) -> str:
    """``Type: message`` on one line. For a failed SQL statement, the driver's error only: the
    statement and its parameters (a reply text, personal data) stay out of logs and tickets."""
    from sqlalchemy.exc import StatementError

    if isinstance(exc, StatementError) and exc.orig is not None:
        exc = exc.orig
    lines = str(getattr(exc, "message", None) or exc).strip().splitlines()
    return f"{type(exc).__name__}: {lines[0] if lines else ''}".rstrip(": ")[:1000]


def _one_line(exc: BaseException) -> str:
    message = getattr(exc, "message", None) or str(exc) or type(exc).__name__
    return message.removeprefix("setting db.url: ").strip().splitlines()[0][:300]


def wait_until_reachable(
    action: Callable[[], T],
    settings: Settings,
    stop: threading.Event,
    on_wait: Callable[[Waiting], None] | None = None,
) -> T | None:
    """``action()``, tried again after each connection failure with capped exponential backoff.

    Returns its result, or ``None`` when ``stop`` was set before it succeeded. Any other error
    (not a connection failure) is raised at once."""
    started = time.monotonic()
    attempt = 0
    while not stop.is_set():
        try:
            result = action()
        except Exception as exc:
            if not is_transient(exc):
                raise
            attempt += 1
            delay = backoff_s(attempt, settings)
            waiting = Waiting(attempt, time.monotonic() - started, delay, _one_line(exc))
            if attempt == 1:
                log.warning(
                    "database unavailable at start; waiting for it",
                    extra={"error": waiting.error, "retry_in_s": round(delay, 2)},
                )
            if on_wait:
                on_wait(waiting)
            stop.wait(delay)
            continue
        if attempt:
            log.info(
                "database reachable; starting",
                extra={"attempts": attempt + 1, "waited_s": round(time.monotonic() - started, 1)},
            )
        return result
    return None


def retry_transient(action: Callable[[], T], settings: Settings, *, within_s: float) -> T:
    """``action()`` (a database write), tried again after connection failures with backoff for up
    to ``within_s``; then, or on any other error, the error is raised."""
    deadline = time.monotonic() + within_s
    attempt = 0
    while True:
        try:
            return action()
        except Exception as exc:
            attempt += 1
            if not is_transient(exc) or time.monotonic() > deadline:
                raise
            delay = backoff_s(attempt, settings)
            log.warning(
                "database write failed; retrying", extra={"error": describe_error(exc), "retry_in_s": delay}
            )
            time.sleep(delay)


@contextlib.contextmanager
def stop_on_signals(stop: threading.Event) -> Iterator[None]:
    """While inside: SIGTERM and SIGINT set ``stop`` instead of killing the process (main thread)."""

    def handler(_signum: int, _frame: Any) -> None:
        stop.set()

    previous = {signum: signal.signal(signum, handler) for signum in (signal.SIGTERM, signal.SIGINT)}
    try:
        yield
    finally:
        for signum, old in previous.items():
            signal.signal(signum, old)
