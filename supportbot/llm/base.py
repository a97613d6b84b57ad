"""The interface every reply backend implements, used by the agent and the worker."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Literal, Protocol, TypedDict


class ChatMessage(TypedDict):
    role: Literal["system", "user", "assistant"]
    content: str


class ReplyBackend(Protocol):
    """Generates assistant replies for chat-formatted prompts."""

    name: str

    def generate(
        self,
        batch: list[list[ChatMessage]],
        *,
        max_new_tokens: int | None = None,
        deadline: float | None = None,
    ) -> list[str]:
        """One reply per conversation in ``batch`` (batched where the backend can).

        ``deadline``: a ``time.monotonic()`` instant by which the replies must be finished. A
        backend stops generating once it passes and raises :class:`~supportbot.errors.ReplyTooSlow`
        (never a reply cut short); None: no deadline."""
        ...

    def stream(self, messages: list[ChatMessage], *, max_new_tokens: int | None = None) -> Iterator[str]:
        """Yield the reply as text pieces as they are generated."""
        ...
