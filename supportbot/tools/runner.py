"""``call_tool``: validate, check identity, run in one transaction with its audit row, never raise.

Order of events for one call:
1. arguments are validated against the tool's pydantic model (``invalid`` otherwise);
2. a tool that needs a customer gets ``not_owner`` when the sender is unknown;
3. an action whose idempotency key already has a stored result returns it (``replayed=True``);
4. the tool runs: ownership, status policy, consent, approval, effect;
5. an action's first ``ok`` result is stored under its key, and the audit row (arguments, result,
   actor, ticket, duration) is written, all in the same transaction as the effect. Anything but
   ``ok`` rolls the effect back; the audit row is still written.
"""

from __future__ import annotations

import hashlib
import json
import logging
import time
from typing import Any

from pydantic import BaseModel, ValidationError
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from supportbot.db.engine import session_scope
from supportbot.db.models import ActionResult, AuditLog
from supportbot.errors import DatabaseUnavailable
from supportbot.tools.context import ToolContext
from supportbot.tools.results import NotOwner, ToolResult
from supportbot.tools.runtime import Replay, Runtime
from supportbot.tools.spec import ToolSpec

log = logging.getLogger(__name__)

MAX_AUDIT_CHARS = 4000
KEY_COLUMN_CHARS = 200


def idempotency_key(spec: ToolSpec, ctx: ToolContext, args: BaseModel) -> str | None:
    """The stored key: the caller's key (or ticket id + tool + order), scoped to the acting customer
    so that one customer's key can never replay another customer's result."""
    if not spec.acts:
        return None
    explicit = getattr(args, "idempotency_key", None)
    if explicit:
        base = explicit
    elif ctx.ticket_id:
        base = ":".join(p for p in (ctx.ticket_id, spec.name, getattr(args, "order_id", None)) if p)
    else:
        return None
    key = f"{ctx.customer_id or '-'}|{base}"
    if len(key) > KEY_COLUMN_CHARS:
        key = "sha256:" + hashlib.sha256(key.encode()).hexdigest()
    return key


def _json_safe(value: Any) -> dict[str, Any]:
    text = json.dumps(value, default=str, ensure_ascii=False).replace("\\u0000", "")  # PostgreSQL rejects NUL
    if len(text) > MAX_AUDIT_CHARS:
        return {"_truncated": text[:MAX_AUDIT_CHARS]}
    loaded = json.loads(text)
    return loaded if isinstance(loaded, dict) else {"_value": loaded}


def _invalid(name: str, message: str, **data: Any) -> ToolResult:
    return ToolResult(tool=name, status="invalid", reason="invalid_arguments", message=message, data=data)


def _describe_validation(exc: ValidationError) -> tuple[str, list[dict[str, str]]]:
    errors = [
        {
            "field": ".".join(str(p) for p in e["loc"]) or "arguments",
            "error": e["msg"].removeprefix("Value error, "),
        }
        for e in exc.errors()
    ]
    return "; ".join(f"{e['field']}: {e['error']}" for e in errors[:5]), errors


def _run(session: Session, ctx: ToolContext, spec: ToolSpec, args: BaseModel, key: str | None) -> ToolResult:
    if not spec.public and ctx.customer_id is None:
        return NotOwner(tool=spec.name)
    rt = Runtime(session, ctx, spec, key, getattr(args, "order_id", None))
    try:
        rt.check_replay()
        result = spec.func(rt, args)
    except Replay as replay:
        session.rollback()
        return replay.result
    except PermissionError:  # the context names a customer that does not exist
        session.rollback()
        return NotOwner(tool=spec.name)
    if not result.ok:
        session.rollback()  # refusals change nothing (and release the row locks)
    elif key and not result.replayed:
        session.add(
            ActionResult(idempotency_key=key, action=spec.name, result=result.model_dump(mode="json"))
        )
        session.flush()
    return result


def _audit_row(
    ctx: ToolContext, name: str, args: dict[str, Any], result: ToolResult, started: float, key: str | None
) -> AuditLog:
    return AuditLog(
        actor=ctx.actor,
        ticket_id=ctx.ticket_id,
        action=name[:64],
        args=_json_safe({**args, "_customer_id": ctx.customer_id}),
        result=_json_safe(result.model_dump(mode="json")),
        ok=result.ok,
        duration_ms=round((time.perf_counter() - started) * 1000, 3),
        idempotency_key=key,
    )


def _audit_alone(
    ctx: ToolContext, name: str, args: dict[str, Any], result: ToolResult, started: float, key: str | None
) -> None:
    try:
        with session_scope(ctx.engine) as s:
            s.add(_audit_row(ctx, name, args, result, started, key))
    except Exception:  # the audit of a failed call must not hide the failure itself
        log.exception("could not write the audit row of %s", name)


def call_tool(ctx: ToolContext, name: str, args: dict[str, Any] | None = None) -> ToolResult:
    """Run tool ``name`` for the acting customer in ``ctx``. Never raises: every outcome is a
    :class:`ToolResult` (``error`` for unexpected failures, which are logged)."""
    from supportbot.tools.registry import REGISTRY

    started = time.perf_counter()
    raw = args if args is not None else {}
    spec = REGISTRY.get(name)
    if spec is None:
        result = _invalid(name[:64], f"There is no tool named '{name[:64]}'.", known=sorted(REGISTRY))
        _audit_alone(ctx, name, {"_raw": raw}, result, started, None)
        return result
    if not isinstance(raw, dict):
        result = _invalid(name, "Tool arguments must be a JSON object.")
        _audit_alone(ctx, name, {"_raw": raw}, result, started, None)
        return result
    try:
        parsed = spec.args_model.model_validate(raw)
    except ValidationError as exc:
        message, errors = _describe_validation(exc)
        result = _invalid(name, f"Invalid arguments: {message}.", errors=errors)
        _audit_alone(ctx, name, raw, result, started, None)
        return result

    key = idempotency_key(spec, ctx, parsed)
    audit_args = parsed.model_dump(mode="json")
    for attempt in (1, 2):
        try:
            with session_scope(ctx.engine) as s:
                result = _run(s, ctx, spec, parsed, key)
                s.add(_audit_row(ctx, name, audit_args, result, started, key))
            return result
        except (IntegrityError, DatabaseUnavailable) as exc:
            # A concurrent duplicate stored its result first (the retry replays it), or a
            # deadlock/connection drop: one more try, then an error result.
            if attempt == 1:
                log.warning("retrying %s after %s", name, type(exc).__name__)
                continue
            result = _error(name, exc)
        except Exception as exc:
            log.exception("tool %s failed", name)
            result = _error(name, exc)
            break
    _audit_alone(ctx, name, audit_args, result, started, key)
    return result


def _error(name: str, exc: BaseException) -> ToolResult:
    if isinstance(exc, DatabaseUnavailable):
        message, reason = "The order database is unavailable right now.", "database_unavailable"
    else:
        message, reason = (
            "Something went wrong while doing this; a team member will look at it.",
            "tool_error",
        )
    return ToolResult(
        tool=name, status="error", reason=reason, message=message, data={"error_type": type(exc).__name__}
    )
