"""Run tickets through the compiled graph: one thread per ticket or conversation, checkpointed.

The runner executes tools (their own transactions, idempotency keys = ticket id + action) but
writes no tickets, messages or handoffs: the interfaces persist a :class:`TicketOutcome`.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from langchain_core.runnables import RunnableConfig
from sqlalchemy import Engine

from supportbot.agent.checkpoint import make_checkpointer
from supportbot.agent.components import Components
from supportbot.agent.contract import EntityOut, PendingAction, TicketInput, TicketOutcome, ToolCallOut
from supportbot.agent.graph import build_graph
from supportbot.errors import InputError
from supportbot.settings import Settings, get_settings


class AgentRunner:
    def __init__(
        self,
        settings: Settings | None = None,
        engine: Engine | None = None,
        *,
        components: Components | None = None,
    ) -> None:
        from supportbot.db.engine import get_engine

        self.settings = settings or get_settings()
        self.engine = engine or get_engine(self.settings)
        self.components = components or Components(settings=self.settings, engine=self.engine)
        self.checkpointer, self._checkpoint_resource = make_checkpointer(self.settings)
        self.graph = build_graph(self.components).compile(checkpointer=self.checkpointer)
        self._batching_lock = threading.Lock()

    # ------------------------------------------------------------------ public API

    def run(self, ticket: TicketInput) -> TicketOutcome:
        """Process one ticket (or one turn of its conversation)."""
        return self._invoke(ticket, stream=False)

    def continue_thread(self, thread_id: str, ticket: TicketInput) -> TicketOutcome:
        """A follow-up turn in an existing conversation."""
        return self._invoke(ticket.model_copy(update={"thread_id": thread_id}), stream=False)

    def run_many(self, tickets: list[TicketInput]) -> list[TicketOutcome]:
        """Process tickets concurrently so their replies are generated in batches."""
        if len(tickets) <= 1:
            return [self.run(t) for t in tickets]
        self._enable_batching()
        with ThreadPoolExecutor(max_workers=min(len(tickets), self.settings.worker.batch_size)) as pool:
            return list(pool.map(self.run, tickets))

    def resume(
        self, thread_id: str, *, approve: bool, reviewer: str, note: str | None = None
    ) -> TicketOutcome:
        """A reviewer's decision on a pending action resumes the interrupted thread."""
        from langgraph.types import Command

        config = self._config(thread_id)
        snapshot = self.graph.get_state(config)
        if not snapshot.next or "await_approval" not in snapshot.next:
            raise InputError(f"thread {thread_id} is not waiting for an approval")
        start = time.perf_counter()
        self.graph.invoke(
            Command(resume={"approve": approve, "reviewer": reviewer, "note": note}),
            config,
            durability=self.settings.agent.checkpoint_durability,
        )
        return self._outcome(thread_id, start)

    def stream(self, ticket: TicketInput) -> Iterator[str | TicketOutcome]:
        """Reply text pieces as they are generated, then the final outcome.

        Streamed text is the model's draft; when the fact check replaces it, the final
        outcome's ``reply`` differs and the caller shows that instead."""
        thread_id = self._check_thread(ticket)
        config = self._config(thread_id, stream_replies=True)
        start = time.perf_counter()
        for mode, chunk in self.graph.stream(
            self._input(ticket, thread_id), config, stream_mode=["custom", "values"]
        ):
            if mode == "custom" and isinstance(chunk, dict) and "reply_piece" in chunk:
                yield str(chunk["reply_piece"])
        yield self._outcome(thread_id, start)

    def history(self, thread_id: str) -> list[dict[str, str]]:
        values = self.graph.get_state(self._config(thread_id)).values
        return list(values.get("history") or [])

    def close(self) -> None:
        close = getattr(self._checkpoint_resource, "close", None)
        if close:
            close()

    # ------------------------------------------------------------------ internals

    def _enable_batching(self) -> None:
        from supportbot.llm.batching import BatchingBackend

        with self._batching_lock:
            backend = self.components.backend
            if backend is not None and not isinstance(backend, BatchingBackend):
                self.components.backend = BatchingBackend(backend, max_batch=self.settings.worker.batch_size)

    @staticmethod
    def _config(thread_id: str, *, stream_replies: bool = False) -> RunnableConfig:
        return {"configurable": {"thread_id": thread_id, "stream_replies": stream_replies}}

    def _check_thread(self, ticket: TicketInput) -> str:
        """The thread id; a thread may only be continued by the sender who started it."""
        thread_id = ticket.thread_id or ticket.id
        saved = self.checkpointer.get_tuple(self._config(thread_id))  # cheaper than get_state
        values = saved.checkpoint["channel_values"] if saved else {}
        owner = values.get("customer_email")
        sender = (ticket.customer_email or "").strip().lower() or None
        if values and (owner or None) != sender:
            raise InputError(f"thread {thread_id} belongs to another sender")
        return thread_id

    @staticmethod
    def _input(ticket: TicketInput, thread_id: str) -> dict[str, Any]:
        return {
            "thread_id": thread_id,
            "ticket_id": ticket.id,
            "customer_email": (ticket.customer_email or "").strip().lower() or None,
            "raw_subject": ticket.subject,
            "raw_body": ticket.body,
        }

    def _invoke(self, ticket: TicketInput, *, stream: bool) -> TicketOutcome:
        thread_id = self._check_thread(ticket)
        start = time.perf_counter()
        values = self.graph.invoke(
            self._input(ticket, thread_id),
            self._config(thread_id, stream_replies=stream),
            durability=self.settings.agent.checkpoint_durability,
        )
        # invoke returns the turn's final state: no second read of the checkpoint
        return self._outcome(thread_id, start, values)

    def _outcome(self, thread_id: str, start: float, values: dict[str, Any] | None = None) -> TicketOutcome:
        if values is None:
            values = self.graph.get_state(self._config(thread_id)).values
        return outcome_from_state(values, thread_id, (time.perf_counter() - start) * 1000)


