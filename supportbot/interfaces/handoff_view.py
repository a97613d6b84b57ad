"""How a handoff is shown to a reviewer, in ``queue list``/``show`` and in the review TUI."""

from __future__ import annotations

import datetime as dt
from typing import Any

from supportbot.interfaces.handoffs import HandoffDetail


def age_text(delta: dt.timedelta) -> str:
    seconds = int(delta.total_seconds())
    if seconds < 3600:
        return f"{seconds // 60}m"
    if seconds < 86400:
        return f"{seconds // 3600}h{(seconds % 3600) // 60:02d}m"
    return f"{seconds // 86400}d{(seconds % 86400) // 3600}h"


def due_text(due: dt.datetime | None, now: dt.datetime) -> str:
    if due is None:
        return "-"
    delta = due - now
    return f"in {age_text(delta)}" if delta.total_seconds() >= 0 else f"OVERDUE {age_text(-delta)}"


class _Rows:
    """A two-column table whose cells are plain text (ticket data never becomes Rich markup)."""

    def __init__(self, **kwargs: Any) -> None:
        from rich.table import Table

        self.table = Table(**kwargs)
        self.table.add_column(style="bold")
        self.table.add_column()

    def add_row(self, key: str, value: str) -> None:
        from rich.text import Text

        self.table.add_row(Text(key), Text(value))


def render_detail(detail: HandoffDetail) -> list[Any]:
    """Rich renderables for one handoff (shared with the review TUI)."""
    from rich.panel import Panel
    from rich.text import Text

    from supportbot.db.models import utcnow

    row = detail.row
    now = utcnow()
    head = _Rows(show_header=False, box=None, padding=(0, 1))
    head.add_row("handoff", f"{row.id} ({row.status}{' by ' + row.assignee if row.assignee else ''})")
    head.add_row("ticket", f"{row.ticket_id}  from {row.customer_email or '-'}")
    head.add_row("subject", row.subject or "-")
    head.add_row("reason", row.reason)
    head.add_row("age / SLA", f"{age_text(row.age(now))} / {due_text(row.sla_due_at, now)}")
    confidence = detail.details.get("confidence")
    head.add_row(
        "intent", f"{row.intent or '-'}" + (f" ({confidence:.2f})" if confidence is not None else "")
    )
    entities = detail.details.get("entities") or []
    head.add_row("entities", ", ".join(f"{e['type']}={e['value']}" for e in entities) or "-")
    for call in detail.details.get("tool_calls") or []:
        result = (call.get("result") or {}).get("message") or call.get("status")
        head.add_row(
            "tool call",
            f"{call['name']}({call.get('args')}) -> {call.get('status', call.get('ok'))}: {result}",
        )
    if detail.pending_action:
        action = detail.pending_action
        head.add_row("PENDING", f"{action.get('tool')} {action.get('args')} — {action.get('reason')}")
    parts: list[Any] = [head.table, Panel(Text(detail.summary or "-"), title="bot summary")]
    conversation = Text()
    for role, author, body, _at in detail.messages:
        conversation.append(f"{role}{' (' + author + ')' if author else ''}: ", style="bold")
        conversation.append(body + "\n")
    parts.append(Panel(conversation, title="conversation"))
    parts.append(Panel(Text(detail.draft_reply or "(no draft)"), title="draft reply"))
    if detail.audit:
        parts.append(Text("history: " + "; ".join(f"{a[1]} {a[2]}" for a in detail.audit), style="dim"))
    return parts
