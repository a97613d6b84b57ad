"""``supportbot intents``: train, evaluate and try the intent router."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

app = typer.Typer(help="Intent router: train, evaluate, predict.", no_args_is_help=True)

ModelOpt = Annotated[
    Path | None,
    typer.Option(
        "--model", help="Intent model file. Default: settings intents.model_path or the shipped model."
    ),
]


def _user_model_file() -> Path:
    from supportbot.settings import get_settings

    return get_settings().data_dir / "models" / "intents" / "intent_model.pkl.gz"


@app.command()
def train(
    out: Annotated[
        Path | None, typer.Option(help="Where to write the model. Default: <data_dir>/models/intents/.")
    ] = None,
    features: Annotated[
        str,
        typer.Option(
            help="'tfidf+static' (shipped: TF-IDF + static MiniLM token embeddings), 'tfidf', 'tfidf+minilm' "
            "or 'tfidf+tuned' (MiniLM fine-tuned on the labels: most accurate, minutes to train, 15-25 ms/ticket)."
        ),
    ] = "tfidf+static",
    seed: Annotated[int, typer.Option(help="Seed of the synthetic data and the validation split.")] = 13,
    extra_data: Annotated[
        Path | None,
        typer.Option("--extra-data", help="Your own labelled tickets: CSV with text,label columns."),
    ] = None,
    target_oos_precision: Annotated[float, typer.Option(help="Validation precision of out_of_scope.")] = 0.7,
    max_in_scope_loss: Annotated[
        float, typer.Option(help="Share of in-scope validation tickets out_of_scope may take.")
    ] = 0.03,
    target_error_catch: Annotated[
        float, typer.Option(help="Share of validation errors the low-confidence threshold must catch.")
    ] = 0.92,
    dump_data: Annotated[
        Path | None, typer.Option(help="Also write the train/test corpus as JSONL to this folder.")
    ] = None,
) -> None:
    """Build the corpus (Bitext + synthetic), train, calibrate, choose thresholds, save."""
    from supportbot.errors import InputError
    from supportbot.intents.dataset import build_corpus, read_labeled_csv
    from supportbot.intents.features import FEATURE_KINDS
    from supportbot.intents.training import TrainConfig, train_intent_model

    if features not in FEATURE_KINDS:
        raise InputError(f"unknown --features '{features}' (use one of {', '.join(FEATURE_KINDS)})")
    config = TrainConfig(
        features=features,
        seed=seed,
        target_oos_precision=target_oos_precision,
        max_in_scope_loss=max_in_scope_loss,
        target_error_catch=target_error_catch,
    )
    corpus = build_corpus(seed)
    train_set = corpus.train + (read_labeled_csv(extra_data) if extra_data else [])
    if dump_data:
        dump_data.mkdir(parents=True, exist_ok=True)
        for name, rows in (("train", train_set), ("test", corpus.test)):
            (dump_data / f"intents_{name}.jsonl").write_text(
                "".join(row.model_dump_json() + "\n" for row in rows), encoding="utf-8"
            )
    info = {
        "corpus": "bitext+synthetic",
        "fingerprint": corpus.fingerprint(),
        "test_examples": len(corpus.test),
    }
    if extra_data:
        info["extra_data"] = str(extra_data)
    model, summary = train_intent_model(train_set, config, data_info=info)
    path = model.save(out or _user_model_file())
    typer.echo(f"trained on {len(train_set)} examples in {model.card.train_seconds:.1f}s -> {path}")
    typer.echo(
        f"validation (held-out phrasings): accuracy {summary.accuracy:.3f}, macro-F1 {summary.macro_f1:.3f}, "
        f"ECE {summary.ece:.3f}"
    )
    typer.echo(
        f"chosen thresholds: oos_threshold={summary.oos_threshold:.2f} "
        f"low_confidence_threshold={summary.low_confidence_threshold:.2f} "
        f"(set SUPPORTBOT_INTENTS__OOS_THRESHOLD / SUPPORTBOT_INTENTS__LOW_CONFIDENCE_THRESHOLD to use them)"
    )
    if out is None:
        typer.echo(f"use it with SUPPORTBOT_INTENTS__MODEL_PATH={path}")


@app.command("distill-embeddings")
def distill_embeddings(
    out: Annotated[
        Path | None,
        typer.Option(
            help="Output folder. Default: the shipped one, supportbot/models/intents/static_minilm."
        ),
    ] = None,
    dims: Annotated[int, typer.Option(help="PCA dimensions kept (384 = all, centred).")] = 256,
    threads: Annotated[int, typer.Option(help="torch CPU threads.")] = 1,
) -> None:
    """Distil static token embeddings from the offline all-MiniLM-L6-v2 (needs torch; ~1 min)."""
    from supportbot.intents.static import DEFAULT_STATIC_DIR, distill

    table = distill(dims=dims, threads=threads)
    folder = table.save(out or DEFAULT_STATIC_DIR)
    typer.echo(
        f"{table.meta['vocab']} tokens x {table.meta['dims']} dims (encoding took "
        f"{table.meta['encode_seconds']} s) -> {folder}"
    )


@app.command("eval")
def evaluate_cmd(
    model: ModelOpt = None,
    out: Annotated[Path, typer.Option(help="Folder for the JSON report and PNG plots.")] = Path(
        "reports/intents"
    ),
    data: Annotated[
        Path | None,
        typer.Option(
            help="CSV (text,label) or JSON lines (text or subject+body; label or gold.intent). "
            "Default: the held-out test split."
        ),
    ] = None,
    model_thresholds: Annotated[
        bool, typer.Option(help="Use the thresholds stored in the model instead of the settings.")
    ] = False,
) -> None:
    """Accuracy, macro-F1, per-intent P/R, ECE, top confusions; confusion matrix and reliability PNGs."""
    from supportbot.intents.dataset import build_corpus, read_labeled_csv, read_labeled_jsonl
    from supportbot.intents.evaluation import evaluate, write_report
    from supportbot.intents.model import IntentModel
    from supportbot.intents.report import print_report
    from supportbot.intents.router import model_path
    from supportbot.settings import get_settings

    settings = get_settings()
    intent_model = IntentModel.load(model or model_path(settings))
    if data is None:
        examples = build_corpus(intent_model.card.seed).test
    elif data.suffix == ".jsonl":
        examples = read_labeled_jsonl(data)
    else:
        examples = read_labeled_csv(data)
    if model_thresholds:
        oos, low = intent_model.card.oos_threshold, intent_model.card.low_confidence_threshold
    else:
        oos, low = settings.intents.oos_threshold, settings.intents.low_confidence_threshold
    report, labels, matrix = evaluate(intent_model, examples, oos, max(low, oos))
    paths = write_report(report, labels, matrix, out)
    print_report(report)
    for path in paths:
        typer.echo(f"wrote {path}")


@app.command()
def predict(
    text: Annotated[str, typer.Argument(help="Ticket text (subject and body).")],
    model: ModelOpt = None,
) -> None:
    """Top 3 intents with probabilities, the language and the routing flags."""
    from rich.console import Console
    from rich.table import Table

    from supportbot.intents.router import load_intent_classifier
    from supportbot.settings import get_settings, load_settings

    settings = get_settings()
    if model is not None:
        settings = load_settings(intents={**settings.intents.model_dump(), "model_path": model})
    prediction = load_intent_classifier(settings).predict(text)
    table = Table(title=f"intent: {prediction.intent} (confidence {prediction.confidence:.3f})")
    table.add_column("rank", justify="right")
    table.add_column("intent")
    table.add_column("probability", justify="right")
    for rank, (name, probability) in enumerate(prediction.top, start=1):
        table.add_row(str(rank), name, f"{probability:.3f}")
    console = Console()
    console.print(table)
    console.print(
        f"language={prediction.language} low_confidence={prediction.low_confidence} "
        f"out_of_scope={prediction.out_of_scope}"
    )
