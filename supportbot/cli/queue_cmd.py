"""``supportbot queue``: the human handoff queue (list, show, claim, reply, approve/deny, resolve,
return-to-bot, stats, and the ``review`` TUI). Every action is recorded in the audit log."""

from __future__ import annotations

import getpass
from typing import Any

import typer

app = typer.Typer(help="Human handoff queue: review escalated tickets.", no_args_is_help=True)

REVIEWER_HELP = "Your reviewer name (recorded in the audit log). Default: your login name."


def _reviewer(name: str | None) -> str:
    return name or getpass.getuser()


def _engine() -> Any:
    from supportbot.db.engine import get_engine, require_schema

    engine = get_engine()
    require_schema(engine)
    return engine


@app.command("list")
def list_(
    reason: list[str] = typer.Option(None, "--reason", "-r", help="Only these reasons (repeatable)."),
    intent: list[str] = typer.Option(None, "--intent", "-i", help="Only these intents (repeatable)."),
    older_than: str = typer.Option(None, "--older-than", help="Only older than this age: 30m, 4h, 2d."),
    sort: str = typer.Option("age", "--sort", help="age (oldest first) or sla (soonest due first)."),
    mine: bool = typer.Option(False, "--mine", help="Only handoffs I have claimed."),
    reviewer: str = typer.Option(None, "--as", help=REVIEWER_HELP),
    all_: bool = typer.Option(False, "--all", help="Include resolved and returned handoffs."),
) -> None:
    """Handoffs waiting for a person."""
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    from supportbot.db.models import HANDOFF_STATUSES, utcnow
    from supportbot.errors import InputError
    from supportbot.interfaces.handoff_view import age_text, due_text
    from supportbot.interfaces.handoffs import list_handoffs, parse_age

    if sort not in ("age", "sla"):
        raise InputError(f"--sort must be 'age' or 'sla', not {sort!r}")
    rows = list_handoffs(
        _engine(),
        reasons=reason or None,
        intents=intent or None,
        older_than=parse_age(older_than) if older_than else None,
        statuses=HANDOFF_STATUSES if all_ else ("open", "claimed"),
        assignee=_reviewer(reviewer) if mine else None,
        sort=sort,  # type: ignore[arg-type]
    )
    now = utcnow()
    table = Table(title=f"handoff queue ({len(rows)})")
    for column, width in (("id", 3), ("ticket", 10), ("age", 5), ("SLA", 9), ("reason", 16), ("intent", 14)):
        table.add_column(column, overflow="fold", min_width=width)
    table.add_column("status", overflow="fold", min_width=6)
    for column in ("customer", "subject"):
        table.add_column(column, overflow="ellipsis", no_wrap=True, max_width=22)
    for row in rows:
        status = row.status + (f" by {row.assignee}" if row.assignee else "")
        reason_text = row.reason + (" *" if row.has_pending_action else "")
        cells = (
            str(row.id),
            row.ticket_id,
            age_text(row.age(now)),
            due_text(row.sla_due_at, now),
            reason_text,
            row.intent or "-",
            status,
            row.customer_email or "-",
            (row.subject or "")[:40],
        )
        table.add_row(*(Text(cell) for cell in cells))  # Text: no markup from ticket data
    console = Console()
    console.print(table)
    if any(row.has_pending_action for row in rows):
        console.print("* waits for approve/deny of a pending action")


@app.command("show")
def show(handoff_id: int = typer.Argument(..., help="Handoff id (see 'queue list').")) -> None:
    """The ticket, conversation, bot summary, intent, entities, tool calls and draft reply."""
    from rich.console import Console

    from supportbot.interfaces.handoff_view import render_detail
    from supportbot.interfaces.handoffs import get_handoff

    console = Console()
    for part in render_detail(get_handoff(_engine(), handoff_id)):
        console.print(part)


@app.command("claim")
def claim(
    handoff_id: int = typer.Argument(...), reviewer: str = typer.Option(None, "--as", help=REVIEWER_HELP)
) -> None:
    """Take a handoff (nobody else can act on it until you release or close it)."""
    from supportbot.interfaces.handoffs import claim as do_claim

    row = do_claim(_engine(), handoff_id, _reviewer(reviewer))
    typer.echo(f"handoff {row.id} claimed by {row.assignee}")


@app.command("unclaim")
def unclaim(
    handoff_id: int = typer.Argument(...), reviewer: str = typer.Option(None, "--as", help=REVIEWER_HELP)
) -> None:
    """Put a handoff you hold back in the queue."""
    from supportbot.interfaces.handoffs import unclaim as do_unclaim

    row = do_unclaim(_engine(), handoff_id, _reviewer(reviewer))
    typer.echo(f"handoff {row.id} is open again")


