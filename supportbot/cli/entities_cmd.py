"""``supportbot entities``: extract, train and evaluate the entity pipeline."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import typer

app = typer.Typer(
    help="Entity extraction: order ids, products, variants, ids, emails, amounts, dates.",
    no_args_is_help=True,
)


def _parse_day(value: str | None) -> dt.date | None:
    from supportbot.errors import InputError

    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise InputError(f"--today: not an ISO date: {value!r}", hint="use YYYY-MM-DD") from None


@app.command()
def extract(
    text: str = typer.Argument(..., help="Ticket text ('-' reads standard input)."),
    customer: str | None = typer.Option(
        None, "--customer", help="Customer id: flag order ids ok/unknown/foreign against the database."
    ),
    validate: bool = typer.Option(False, "--validate", help="Check order ids against the database."),
    today: str | None = typer.Option(None, "--today", help="Resolve relative dates against this ISO date."),
    as_json: bool = typer.Option(False, "--json", help="Print the Extraction as JSON."),
) -> None:
    """Print the entities found in TEXT."""
    import sys

    from rich.console import Console
    from rich.table import Table

    from supportbot.entities.extractor import load_extractor
    from supportbot.settings import get_settings

    if text == "-":
        text = sys.stdin.read()
    settings = get_settings()
    extraction = load_extractor(settings).extract(text, today=_parse_day(today))
    if validate or customer:
        from supportbot.db.engine import get_engine, require_schema, session_scope
        from supportbot.entities.validate import validate_order_ids

        engine = get_engine(settings)
        require_schema(engine)
        with session_scope(engine) as session:
            extraction = validate_order_ids(extraction, customer, session)
    if as_json:
        typer.echo(extraction.model_dump_json(indent=2))
        return
    table = Table(
        title=f"{len(extraction.entities)} entities" + (" (text truncated)" if extraction.truncated else "")
    )
    for column in ("type", "value", "text", "span", "source", "flag"):
        table.add_column(column)
    for e in extraction.entities:
        table.add_row(e.type, e.value, repr(e.text), f"{e.start}-{e.end}", e.source, e.flag or "")
    Console().print(table)


@app.command()
def train(
    out: Path | None = typer.Option(
        None, "--out", help="Where to write the pipeline. Default: the shipped model dir."
    ),
    seed: int = typer.Option(13, "--seed", help="Seed of the data split, synthetic tickets and training."),
    epochs: int = typer.Option(10, "--epochs", min=1, max=200),
    n_synthetic: int = typer.Option(3000, "--synthetic", min=0, help="Synthetic training tickets."),
    data_out: Path | None = typer.Option(None, "--data-out", help="Also write train/heldout JSONL here."),
) -> None:
    """Train the NER on Bitext spans + seeded synthetic tickets; report held-out scores."""
    from supportbot.entities.dataset import build_datasets
    from supportbot.entities.examples import write_jsonl
    from supportbot.entities.extractor import DEFAULT_MODEL_DIR, clear_cache
    from supportbot.entities.train import plot_losses, train_ner

    target = out or DEFAULT_MODEL_DIR
    data = build_datasets(seed, n_train_synthetic=n_synthetic)
    if data_out:
        write_jsonl(data_out / "train.jsonl", data.train)
        write_jsonl(data_out / "heldout.jsonl", data.heldout)
    typer.echo(f"training on {len(data.train)} examples ({len(data.heldout)} held out), seed {seed}")
    report = train_ner(data.train, target, seed=seed, epochs=epochs)
    plot = plot_losses(report, target / "training_loss.png")
    clear_cache()
    typer.echo(
        f"saved {target} ({report.model_bytes / 1e6:.1f} MB) in {report.seconds:.0f}s; "
        f"labels {report.label_counts}; skipped spans {report.skipped_spans}; loss plot {plot}"
    )
    _print_eval(target, seed, None)


def _print_eval(model: Path | None, seed: int, out: Path | None, use_ner: bool = True) -> None:
    from rich.console import Console
    from rich.table import Table

    from supportbot.entities.catalog import load_json_catalog
    from supportbot.entities.dataset import CHALLENGE_TODAY, build_datasets, load_challenge
    from supportbot.entities.evaluate import evaluate
    from supportbot.entities.extractor import EntityExtractor, load_pipeline, model_dir
    from supportbot.entities.synthetic import SYNTHETIC_TODAY
    from supportbot.settings import get_settings

    entity_settings = get_settings().entities
    if model is not None:
        entity_settings = entity_settings.model_copy(update={"model_path": model})
    nlp = load_pipeline(model_dir(entity_settings))
    extractor = EntityExtractor(nlp, load_json_catalog(), entity_settings, use_ner=use_ner)
    data = build_datasets(seed)
    reports = {
        "heldout": evaluate(extractor, data.heldout, today=SYNTHETIC_TODAY),
        "challenge": evaluate(extractor, load_challenge(), today=CHALLENGE_TODAY),
    }
    titles = {
        "heldout": "Held-out set (Bitext + synthetic tickets training never saw)",
        "challenge": "Hand-written challenge tickets (not template-generated)",
    }
    for name, report in reports.items():
        table = Table(title=f"{titles[name]}: {report.examples} tickets, exact span + value")
        for column in ("type", "support", "precision", "recall", "F1", "span F1"):
            table.add_column(column, justify="right")
        for s in report.scores:
            table.add_row(
                s.type,
                str(s.support),
                f"{s.precision:.4f}",
                f"{s.recall:.4f}",
                f"{s.f1:.4f}",
                f"{s.span_f1:.4f}",
            )
        table.add_row("micro", "", "", "", f"{report.micro_f1:.4f}", "")
        Console().print(table)
    report = reports["heldout"]
    if out:
        out.mkdir(parents=True, exist_ok=True)
        (out / "entities_eval.json").write_text(report.model_dump_json(indent=2) + "\n", encoding="utf-8")
        (out / "entities_challenge.json").write_text(
            reports["challenge"].model_dump_json(indent=2) + "\n", encoding="utf-8"
        )
        _plot(report, out / "entities_eval.png")
        typer.echo(f"wrote {out / 'entities_eval.json'} and {out / 'entities_eval.png'}")


def _plot(report: object, path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    scores = report.scores  # type: ignore[attr-defined]
    fig, ax = plt.subplots(figsize=(7, 3.2))
    xs = range(len(scores))
    width = 0.27
    for offset, attr in ((-width, "precision"), (0.0, "recall"), (width, "f1")):
        ax.bar([x + offset for x in xs], [getattr(s, attr) for s in scores], width, label=attr)
    ax.set_xticks(list(xs), [s.type for s in scores], rotation=30, ha="right")
    ax.set_ylim(0.5, 1.01)
    ax.legend(loc="lower left")
    ax.set_title("Entity extraction on the held-out set")
    fig.tight_layout()
    fig.savefig(path, dpi=100)
    plt.close(fig)


@app.command("eval")
def eval_(
    model: Path | None = typer.Option(
        None, "--model", help="Pipeline to evaluate. Default: entities.model_path or the shipped one."
    ),
    seed: int = typer.Option(
        13, "--seed", help="Must be the seed the model was trained with (held-out split)."
    ),
    out: Path | None = typer.Option(None, "--out", help="Write entities_eval.json and a PNG chart here."),
    no_ner: bool = typer.Option(False, "--no-ner", help="Rules and catalogue only (ablation)."),
) -> None:
    """Per-type precision, recall and F1 on the held-out set training never saw."""
    if model is not None and not model.exists():
        from supportbot.errors import InputError

        raise InputError(f"--model: no such directory {model}")
    meta = (model or Path()) / "training.json"
    if model is not None and meta.is_file():
        trained_seed = json.loads(meta.read_text(encoding="utf-8")).get("seed")
        if trained_seed is not None and trained_seed != seed:
            typer.secho(
                f"warning: model trained with seed {trained_seed}, evaluating split of seed {seed}",
                fg="yellow",
                err=True,
            )
    _print_eval(model, seed, out, use_ner=not no_ner)
