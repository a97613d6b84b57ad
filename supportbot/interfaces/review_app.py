"""``supportbot queue review``: a keyboard-driven Textual TUI over the handoff queue operations.

Up/down pick a handoff; its details show below. Keys: c claim, u unclaim, r send the draft,
e edit the reply then send (Ctrl-S; Esc cancels), a approve, d deny, x resolve, b return to bot,
s toggle sort (age / SLA), f cycle the reason filter, g refresh, q quit. Errors (for example a
handoff claimed by someone else) are shown as notifications; nothing crashes the app.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy import Engine

from supportbot.lazy import require

require("textual", "the review TUI")

from rich.console import Group  # noqa: E402
from textual.app import App, ComposeResult  # noqa: E402
from textual.binding import Binding  # noqa: E402
from textual.containers import Vertical, VerticalScroll  # noqa: E402
from textual.screen import ModalScreen  # noqa: E402
from textual.widgets import DataTable, Footer, Header, Label, Static, TextArea  # noqa: E402

from supportbot.db.models import utcnow  # noqa: E402
from supportbot.errors import SupportbotError  # noqa: E402
from supportbot.interfaces import handoffs  # noqa: E402
from supportbot.interfaces.handoff_view import age_text, due_text, render_detail  # noqa: E402
from supportbot.interfaces.runner_port import AgentRunnerLike, agent_runner  # noqa: E402

REASONS_CYCLE: tuple[str | None, ...] = (
    None,
    "needs_approval",
    "human_requested",
    "angry_customer",
    "low_confidence",
    "out_of_scope",
    "foreign_order",
    "unknown_customer",
    "unsupported_language",
    "dead_letter",
)


class EditReply(ModalScreen[str | None]):
    """Edit the reply; Ctrl-S sends, Esc cancels."""

    BINDINGS = [Binding("ctrl+s", "send", "Send"), Binding("escape", "cancel", "Cancel")]

    def __init__(self, draft: str) -> None:
        super().__init__()
        self.draft = draft

    def compose(self) -> ComposeResult:
        with Vertical(id="editor"):
            yield Label("Edit the reply — Ctrl-S sends, Esc cancels")
            yield TextArea(self.draft, id="reply-text")

    def action_send(self) -> None:
        self.dismiss(self.query_one(TextArea).text)

    def action_cancel(self) -> None:
        self.dismiss(None)


class ReviewApp(App[None]):
    TITLE = "supportbot — handoff queue"
    CSS = """
    #queue { height: 40%; }
    #detail-box { height: 1fr; border-top: solid $accent; }
    #editor { padding: 1; background: $surface; }
    #reply-text { height: 1fr; }
    """
    BINDINGS = [
        Binding("c", "claim", "Claim"),
        Binding("u", "unclaim", "Unclaim"),
        Binding("r", "reply", "Send draft"),
        Binding("e", "edit", "Edit+send"),
        Binding("a", "approve", "Approve"),
        Binding("d", "deny", "Deny"),
        Binding("x", "resolve", "Resolve"),
        Binding("b", "return_to_bot", "To bot"),
        Binding("s", "toggle_sort", "Sort"),
        Binding("f", "cycle_filter", "Filter"),
        Binding("g", "refresh", "Refresh"),
        Binding("q", "quit", "Quit"),
    ]

    def __init__(
        self, engine: Engine, reviewer: str, runner_factory: Callable[[], AgentRunnerLike] | None = None
    ) -> None:
        super().__init__()
        self.engine = engine
        self.reviewer = reviewer
        self.runner_factory = runner_factory or agent_runner
        self.sort: handoffs.SortKey = "age"
        self.reason_index = 0
        self.rows: list[handoffs.HandoffRow] = []
        self.current: handoffs.HandoffDetail | None = None

    # ------------------------------------------------------------------ layout
    def compose(self) -> ComposeResult:
        yield Header()
        yield DataTable(id="queue", cursor_type="row", zebra_stripes=True)
        with VerticalScroll(id="detail-box"):
            yield Static("", id="detail")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns("id", "age", "SLA", "reason", "intent", "status", "customer", "subject")
        self.action_refresh()
        table.focus()

    @property
    def reason_filter(self) -> str | None:
        return REASONS_CYCLE[self.reason_index]

    # ------------------------------------------------------------------ data
    def action_refresh(self) -> None:
        table = self.query_one(DataTable)
        selected = self.selected_id
        reasons = [self.reason_filter] if self.reason_filter else None
        self.rows = handoffs.list_handoffs(self.engine, reasons=reasons, sort=self.sort)
        table.clear()
        now = utcnow()
        for row in self.rows:
            status = row.status + (f" ({row.assignee})" if row.assignee else "")
            table.add_row(
                str(row.id),
                age_text(row.age(now)),
                due_text(row.sla_due_at, now),
                row.reason + (" *" if row.has_pending_action else ""),
                row.intent or "-",
                status,
                row.customer_email or "-",
                (row.subject or "")[:30],
                key=str(row.id),
            )
        if selected is not None:
            for index, row in enumerate(self.rows):
                if row.id == selected:
                    table.move_cursor(row=index)
        self.sub_title = (
            f"{self.reviewer} — {len(self.rows)} waiting — sort {self.sort}"
            f" — reason {self.reason_filter or 'all'}"
        )
        self.show_detail()

    @property
    def selected_id(self) -> int | None:
        table = self.query_one(DataTable)
        if not self.rows or table.cursor_row is None or table.cursor_row >= len(self.rows):
            return None
        return self.rows[table.cursor_row].id

    def show_detail(self) -> None:
        detail = self.query_one("#detail", Static)
        handoff_id = self.selected_id
        if handoff_id is None:
            self.current = None
            detail.update("Nothing waiting. Press g to refresh.")
            return
        self.current = handoffs.get_handoff(self.engine, handoff_id)
        detail.update(Group(*render_detail(self.current)))

    def on_data_table_row_highlighted(self, _event: DataTable.RowHighlighted) -> None:
        self.show_detail()

    # ------------------------------------------------------------------ actions
    def _act(self, verb: str, operation: Callable[[int], Any]) -> None:
        handoff_id = self.selected_id
        if handoff_id is None:
            self.notify("nothing selected", severity="warning")
            return
        try:
            operation(handoff_id)
        except SupportbotError as exc:
            self.notify(exc.user_message(), title=f"cannot {verb}", severity="error")
        else:
            self.notify(f"handoff {handoff_id}: {verb} done")
        self.action_refresh()

    def action_claim(self) -> None:
        self._act("claim", lambda i: handoffs.claim(self.engine, i, self.reviewer))

    def action_unclaim(self) -> None:
        self._act("unclaim", lambda i: handoffs.unclaim(self.engine, i, self.reviewer))

    def action_reply(self) -> None:
        def send(i: int) -> None:
            draft = handoffs.get_handoff(self.engine, i).draft_reply or ""
            handoffs.send_reply(self.engine, i, self.reviewer, draft)

        self._act("reply", send)

    def action_edit(self) -> None:
        handoff_id = self.selected_id
        if handoff_id is None:
            self.notify("nothing selected", severity="warning")
            return
        draft = handoffs.get_handoff(self.engine, handoff_id).draft_reply or ""

        def done(text: str | None) -> None:
            if text is None:
                self.notify("edit cancelled; nothing sent")
                return
            self._act("reply", lambda i: handoffs.send_reply(self.engine, i, self.reviewer, text))

        self.push_screen(EditReply(draft), done)

    def _decide(self, approve: bool) -> None:
        self._act(
            "approve" if approve else "deny",
            lambda i: handoffs.decide(
                self.engine, i, self.reviewer, approve=approve, runner=self.runner_factory()
            ),
        )

    def action_approve(self) -> None:
        self._decide(True)

    def action_deny(self) -> None:
        self._decide(False)

    def action_resolve(self) -> None:
        self._act("resolve", lambda i: handoffs.resolve(self.engine, i, self.reviewer))

    def action_return_to_bot(self) -> None:
        self._act("return to bot", lambda i: handoffs.return_to_bot(self.engine, i, self.reviewer))

    def action_toggle_sort(self) -> None:
        self.sort = "sla" if self.sort == "age" else "age"
        self.action_refresh()

    def action_cycle_filter(self) -> None:
        self.reason_index = (self.reason_index + 1) % len(REASONS_CYCLE)
        self.action_refresh()
