"""``supportbot config``: inspect the effective settings."""

from __future__ import annotations

import json

import typer

from supportbot.settings import config_file, load_settings, masked_dump

app = typer.Typer(help="Show the effective configuration.", no_args_is_help=True)


@app.command("show")
def show(as_json: bool = typer.Option(False, "--json", help="Print JSON instead of a table.")) -> None:
    """Print the effective settings (secrets masked) and where they came from."""
    data = masked_dump(load_settings())
    if as_json:
        typer.echo(json.dumps(data, indent=2))
        return
    from rich.console import Console
    from rich.table import Table

    table = Table(title=f"supportbot settings (config file: {config_file()})")
    table.add_column("setting")
    table.add_column("value")
    for key, value in data.items():
        if isinstance(value, dict):
            for sub, subval in value.items():
                table.add_row(f"{key}.{sub}", json.dumps(subval))
        else:
            table.add_row(key, json.dumps(value))
    Console().print(table)
    typer.echo("Environment: SUPPORTBOT_<SECTION>__<FIELD>, e.g. SUPPORTBOT_DB__URL")
