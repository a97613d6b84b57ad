"""One supervised example for the reply model: the prompt context and the reference reply."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict

from supportbot.llm.base import ChatMessage
from supportbot.llm.prompt import ReplyContext, build_messages

Source = Literal["bitext", "synthetic"]


class ReplyExample(BaseModel):
    model_config = ConfigDict(extra="forbid")

    source: Source
    ctx: ReplyContext
    reply: str

    def prompt_messages(self) -> list[ChatMessage]:
        """The exact prompt the agent's Respond node sends (shared :func:`build_messages`)."""
        return build_messages(self.ctx)

    def chat(self) -> list[ChatMessage]:
        return [*self.prompt_messages(), {"role": "assistant", "content": self.reply}]
