"""Every tool in one place: ``REGISTRY`` (name -> spec), ``call_tool`` and the LangChain view."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ConfigDict, create_model

from supportbot.tools import account, lookups, order_actions, returns
from supportbot.tools.context import ToolContext
from supportbot.tools.runner import call_tool
from supportbot.tools.spec import ToolSpec

if TYPE_CHECKING:
    from langchain_core.tools import BaseTool

TOOL_NAMES = (
    # lookups
    "find_customer_by_email",
    "find_customer_by_name_zip",
    "get_order_details",
    "get_order_tracking",
    "get_refund_status",
    "get_invoice",
    "get_product_info",
    "list_recent_orders",
    # order actions
    "cancel_order",
    "modify_order_address",
    "modify_order_payment",
    "modify_order_items",
    # returns
    "return_items",
    "exchange_items",
    # account
    "update_default_address",
    "start_password_reset",
    "open_handoff",
)


def _collect() -> dict[str, ToolSpec]:
    found: dict[str, ToolSpec] = {}
    for module in (lookups, order_actions, returns, account):
        for value in vars(module).values():
            spec = getattr(value, "tool_spec", None)
            if isinstance(spec, ToolSpec) and value.__module__ == module.__name__:
                found[spec.name] = spec
    if set(found) != set(TOOL_NAMES):
        raise RuntimeError(f"tool registry mismatch: {sorted(set(found) ^ set(TOOL_NAMES))}")
    return {name: found[name] for name in TOOL_NAMES}


REGISTRY: dict[str, ToolSpec] = _collect()
ACTION_TOOLS = frozenset(name for name, spec in REGISTRY.items() if spec.acts)

# Tools whose success changes an order, a payment or an account (open_handoff only records an
# escalation). Evaluation, the hostile-input judge and the load invariants count these as effects.
EFFECT_TOOLS: frozenset[str] = ACTION_TOOLS - {"open_handoff"}


def model_facing_schema(spec: ToolSpec, *, allow_approval: bool = False) -> type[BaseModel]:
    """The args model a language model sees: ``approved_by`` is hidden unless ``allow_approval``
    (only a human's approval in the queue may set it)."""
    fields = spec.args_model.model_fields
    if allow_approval or "approved_by" not in fields:
        return spec.args_model
    kept: dict[str, Any] = {n: (f.annotation, f) for n, f in fields.items() if n != "approved_by"}
    model: type[BaseModel] = create_model(
        f"{spec.args_model.__name__}ForModel", __config__=ConfigDict(extra="forbid"), **kept
    )
    return model


def as_langchain_tools(ctx: ToolContext, *, allow_approval: bool = False) -> list[BaseTool]:
    """Every tool as a ``StructuredTool`` bound to ``ctx``; each returns the result as a dict."""
    from langchain_core.tools import StructuredTool

    tools: list[BaseTool] = []
    for spec in REGISTRY.values():

        def run(_name: str = spec.name, **kwargs: Any) -> dict[str, Any]:
            if not allow_approval:
                kwargs.pop("approved_by", None)
            return call_tool(ctx, _name, kwargs).model_dump(mode="json")

        tools.append(
            StructuredTool.from_function(
                func=run,
                name=spec.name,
                description=spec.description,
                args_schema=model_facing_schema(spec, allow_approval=allow_approval),
                infer_schema=False,
            )
        )
    return tools


__all__ = ["ACTION_TOOLS", "REGISTRY", "TOOL_NAMES", "ToolContext", "as_langchain_tools", "call_tool"]
