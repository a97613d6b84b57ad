"""``supportbot eval reply``: the reply model on held-out data, base versus fine-tuned, in one table."""

from __future__ import annotations

from pathlib import Path

import typer


def register(app: typer.Typer) -> None:
    app.command("reply")(reply)


def reply(
    out: Path = typer.Option(
        Path("reports/reply_eval"), "--out", "-o", help="Report directory (JSON, JSONL, PNG)."
    ),
    data: Path | None = typer.Option(
        None, "--data", help="Dataset from 'train build-data' (default: rebuilt with --seed)."
    ),
    seed: int = typer.Option(
        13, help="Dataset seed (must match the training run to keep the test split held out)."
    ),
    split: str = typer.Option(
        "test",
        help="Held-out split: 'test' to report, 'eval' to choose settings on (decoding, precision) "
        "without looking at the test split.",
    ),
    bitext: int = typer.Option(60, help="Held-out Bitext examples to use (<= 60)."),
    synthetic: int = typer.Option(60, help="Held-out synthetic examples to use (<= 88)."),
    adapter: Path | None = typer.Option(
        None, help="Adapter to evaluate (default: the configured/shipped one)."
    ),
    base_only: bool = typer.Option(False, help="Evaluate the base model only."),
    tuned_only: bool = typer.Option(False, help="Evaluate the fine-tuned model only."),
    batch_size: int = typer.Option(8, min=1, help="Generation batch size."),
    max_new_tokens: int = typer.Option(
        256,
        min=1,
        help="Reply length limit. Bitext references average ~140 tokens: a lower limit cuts replies "
        "that follow them before they end.",
    ),
    threads: int | None = typer.Option(None, help="torch threads."),
) -> None:
    """Perplexity, ROUGE-1/2/L, BLEU, grounding errors per 100 replies, stock-phrase repetition."""
    import random

    from rich.console import Console
    from rich.table import Table

    from supportbot.llm.inprocess import InProcessBackend
    from supportbot.llm.loader import adapter_for, smoothquant_for
    from supportbot.settings import get_settings
    from supportbot.training.dataset import ReplyDataset, build_dataset
    from supportbot.training.reply_eval import GOALS, evaluate_backend, reference_row, write_report

    if split not in ("test", "eval"):
        raise typer.BadParameter("choose 'test' or 'eval'", param_hint="--split")
    settings = get_settings()
    dataset = ReplyDataset.load(data) if data else build_dataset(seed=seed)
    rng = random.Random(seed)
    held_out = dataset.split(split)
    pools = {s: [e for e in held_out if e.source == s] for s in ("bitext", "synthetic")}
    for pool in pools.values():
        rng.shuffle(pool)
    examples = pools["bitext"][:bitext] + pools["synthetic"][:synthetic]
    adapter_path = adapter or adapter_for(settings.llm)
    runs: list[tuple[str, Path | None]] = []
    if not tuned_only:
        runs.append(("base", None))
    if not base_only and adapter_path is not None:
        runs.append(("fine-tuned", adapter_path))
    rows, records = [], []
    for label, path in runs:
        backend = InProcessBackend(
            settings.llm.base_model,
            path,
            quantization=settings.llm.quantization,
            fp16_modules=settings.llm.fp16_modules,
            smoothquant=smoothquant_for(settings.llm),
            threads=threads or settings.llm.threads,
        )
        run_rows, rec = evaluate_backend(
            label, backend, examples, batch_size=batch_size, max_new_tokens=max_new_tokens
        )
        rows += run_rows
        records += rec
    refs = [reference_row(examples, s) for s in ("bitext", "synthetic") if pools[s]]
    write_report(rows, refs, records, out, split)

    table = Table(title=f"Reply model, held-out {split} split (seed {seed}, {settings.llm.quantization})")
    for col in (
        "model",
        "source",
        "n",
        "ppl",
        "R-1",
        "R-2",
        "R-L",
        "BLEU",
        "ground.err/100",
        "stock rate",
        "words",
        "gen s",
    ):
        table.add_column(col)
    for r in rows:
        table.add_row(
            r.model,
            r.source,
            str(r.n),
            f"{r.perplexity:.2f}",
            f"{r.rouge1:.3f}",
            f"{r.rouge2:.3f}",
            f"{r.rougeL:.3f}",
            f"{r.bleu:.3f}",
            f"{r.grounding_errors_per_100:.1f}",
            f"{r.stock_phrase_rate:.2f}",
            f"{r.mean_words:.0f}",
            f"{r.seconds:.0f}",
        )
    for ref in refs:
        table.add_row(
            "reference",
            ref["source"],
            str(ref["n"]),
            "",
            "",
            "",
            "",
            "",
            f"{ref['grounding_errors_per_100']:.1f}",
            f"{ref['stock_phrase_rate']:.2f}",
            f"{ref['mean_words']:.0f}",
            "",
        )
    Console().print(table)
    typer.echo(
        f"goals on Bitext: ROUGE-L >= {GOALS['bitext_rougeL']}, BLEU >= {GOALS['bitext_bleu']}; report in {out}"
    )
