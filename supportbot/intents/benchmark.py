"""Running the intent pipeline, unchanged, on a public benchmark and printing a comparison table."""

from __future__ import annotations

import argparse
import time

from pydantic import BaseModel, ConfigDict

from supportbot.intents.evaluation import EvalReport, evaluate
from supportbot.intents.examples import LabeledExample
from supportbot.intents.training import TrainConfig, train_intent_model
from supportbot.intents.tuned import EncoderTuning


class BenchmarkResult(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str
    features: str
    train_examples: int
    test_examples: int
    train_seconds: float
    report: EvalReport


def add_encoder_options(parser: argparse.ArgumentParser) -> None:
    """The benchmark scripts' options for the fine-tuned encoder (``--features tfidf+tuned``)."""
    defaults = EncoderTuning()
    parser.add_argument(
        "--encoder-epochs", type=float, default=defaults.epochs, help="tfidf+tuned: fine-tuning epochs"
    )
    parser.add_argument(
        "--encoder-members",
        type=int,
        default=defaults.members,
        help="tfidf+tuned: encoders fine-tuned with successive seeds (an ensemble)",
    )


def encoder_tuning(args: argparse.Namespace) -> EncoderTuning:
    """The encoder settings given by :func:`add_encoder_options`' options."""
    return EncoderTuning(epochs=args.encoder_epochs, members=args.encoder_members)


def run_benchmark(
    name: str,
    train: list[LabeledExample],
    test: list[LabeledExample],
    config: TrainConfig,
    val: list[LabeledExample] | None = None,
    latency_samples: int = 500,
) -> BenchmarkResult:
    started = time.perf_counter()
    model, _ = train_intent_model(train, config, val=val, data_info={"benchmark": name})
    seconds = time.perf_counter() - started
    report, _, _ = evaluate(
        model,
        test,
        model.card.oos_threshold,
        model.card.low_confidence_threshold,
        latency_samples=latency_samples,
    )
    return BenchmarkResult(
        name=name,
        features=config.features,
        train_examples=len(train),
        test_examples=len(test),
        train_seconds=round(seconds, 1),
        report=report,
    )


def print_comparison(result: BenchmarkResult, published: list[tuple[str, str]]) -> None:
    """Our numbers, then the published reference numbers, as one table."""
    from rich.console import Console
    from rich.table import Table

    r = result.report
    table = Table(title=f"{result.name}: supportbot intent pipeline ({result.features}) vs published")
    table.add_column("system / metric")
    table.add_column("value", justify="right")
    rows = [
        ("test accuracy (all test examples)", f"{100 * r.accuracy:.2f}%"),
        ("macro-F1", f"{r.macro_f1:.4f}"),
    ]
    if r.in_scope_accuracy is not None:
        rows.append(("in-scope accuracy", f"{100 * r.in_scope_accuracy:.2f}%"))
    if r.oos_recall is not None:
        rows.append((f"out-of-scope recall (threshold {r.oos_threshold:.2f})", f"{100 * r.oos_recall:.2f}%"))
    rows += [
        ("ECE", f"{r.ece:.4f}"),
        ("training time (incl. calibration)", f"{result.train_seconds:.1f} s"),
        ("latency per ticket P50 / P95 (wall)", f"{r.latency_ms_p50:.2f} / {r.latency_ms_p95:.2f} ms"),
        ("CPU time per ticket P50 / P95", f"{r.cpu_ms_p50:.2f} / {r.cpu_ms_p95:.2f} ms"),
        ("train / test examples", f"{result.train_examples} / {result.test_examples}"),
    ]
    for name, value in rows:
        table.add_row(f"supportbot: {name}", value)
    for name, value in published:
        table.add_row(f"published: {name}", value)
    Console().print(table)