@app.command("reply")
def reply(
    handoff_id: int = typer.Argument(...),
    edit: bool = typer.Option(False, "--edit", "-e", help="Edit the draft in $EDITOR before sending."),
    text: str = typer.Option(None, "--text", help="Send this text instead of the draft."),
    reviewer: str = typer.Option(None, "--as", help=REVIEWER_HELP),
) -> None:
    """Answer the customer: the bot's draft as is, edited in $EDITOR, or --text."""
    from supportbot.errors import InputError
    from supportbot.interfaces.editor import edit_text
    from supportbot.interfaces.handoffs import get_handoff, send_reply

    engine = _engine()
    body = text
    if body is None:
        body = get_handoff(engine, handoff_id).draft_reply or ""
        if edit:
            edited = edit_text(body)
            if edited is None:
                raise InputError("the editor was closed without saving; nothing was sent")
            body = edited
        elif not body.strip():
            raise InputError("this handoff has no draft reply", hint="use --edit or --text")
    row = send_reply(engine, handoff_id, _reviewer(reviewer), body)
    typer.echo(f"reply sent; handoff {row.id} resolved")


def _decide(handoff_id: int, reviewer: str | None, note: str | None, approve: bool) -> None:
    from supportbot.interfaces.handoffs import decide
    from supportbot.interfaces.runner_port import agent_runner

    outcome = decide(
        _engine(), handoff_id, _reviewer(reviewer), approve=approve, runner=agent_runner(), note=note
    )
    typer.echo(f"{'approved' if approve else 'denied'}; ticket {outcome.id}: {outcome.outcome}")
    if outcome.reply:
        typer.echo(f"reply sent: {outcome.reply}")


@app.command("approve")
def approve(
    handoff_id: int = typer.Argument(...),
    note: str = typer.Option(None, "--note", help="Why (kept in the audit log)."),
    reviewer: str = typer.Option(None, "--as", help=REVIEWER_HELP),
) -> None:
    """Approve the pending action: the agent carries it out and answers the customer."""
    _decide(handoff_id, reviewer, note, True)


@app.command("deny")
def deny(
    handoff_id: int = typer.Argument(...),
    note: str = typer.Option(None, "--note", help="Why (kept in the audit log)."),
    reviewer: str = typer.Option(None, "--as", help=REVIEWER_HELP),
) -> None:
    """Deny the pending action: the agent tells the customer it cannot be done."""
    _decide(handoff_id, reviewer, note, False)


@app.command("resolve")
def resolve(
    handoff_id: int = typer.Argument(...),
    note: str = typer.Option(None, "--note", help="How it was handled (audit log)."),
    reviewer: str = typer.Option(None, "--as", help=REVIEWER_HELP),
) -> None:
    """Close the handoff without sending anything from here."""
    from supportbot.interfaces.handoffs import resolve as do_resolve

    row = do_resolve(_engine(), handoff_id, _reviewer(reviewer), note)
    typer.echo(f"handoff {row.id} resolved")


@app.command("return-to-bot")
def return_to_bot(
    handoff_id: int = typer.Argument(...),
    note: str = typer.Option(None, "--note", help="Why (audit log)."),
    reviewer: str = typer.Option(None, "--as", help=REVIEWER_HELP),
) -> None:
    """Send the ticket back to the worker queue."""
    from supportbot.interfaces.handoffs import return_to_bot as do_return

    row = do_return(_engine(), handoff_id, _reviewer(reviewer), note)
    typer.echo(f"ticket {row.ticket_id} is queued for the bot again")


@app.command("stats")
def stats() -> None:
    """Counts by reason and by age, and the oldest ticket waiting."""
    from rich.console import Console
    from rich.table import Table

    from supportbot.db.models import utcnow
    from supportbot.interfaces.handoff_view import age_text
    from supportbot.interfaces.handoffs import queue_stats

    result = queue_stats(_engine())
    console = Console()
    console.print(f"waiting {result.waiting}, claimed {result.claimed}, past SLA {result.overdue}")
    for title, counts in (("by reason", dict(result.by_reason.most_common())), ("by age", result.by_age)):
        table = Table(title=title)
        table.add_column(title.split()[1])
        table.add_column("handoffs", justify="right")
        for key, value in counts.items():
            table.add_row(key, str(value))
        console.print(table)
    if result.oldest:
        oldest = result.oldest
        console.print(
            f"oldest waiting: handoff {oldest.id} (ticket {oldest.ticket_id}, {oldest.reason}), "
            f"waiting {age_text(oldest.age(utcnow()))}"
        )
    else:
        console.print("nothing waiting")


@app.command("review")
def review(reviewer: str = typer.Option(None, "--as", help=REVIEWER_HELP)) -> None:
    """Keyboard-driven review of the queue (Textual TUI)."""
    from supportbot.interfaces.review_app import ReviewApp

    ReviewApp(_engine(), _reviewer(reviewer)).run()
