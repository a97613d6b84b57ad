"""``supportbot eval``: evaluation commands. Each lives in its own module with ``register(app)``."""

from __future__ import annotations

import importlib

import typer

app = typer.Typer(help="Evaluate the reply model and the whole bot.", no_args_is_help=True)

for _module in ("supportbot.cli.eval_reply_cmd", "supportbot.cli.eval_e2e_cmd"):
    try:
        importlib.import_module(_module).register(app)
    except ModuleNotFoundError as exc:
        if exc.name != _module:
            raise
