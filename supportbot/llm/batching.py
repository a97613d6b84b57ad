"""Coalesce concurrent ``generate`` calls from many threads into batches for the backend.

The worker runs several tickets' graphs at once; each Respond node asks for one reply. This
wrapper gathers the requests that arrive within ``max_wait_s`` (up to ``max_batch``) and sends
them to the backend as one batch.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from dataclasses import dataclass, field

from supportbot.llm.base import ChatMessage, ReplyBackend


@dataclass
class _Request:
    messages: list[ChatMessage]
    max_new_tokens: int | None
    deadline: float | None
    wake: threading.Event = field(default_factory=threading.Event)  # done, or promoted to leader
    finished: bool = False
    reply: str = ""
    error: BaseException | None = None


class BatchingBackend:
    """Batches requests from many threads. One waiting thread at a time leads: it collects a batch
    (its own request first in line), runs it, and hands the lead to the next waiting request, so
    no ticket waits for batches after its own.

    A reply deadline holds only for a request that ends up alone in its batch (a lone ticket, e.g.
    the latency operating point ``worker.batch_size`` 1): a batch of several is the throughput
    operating point, and cutting it at one ticket's deadline would throw away the others' replies."""

    def __init__(self, backend: ReplyBackend, *, max_batch: int = 8, max_wait_s: float = 0.05) -> None:
        self.inner = backend
        self.name = f"batching({backend.name})"
        self.max_batch = max_batch
        self.max_wait_s = max_wait_s
        self._lock = threading.Lock()
        self._queue: list[_Request] = []
        self._leader_active = False

    def generate(
        self,
        batch: list[list[ChatMessage]],
        *,
        max_new_tokens: int | None = None,
        deadline: float | None = None,
    ) -> list[str]:
        if len(batch) != 1:
            return self.inner.generate(batch, max_new_tokens=max_new_tokens, deadline=deadline)
        request = _Request(batch[0], max_new_tokens, deadline)
        with self._lock:
            self._queue.append(request)
            lead = not self._leader_active
            if lead:
                self._leader_active = True
        while True:
            if lead:
                self._lead_one_batch()
            request.wake.wait()
            if request.finished:
                break
            request.wake.clear()  # promoted: this thread leads the next batch (its request is first)
            lead = True
        if request.error is not None:
            raise request.error
        return [request.reply]

    def _lead_one_batch(self) -> None:
        """Collect up to ``max_batch`` queued requests (waiting ``max_wait_s`` for more), run them,
        then promote the next waiting request's thread to lead, or stand down when none waits."""
        threading.Event().wait(self.max_wait_s)
        with self._lock:
            taken, self._queue = self._queue[: self.max_batch], self._queue[self.max_batch :]
        tokens = max((r.max_new_tokens or 0) for r in taken) or None
        try:
            deadline = taken[0].deadline if len(taken) == 1 else None
            replies = self.inner.generate(
                [r.messages for r in taken], max_new_tokens=tokens, deadline=deadline
            )
            for r, reply in zip(taken, replies, strict=True):
                r.reply = reply
        except BaseException as exc:
            for r in taken:
                r.error = exc
        with self._lock:
            if self._queue:
                self._queue[0].wake.set()  # its thread becomes the leader
            else:
                self._leader_active = False
        for r in taken:
            r.finished = True
            r.wake.set()

    def stream(self, messages: list[ChatMessage], *, max_new_tokens: int | None = None) -> Iterator[str]:
        return self.inner.stream(messages, max_new_tokens=max_new_tokens)
