"""``supportbot chat --as EMAIL``: talk to the bot in the terminal as a customer."""

from __future__ import annotations

import json
import logging
from typing import Any

import typer

log = logging.getLogger("supportbot.chat")

HELP = "Type your message. /reset starts a new conversation, /quit (or Ctrl-D) leaves."


def register(app: typer.Typer) -> None:
    app.command("chat")(chat)


def _debug_panel(outcome: Any) -> Any:
    from rich.table import Table

    table = Table(show_header=False, box=None, padding=(0, 1), title="debug", title_justify="left")
    table.add_column(style="dim")
    table.add_column()
    table.add_row("intent", f"{outcome.intent} ({outcome.confidence:.2f})  language {outcome.language}")
    entities = ", ".join(f"{e.type}={e.value}" + (f" [{e.flag}]" if e.flag else "") for e in outcome.entities)
    table.add_row("entities", entities or "-")
    for call in outcome.tool_calls or []:
        args = ", ".join(f"{k}={v}" for k, v in call.args.items())
        detail = call.result.get("message") or json.dumps(call.result, default=str, ensure_ascii=False)[:160]
        table.add_row("tool", f"{call.name}({args}) -> {call.status}: {detail}")
    if not outcome.tool_calls:
        table.add_row("tools", "-")
    route = " -> ".join(outcome.stage_ms) if outcome.stage_ms else "-"
    end = outcome.outcome + (f" ({outcome.escalation_reason})" if outcome.escalation_reason else "")
    table.add_row("route", f"{route} => {end}")
    checks = ", ".join(f"{k} {v}" for k, v in sorted(outcome.verification.items()) if v)
    table.add_row("checks", checks or "passed")  # drafts that failed the fact check, fallbacks
    table.add_row("latency", f"{outcome.latency_ms:,.0f} ms")
    if outcome.pending_action:
        table.add_row("pending", f"{outcome.pending_action.tool} {outcome.pending_action.args}")
    return table


class _Preview:
    """The transient live region of a turn: a spinner, then the draft as it is generated (dim),
    until the fact check is done. It is erased and replaced by the verified reply."""

    def __init__(self) -> None:
        self.pieces: list[str] = []

    def add(self, piece: str) -> None:
        self.pieces.append(piece)

    def __rich__(self) -> Any:
        from rich.console import Group
        from rich.spinner import Spinner
        from rich.text import Text

        if not self.pieces:
            return Spinner("dots", text=Text("writing a reply...", style="dim"))
        draft = Text.assemble(("bot> ", "bold green"), ("".join(self.pieces), "dim italic"))
        return Group(
            draft, Spinner("dots", text=Text("draft: checking it against your records...", style="dim"))
        )


def chat(
    as_: str = typer.Option(..., "--as", help="The customer's e-mail address."),
    debug: bool = typer.Option(False, "--debug", help="Show intent, entities, tool calls and route."),
    stream: bool = typer.Option(
        True,
        "--stream/--no-stream",
        help="Preview the draft as it is generated (erased and replaced by the checked reply), "
        "or show only a spinner until the checked reply is ready.",
    ),
) -> None:
    """Multi-turn chat with the bot as the customer EMAIL (streams the reply as it is written)."""
    import sys

    from rich.console import Console
    from rich.live import Live
    from rich.text import Text

    from supportbot.agent.contract import TicketOutcome
    from supportbot.db.engine import get_engine, require_schema
    from supportbot.errors import InputError, SupportbotError
    from supportbot.interfaces.chat import ChatSession, check_email, clean_message
    from supportbot.interfaces.runner_port import agent_runner
    from supportbot.settings import get_settings

    console = Console(highlight=False)
    try:
        email = check_email(as_)
    except InputError as exc:
        typer.secho(f"error: {exc.user_message()}", fg=typer.colors.RED, err=True)
        raise typer.Exit(2) from None
    reconfigure = getattr(sys.stdin, "reconfigure", None)
    if reconfigure is not None:  # undecodable input bytes become U+FFFD instead of an exception
        reconfigure(errors="replace")
    settings = get_settings()
    engine = get_engine(settings)
    require_schema(engine)
    session = ChatSession(agent_runner(settings), engine, email, settings)
    name = session.customer_name()
    who = f"{name} <{session.email}>" if name else f"{session.email} (not a known customer)"
    console.print(Text(f"chatting as {who}. {HELP}", style="dim"))
    while True:
        try:
            text = clean_message(console.input("[bold cyan]you>[/] "))
        except (EOFError, KeyboardInterrupt):
            console.print()
            break
        if not text:
            continue
        if text in ("/quit", "/exit"):
            break
        if text == "/reset":
            session.reset()
            console.print(Text("new conversation started", style="dim"))
            continue
        if text.startswith("/"):
            console.print(Text(f"unknown command {text[:40]}. {HELP}", style="yellow"))
            continue
        outcome: TicketOutcome | None = None
        reply = ""
        preview = _Preview()
        try:
            with Live(preview, console=console, transient=True, refresh_per_second=12):
                for piece in session.send(text, on_draft=preview.add if stream else None):
                    if isinstance(piece, TicketOutcome):
                        outcome = piece
                    else:
                        reply = piece
        except InputError as exc:  # too long: say so, the conversation goes on
            console.print(Text(exc.user_message(), style="yellow"))
            continue
        except KeyboardInterrupt:
            console.print(Text(_unfinished(session, "interrupted"), style="yellow"))
            break
        except SupportbotError as exc:
            console.print(Text(f"error: {exc.user_message()}", style="red"))
            console.print(Text(_unfinished(session, "the reply could not be finished"), style="yellow"))
            continue
        except Exception:
            log.exception("chat turn failed", extra={"ticket_id": session.thread_id})
            console.print(Text(_unfinished(session, "sorry, something went wrong"), style="yellow"))
            continue
        console.print(Text("bot> ", style="bold green"), end="")
        console.print(Text(reply))
        if outcome is not None and outcome.escalated:
            console.print(
                Text(
                    "[this conversation is now in the support team's queue; a person will follow up]",
                    style="yellow",
                )
            )
        if debug and outcome is not None:
            console.print(_debug_panel(outcome))
    console.print(Text(f"bye (conversation {session.thread_id})", style="dim"))


def _unfinished(session: Any, what: str) -> str:
    if session.handed_over:
        return f"[{what}: your message was passed to our support team; a person will follow up]"
    return f"[{what}: your last message could not be saved; please send it again later]"
