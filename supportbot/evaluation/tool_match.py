"""Tool-call accuracy: did the bot call the right tools with the right key arguments?

Definition (per ticket), documented in every report:

1. every expected call is matched: some actual call has the expected name (or one of its
   alternatives' names) and its arguments contain each expected key argument with an equal value
   after normalisation (order ids canonical, strings case-folded, lists compared as sets);
   the call's success is not required (a refusal by the tool is a correct outcome);
2. no unexpected consequential call succeeded: every database-changing call that returned ok
   matches a *primary* expected call that may succeed.

Lookups (``find_customer_by_email``, ``list_recent_orders``...) and ``open_handoff`` that nobody
expected never make a ticket fail.
"""

from __future__ import annotations

import re
from typing import Any

from supportbot.evaluation.eval_set import CONSEQUENTIAL_TOOLS, CallSpec, ExpectedCall

_OID = re.compile(r"^#?[Ww](\d{7})$")


def norm_arg(value: Any) -> Any:
    if isinstance(value, str):
        text = value.strip()
        m = _OID.match(text)
        if m:
            return f"#W{m.group(1)}"
        return " ".join(text.casefold().split())
    if isinstance(value, list | tuple | set):
        return sorted(str(norm_arg(v)) for v in value)
    if isinstance(value, float):
        return round(value, 2)
    return value


def call_matches(spec: CallSpec, name: str, args: dict[str, Any]) -> bool:
    if spec.name != name:
        return False
    return all(key in args and norm_arg(args[key]) == norm_arg(value) for key, value in spec.args.items())


def tool_calls_correct(expected: list[ExpectedCall], actual: list[dict[str, Any]]) -> tuple[bool, str]:
    """(correct?, why not) for one ticket's actual calls ``[{"name", "args", "ok"}]``."""
    for exp in expected:
        options = [exp, *exp.alternatives]
        if not any(call_matches(o, c["name"], c.get("args") or {}) for o in options for c in actual):
            return False, f"missing {exp.name}({_fmt(exp.args)})"
    for call in actual:
        if call["name"] not in CONSEQUENTIAL_TOOLS or not call.get("ok"):
            continue
        allowed = any(
            e.may_succeed and call_matches(e, call["name"], call.get("args") or {}) for e in expected
        )
        if not allowed:
            return False, f"unexpected {call['name']}({_fmt(call.get('args') or {})}) succeeded"
    return True, ""


def _fmt(args: dict[str, Any]) -> str:
    return ", ".join(f"{k}={v!r}" for k, v in sorted(args.items()) if k not in ("consent", "idempotency_key"))
