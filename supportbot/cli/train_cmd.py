"""``supportbot train``: build the reply dataset and fine-tune the reply model with LoRA."""

from __future__ import annotations

from pathlib import Path

import typer

from supportbot.errors import InputError

app = typer.Typer(help="Build the reply-model dataset and train LoRA adapters.", no_args_is_help=True)


@app.command("build-data")
def build_data(
    out: Path = typer.Option(..., "--out", "-o", help="Directory for train/eval/test.jsonl."),
    seed: int = typer.Option(13, help="Random seed (same seed, same dataset)."),
    synthetic_per_intent: int = typer.Option(40, help="Synthetic training examples per intent."),
) -> None:
    """Build the SFT dataset (Bitext grounded in demo values + synthetic tool-grounded replies)."""
    from supportbot.training.dataset import build_dataset, dumps, summary

    data = build_dataset(seed=seed, synthetic_per_intent=synthetic_per_intent)
    data.save(out)
    typer.echo(dumps({"splits": summary(data), "sha256": data.sha256(), "out": str(out)}))


@app.command("export-tickets")
def export_tickets(
    out: Path = typer.Option(..., "--out", "-o", help="JSONL file of prompt/completion records."),
    since: str | None = typer.Option(None, help="Only tickets finished on/after this date (UTC)."),
    status: list[str] = typer.Option(
        ["resolved"], "--status", help="Ticket statuses to export: resolved, asked (repeatable)."
    ),
) -> None:
    """Export answered tickets as masked SFT examples (reviewer replies win over bot drafts)."""
    from supportbot.db.engine import get_engine, require_schema
    from supportbot.training.ticket_export import check_statuses, export_examples, parse_since, write_jsonl

    statuses = check_statuses(status)
    cutoff = parse_since(since) if since else None
    engine = get_engine()
    require_schema(engine)
    counts = write_jsonl(export_examples(engine, since=cutoff, statuses=statuses), out)
    typer.echo(
        f"{sum(counts.values())} examples ({counts['reviewer']} reviewer, {counts['bot']} bot) -> {out}"
    )


@app.command("sft")
def sft(
    out: Path = typer.Option(
        ..., "--out", "-o", help="Where the adapter, tokenizer, model card and loss curve go."
    ),
    config: Path | None = typer.Option(None, "--config", "-c", help="YAML file with SFTRunConfig fields."),
    data: Path | None = typer.Option(
        None, "--data", help="A dataset directory from 'train build-data' (default: build it)."
    ),
    extra_data: Path | None = typer.Option(
        None,
        "--extra-data",
        help="Extra prompt/completion records (JSONL) added to the training split, e.g. from "
        "'train export-tickets'.",
    ),
    base_model: str | None = typer.Option(None, help="Override config.base_model."),
    max_steps: int | None = typer.Option(None, help="Override config.max_steps (a step budget)."),
    epochs: float | None = typer.Option(None, help="Override config.epochs."),
    seed: int | None = typer.Option(None, help="Override config.seed."),
    order_seed: int | None = typer.Option(
        None, help="Override config.order_seed (training order; the dataset split stays config.seed's)."
    ),
    threads: int | None = typer.Option(None, help="torch threads."),
    init_adapter: Path | None = typer.Option(
        None,
        "--init-adapter",
        help="Continue training this adapter directory instead of a fresh LoRA (override "
        "config.init_adapter); give a new --order-seed so the data order differs from its first run.",
    ),
) -> None:
    """Fine-tune the reply model with LoRA (trl SFTTrainer); loss on the assistant reply only."""
    from supportbot.training.config import SFTRunConfig
    from supportbot.training.dataset import ReplyDataset
    from supportbot.training.extra_data import load_records
    from supportbot.training.sft import train_sft

    cfg = SFTRunConfig.from_yaml(config) if config else SFTRunConfig()
    for name, value in (
        ("base_model", base_model),
        ("max_steps", max_steps),
        ("epochs", epochs),
        ("seed", seed),
        ("order_seed", order_seed),
        ("threads", threads),
        ("init_adapter", str(init_adapter) if init_adapter else None),
    ):
        if value is not None:
            setattr(cfg, name, value)
    if out.exists() and any(out.glob("adapter_model.safetensors")):
        typer.echo(f"note: overwriting the adapter in {out}", err=True)
    if data is not None and not data.is_dir():
        raise InputError(f"--data {data} is not a directory")
    dataset = ReplyDataset.load(data) if data else None
    extra = load_records(extra_data) if extra_data else None
    parts = ["supportbot train sft", f"--out {out}"]
    if config:
        parts.append(f"--config {config}")
    if extra_data:
        parts.append(f"--extra-data {extra_data}")
    if cfg.init_adapter:
        parts.append(f"--init-adapter {cfg.init_adapter}")
    for name, value in (("max-steps", cfg.max_steps), ("seed", cfg.seed), ("order-seed", cfg.order_seed)):
        if value is not None:
            parts.append(f"--{name} {value}")
    result = train_sft(cfg, out, dataset=dataset, extra_records=extra, command=" ".join(parts))
    typer.echo(
        f"adapter: {result.output_dir}  steps: {result.steps}  time: {result.train_time_s:.0f} s  "
        f"tokens/s: {result.tokens_per_s:.0f}  final loss: {result.final_train_loss}  "
        f"eval loss: {' -> '.join(f'{x:.3f}' for x in result.eval_losses) or '-'}"
    )
