"""``supportbot agent``: draw the graph, run one ticket through it with a debug view."""

from __future__ import annotations

import json
from pathlib import Path

import typer

app = typer.Typer(help="The LangGraph agent.", no_args_is_help=True)


@app.command("graph")
def graph(
    out: Path = typer.Option(
        Path("docs"), "--out", help="Directory for agent_graph.mmd and agent_graph.png."
    ),
) -> None:
    """Write the graph as Mermaid text and as a PNG."""
    from supportbot.agent.components import Components
    from supportbot.agent.drawing import draw_png
    from supportbot.agent.graph import build_graph
    from supportbot.db.engine import get_engine
    from supportbot.settings import get_settings

    settings = get_settings()
    compiled = build_graph(Components(settings=settings, engine=get_engine(settings))).compile()
    out.mkdir(parents=True, exist_ok=True)
    (out / "agent_graph.mmd").write_text(compiled.get_graph().draw_mermaid(), encoding="utf-8")
    draw_png(compiled, out / "agent_graph.png", side=frozenset({"escalate", "await_approval"}))
    typer.echo(f"wrote {out / 'agent_graph.mmd'} and {out / 'agent_graph.png'}")


@app.command("run")
def run(
    text: str = typer.Argument(..., help="The ticket body."),
    sender: str | None = typer.Option(None, "--as", help="Sender email (the customer's identity)."),
    subject: str | None = typer.Option(None, "--subject"),
    ticket_id: str | None = typer.Option(None, "--id", help="Ticket id (default: a new one)."),
) -> None:
    """Run one ticket through the graph and print the full outcome as JSON (no ticket is stored)."""
    import uuid

    from supportbot.agent.contract import TicketInput
    from supportbot.agent.runner import get_runner

    ticket = TicketInput(
        id=ticket_id or f"cli-{uuid.uuid4().hex[:10]}", customer_email=sender, subject=subject, body=text
    )
    outcome = get_runner().run(ticket)
    typer.echo(json.dumps(outcome.model_dump(mode="json"), indent=2, ensure_ascii=False))
