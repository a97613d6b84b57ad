"""``supportbot eval e2e`` (run and report), ``eval build-e2e-set`` and ``eval e2e-readme``."""

from __future__ import annotations

import os
import shlex
import sys
from pathlib import Path

import typer

# Settings that change what is measured; recorded with the command so a report can be reproduced.
_RECORDED_ENV = ("SUPPORTBOT_LLM__", "SUPPORTBOT_INTENTS__", "SUPPORTBOT_ENTITIES__", "SUPPORTBOT_AGENT__")


def _command_line() -> str:
    env = [
        f"{k}={shlex.quote(v)}"
        for k, v in sorted(os.environ.items())
        if k.startswith(_RECORDED_ENV) and "KEY" not in k and "URL" not in k
    ]
    args = [shlex.quote(a) for a in sys.argv[1:]] if sys.argv[1:3] == ["eval", "e2e"] else ["eval", "e2e"]
    return " ".join([*env, "supportbot", *args])


def e2e(
    set_path: Path = typer.Option(
        None,
        "--set",
        help="Labelled JSONL set. Default: the bundled set (supportbot/data/eval/e2e_set.jsonl).",
    ),
    out: Path = typer.Option(Path("reports/e2e"), "--out", help="Directory for report.md, plots and JSON."),
    limit: int | None = typer.Option(None, "--limit", min=1, help="Only the first N tickets."),
    progress: bool = typer.Option(True, "--progress/--no-progress", help="Show a progress bar."),
) -> None:
    """Run the batch path on a labelled set against a FRESH demo database and write a report."""
    from supportbot.evaluation.e2e_run import run_e2e
    from supportbot.evaluation.eval_set import DEFAULT_SET
    from supportbot.evaluation.goals import GOALS, fmt, met, value
    from supportbot.evaluation.report import write_report

    command = _command_line()
    result = run_e2e(set_path or DEFAULT_SET, limit=limit, progress=progress)
    path = write_report(result, out, command)
    for g in GOALS:
        mark = "ok " if met(g, result.metrics) else "-- "
        typer.echo(f"{mark}{g.label:<40} {fmt(g, value(result.metrics, g.key)):>9}")
    typer.echo(
        f"DB-outcome match rate {result.metrics.db_match_rate * 100:.1f}%  errors {result.metrics.errors}"
    )
    typer.echo(f"report: {path}")


def build_set(
    out: Path = typer.Option(
        None, "--out", help="Where to write the JSONL. Default: the bundled set's path."
    ),
    seed: int = typer.Option(None, "--seed", help="Random seed (default: the committed set's seed)."),
) -> None:
    """Build the labelled end-to-end set over the demo shop (deterministic for a seed)."""
    from supportbot.evaluation.eval_set import DEFAULT_SET, write_eval_set
    from supportbot.evaluation.set_builder import DEFAULT_SEED, build_set

    tickets = build_set(DEFAULT_SEED if seed is None else seed)
    target = out or DEFAULT_SET
    n = write_eval_set(tickets, target)
    typer.echo(f"wrote {n} tickets to {target}")


def readme(
    report: Path = typer.Option(
        Path("reports/e2e"), "--report", help="Report directory (holds metrics.json)."
    ),
    readme_path: Path = typer.Option(Path("README.md"), "--readme", help="README with the results markers."),
) -> None:
    """Regenerate the README's results block from the last report."""
    from supportbot.evaluation.readme_results import update_readme

    update_readme(readme_path, report / "metrics.json")
    typer.echo(f"updated {readme_path} from {report / 'metrics.json'}")


def register(app: typer.Typer) -> None:
    app.command("e2e")(e2e)
    app.command("build-e2e-set")(build_set)
    app.command("e2e-readme")(readme)
