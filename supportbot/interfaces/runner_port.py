"""The agent runner as the interfaces see it, and how they get one.

The runner itself lives in ``supportbot.agent.runner`` (the agent graph); the interfaces only rely
on this protocol, so the worker and batch code can also be driven by any other processing function.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Protocol

from supportbot.agent.contract import TicketInput, TicketOutcome
from supportbot.errors import ArtifactError, ConfigError, DatabaseNotInitialised, MissingDependency
from supportbot.settings import Settings

# What the worker and batch processing call: a batch of tickets in, one outcome per ticket out.
ProcessBatch = Callable[[list[TicketInput]], list[TicketOutcome]]


class AgentRunnerLike(Protocol):
    def run(self, ticket: TicketInput) -> TicketOutcome: ...

    def run_many(self, tickets: list[TicketInput]) -> list[TicketOutcome]: ...

    def continue_thread(self, thread_id: str, ticket: TicketInput) -> TicketOutcome: ...

    def resume(
        self, thread_id: str, *, approve: bool, reviewer: str, note: str | None = None
    ) -> TicketOutcome: ...

    def stream(self, ticket: TicketInput) -> Iterator[str | TicketOutcome]: ...


def agent_runner(settings: Settings | None = None) -> AgentRunnerLike:
    """The shared agent runner for ``settings`` (imported lazily: it loads models)."""
    from supportbot.agent.runner import get_runner

    runner: AgentRunnerLike = get_runner(settings)
    return runner


# Failures of the installation, not of a ticket: retrying or dead-lettering tickets cannot help,
# so the worker and batch processing stop with the error instead.
FATAL_ERRORS: tuple[type[Exception], ...] = (
    ArtifactError,
    ConfigError,
    DatabaseNotInitialised,
    MissingDependency,
)


def is_fatal(exc: BaseException) -> bool:
    return isinstance(exc, FATAL_ERRORS)


def _setup_race(exc: BaseException) -> bool:
    """Two processes creating the checkpoint tables at the same moment (PostgreSQL)."""
    text = f"{type(exc).__name__} {exc}"
    return "UniqueViolation" in text or "already exists" in text


def start_agent_runner(settings: Settings | None = None, *, attempts: int = 5) -> AgentRunnerLike:
    """:func:`agent_runner` for workers started together: when several processes race to create
    the checkpoint tables, the losers wait a moment and try again instead of dying."""
    import random
    import time

    for attempt in range(1, attempts + 1):
        try:
            return agent_runner(settings)
        except Exception as exc:
            if attempt == attempts or not _setup_race(exc):
                raise
            time.sleep(0.5 + random.random() * attempt)
    raise AssertionError("unreachable")
