"""``supportbot chat --as EMAIL``: talk to the bot in the terminal as a customer."""

from __future__ import annotations

import json
from typing import Any

import typer

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
    table.add_row("latency", f"{outcome.latency_ms:,.0f} ms")
    if outcome.pending_action:
        table.add_row("pending", f"{outcome.pending_action.tool} {outcome.pending_action.args}")
    return table


def chat(
    as_: str = typer.Option(..., "--as", help="The customer's e-mail address."),
    debug: bool = typer.Option(False, "--debug", help="Show intent, entities, tool calls and route."),
) -> None:
    """Multi-turn chat with the bot as the customer EMAIL (streams the reply as it is written)."""
    from rich.console import Console
    from rich.text import Text

    from supportbot.agent.contract import TicketOutcome
    from supportbot.db.engine import get_engine, require_schema
    from supportbot.interfaces.chat import ChatSession, Correction
    from supportbot.interfaces.runner_port import agent_runner
    from supportbot.settings import get_settings

    console = Console(highlight=False)
    settings = get_settings()
    engine = get_engine(settings)
    require_schema(engine)
    session = ChatSession(agent_runner(settings), engine, as_, settings)
    name = session.customer_name()
    who = f"{name} <{session.email}>" if name else f"{session.email} (not a known customer)"
    console.print(Text(f"chatting as {who}. {HELP}", style="dim"))
    while True:
        try:
            text = console.input("[bold cyan]you>[/] ").strip()
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
            console.print(Text(f"unknown command {text}. {HELP}", style="yellow"))
            continue
        console.print(Text("bot> ", style="bold green"), end="")
        outcome: TicketOutcome | None = None
        try:
            for piece in session.send(text):
                if isinstance(piece, TicketOutcome):
                    outcome = piece
                elif isinstance(piece, Correction):
                    console.print()
                    console.print(
                        Text(
                            "[the draft above was replaced after checking it against your records]",
                            style="dim",
                        )
                    )
                    console.print(Text("bot> ", style="bold green"), end="")
                    console.print(Text(str(piece)), end="")
                else:
                    console.print(Text(piece), end="")
        except KeyboardInterrupt:
            console.print()
            break
        console.print()
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
