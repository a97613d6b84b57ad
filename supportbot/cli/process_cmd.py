"""``supportbot process INPUT.jsonl --out OUTPUT.jsonl``: batch processing (the evaluation contract)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import typer


def register(app: typer.Typer) -> None:
    app.command("process")(process)


def _read_lines(path: Path) -> Iterator[Any]:
    """Each non-empty line parsed; a malformed line becomes an :class:`InvalidLine` holding the
    parse error, which the batch turns into an error output line."""
    from supportbot.interfaces.batch import InvalidLine

    with path.open(encoding="utf-8", errors="replace") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                yield json.loads(line)
            except json.JSONDecodeError as exc:
                yield InvalidLine(f"line {number}: invalid JSON ({exc.msg} at column {exc.colno})")


def process(
    input_file: Path = typer.Argument(
        ..., help='JSONL: {"id", "customer_email", "subject", "body"} per line.'
    ),
    out: Path = typer.Option(..., "--out", "-o", help="Where to write one JSON result per input line."),
    persist: bool = typer.Option(
        False,
        "--persist/--no-persist",
        help="Also record tickets, replies and handoffs in the database (like the worker).",
    ),
    progress: bool = typer.Option(True, "--progress/--no-progress", help="Show a progress bar."),
) -> None:
    """Run every ticket of INPUT through the agent and write the results to OUT, in input order.

    Bad lines give {"id", "error"} and processing goes on; the exit code is 1 if any line failed.
    """
    from supportbot.errors import InputError
    from supportbot.interfaces.batch import process_items
    from supportbot.interfaces.summary import RunSummary
    from supportbot.settings import get_settings

    if not input_file.is_file():
        raise InputError(f"no such file: {input_file}")
    settings = get_settings()
    total = sum(1 for line in input_file.open(encoding="utf-8", errors="replace") if line.strip())
    summary = RunSummary()
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("w", encoding="utf-8") as handle:
        for line, outcome in process_items(
            _read_lines(input_file), settings, persist=persist, progress=progress, total=total
        ):
            handle.write(json.dumps(line, ensure_ascii=False) + "\n")
            handle.flush()
            if outcome is None:
                summary.errors += 1
            else:
                summary.add(outcome)
    for text in summary.lines():
        typer.echo(text)
    typer.echo(f"wrote {summary.total} line(s) to {out}")
    if summary.errors:
        raise typer.Exit(1)
