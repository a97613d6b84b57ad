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
    done: threading.Event = field(default_factory=threading.Event)
    reply: str = ""
    error: BaseException | None = None


class BatchingBackend:
    def __init__(self, backend: ReplyBackend, *, max_batch: int = 8, max_wait_s: float = 0.05) -> None:
        self.inner = backend
        self.name = f"batching({backend.name})"
        self.max_batch = max_batch
        self.max_wait_s = max_wait_s
        self._lock = threading.Lock()
        self._queue: list[_Request] = []
        self._leader_active = False

    def generate(self, batch: list[list[ChatMessage]], *, max_new_tokens: int | None = None) -> list[str]:
        if len(batch) != 1:
            return self.inner.generate(batch, max_new_tokens=max_new_tokens)
        request = _Request(batch[0], max_new_tokens)
        with self._lock:
            self._queue.append(request)
            lead = not self._leader_active
            if lead:
                self._leader_active = True
        if lead:
            self._lead()
        request.done.wait()
        if request.error is not None:
            raise request.error
        return [request.reply]

    def _lead(self) -> None:
        """The first waiting thread collects a batch, runs it, and repeats while requests remain."""
        while True:
            deadline = threading.Event()
            deadline.wait(self.max_wait_s)
            with self._lock:
                taken, self._queue = self._queue[: self.max_batch], self._queue[self.max_batch :]
                if not taken:
                    self._leader_active = False
                    return
            tokens = max((r.max_new_tokens or 0) for r in taken) or None
            try:
                replies = self.inner.generate([r.messages for r in taken], max_new_tokens=tokens)
                for r, reply in zip(taken, replies, strict=True):
                    r.reply = reply
            except BaseException as exc:
                for r in taken:
                    r.error = exc
            for r in taken:
                r.done.set()

    def stream(self, messages: list[ChatMessage], *, max_new_tokens: int | None = None) -> Iterator[str]:
        return self.inner.stream(messages, max_new_tokens=max_new_tokens)
