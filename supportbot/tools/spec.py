"""What a tool is: a typed function plus the flags the runner enforces around it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal, TypeVar

from pydantic import BaseModel

from supportbot.tools.results import ToolResult

if TYPE_CHECKING:
    from supportbot.tools.runtime import Runtime

ToolGroup = Literal["lookups", "order_actions", "returns", "account"]
ToolFunc = Callable[["Runtime", Any], ToolResult]
F = TypeVar("F", bound=Callable[..., ToolResult])


@dataclass(frozen=True)
class ToolSpec:
    """A registered tool.

    ``acts``: it changes the database (idempotency key, row locks, stored first result).
    ``needs_consent``: it runs only with ``consent=True``.
    ``public``: it works without a known customer (product info, handoff to a human).
    """

    name: str
    func: ToolFunc
    args_model: type[BaseModel]
    description: str
    group: ToolGroup
    acts: bool = False
    needs_consent: bool = False
    public: bool = False
    result_model: type[ToolResult] = ToolResult

    @property
    def summary(self) -> str:
        """The first sentence of the description."""
        first, _, _ = self.description.partition(". ")
        return first.rstrip(".") + "."


def tool(
    args: type[BaseModel],
    group: ToolGroup,
    *,
    acts: bool = False,
    needs_consent: bool = False,
    public: bool = False,
) -> Callable[[F], F]:
    """Mark a function as a tool; its name and docstring become the tool's name and description."""

    def mark(func: F) -> F:
        doc = (func.__doc__ or "").strip()
        if not doc:
            raise ValueError(f"tool {func.__name__} needs a docstring (the model reads it)")
        func.tool_spec = ToolSpec(  # type: ignore[attr-defined]
            name=func.__name__,
            func=func,
            args_model=args,
            description=" ".join(line.strip() for line in doc.splitlines() if line.strip()),
            group=group,
            acts=acts,
            needs_consent=needs_consent,
            public=public,
        )
        return func

    return mark
