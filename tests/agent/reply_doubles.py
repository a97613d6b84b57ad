"""Test doubles of the ReplyBackend protocol, named as such: replies a real model will not give on
demand (invented facts, a server that is down), so the fact check and the fallbacks can be tested
deterministically. Tests that need a real model use the shipped one or a tiny real Llama."""

from __future__ import annotations

from collections.abc import Iterator

from supportbot.errors import BackendError
from supportbot.llm.base import ChatMessage


class ScriptedInventingBackend:
    """Test double: answers at once (whatever the deadline) with an order id and a tracking number
    that exist nowhere; records the prompts and deadlines it was given."""

    name = "scripted-inventing"

    def __init__(self) -> None:
        self.prompts: list[list[ChatMessage]] = []
        self.deadlines: list[float | None] = []

    def generate(
        self,
        batch: list[list[ChatMessage]],
        *,
        max_new_tokens: int | None = None,
        deadline: float | None = None,
    ) -> list[str]:
        self.prompts.extend(batch)
        self.deadlines.append(deadline)
        return [
            "Your order #W0000001 shipped with tracking 999999999999 and arrives on 2026-12-24."
            for _ in batch
        ]

    def stream(self, messages: list[ChatMessage], *, max_new_tokens: int | None = None) -> Iterator[str]:
        yield from self.generate([messages])


class ScriptedFailingBackend:
    """Test double: the model server is down."""

    name = "scripted-failing"

    def generate(
        self,
        batch: list[list[ChatMessage]],
        *,
        max_new_tokens: int | None = None,
        deadline: float | None = None,
    ) -> list[str]:
        raise BackendError("timed out after 30 s")

    def stream(self, messages: list[ChatMessage], *, max_new_tokens: int | None = None) -> Iterator[str]:
        raise BackendError("timed out after 30 s")