def outcome_from_state(values: dict[str, Any], thread_id: str, latency_ms: float) -> TicketOutcome:
    """The contract view of a finished (or interrupted) turn."""
    pending = values.get("pending_action")
    escalated = values.get("outcome") == "escalated"
    return TicketOutcome(
        id=values.get("ticket_id") or thread_id,
        thread_id=thread_id,
        outcome=values.get("outcome") or "escalated",
        intent=values.get("intent") or "out_of_scope",
        confidence=float(values.get("confidence") or 0.0),
        language=values.get("language") or "unknown",
        entities=[
            EntityOut(type=e["type"], value=e["value"], flag=e.get("flag"))
            for e in values.get("entities") or []
        ],
        tool_calls=[
            ToolCallOut(
                name=t["name"], args=t["args"], ok=t["ok"], status=t["status"], result=t.get("result") or {}
            )
            for t in values.get("tool_calls") or []
        ],
        reply=values.get("reply") or "",
        escalated=escalated,
        escalation_reason=values.get("escalation_reason") if escalated else None,
        summary=values.get("summary") if escalated else None,
        draft_reply=values.get("draft_reply") if escalated else None,
        pending_action=PendingAction(
            tool=pending["tool"],
            args=pending["args"],
            reason=pending.get("reason") or "",
            amount=pending.get("amount"),
        )
        if pending
        else None,
        customer_id=values.get("customer_id"),
        latency_ms=latency_ms,
        stage_ms={k: round(float(v), 3) for k, v in (values.get("stage_ms") or {}).items()},
        verification={k: int(v) for k, v in (values.get("verification") or {}).items()},
    )


_RUNNERS: dict[int, AgentRunner] = {}
_RUNNERS_LOCK = threading.Lock()


def release_runner(settings: Settings | None = None) -> None:
    """Close and forget the cached runner of ``settings`` (e.g. after an evaluation run)."""
    s = settings or get_settings()
    with _RUNNERS_LOCK:
        runner = _RUNNERS.pop(id(s), None)
    if runner is not None:
        runner.close()


def get_runner(settings: Settings | None = None) -> AgentRunner:
    """One runner per settings object (cached)."""
    s = settings or get_settings()
    with _RUNNERS_LOCK:
        runner = _RUNNERS.get(id(s))
        if runner is None:
            runner = _RUNNERS[id(s)] = AgentRunner(s)
        return runner
