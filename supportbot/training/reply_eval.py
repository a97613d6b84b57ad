"""Held-out evaluation of the reply model: base versus fine-tuned, on Bitext and synthetic examples."""

from __future__ import annotations

import json
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from supportbot.training.examples import ReplyExample
from supportbot.training.grounding import ungrounded
from supportbot.training.reply_metrics import bleu, perplexity, rouge, stock_phrase_rate

GOALS = {"bitext_rougeL": 0.40, "bitext_bleu": 0.18}


@dataclass
class EvalRow:
    model: str
    source: str
    n: int
    perplexity: float
    rouge1: float
    rouge2: float
    rougeL: float
    bleu: float
    grounding_errors_per_100: float
    stock_phrase_rate: float
    mean_words: float
    seconds: float


def evaluate_backend(
    label: str,
    backend: Any,
    examples: list[ReplyExample],
    *,
    batch_size: int = 8,
    max_new_tokens: int = 160,
    progress: bool = True,
) -> tuple[list[EvalRow], list[dict[str, Any]]]:
    """Generate for every example, then score per source. Returns rows and per-example records."""
    from tqdm import tqdm

    started = time.perf_counter()
    outputs: list[str] = []
    for start in tqdm(range(0, len(examples), batch_size), desc=f"generate {label}", disable=not progress):
        chunk = examples[start : start + batch_size]
        outputs.extend(backend.generate([e.prompt_messages() for e in chunk], max_new_tokens=max_new_tokens))
    gen_seconds = time.perf_counter() - started
    records = [
        {
            "model": label,
            "source": e.source,
            "intent": e.ctx.intent,
            "kind": e.ctx.kind,
            "reply": out,
            "reference": e.reply,
            "ungrounded": ungrounded(out, e.ctx),
        }
        for e, out in zip(examples, outputs, strict=True)
    ]
    model, tokenizer = backend.perplexity_inputs()
    rows = []
    for source in sorted({e.source for e in examples}):
        idx = [i for i, e in enumerate(examples) if e.source == source]
        preds = [outputs[i] for i in idx]
        refs = [examples[i].reply for i in idx]
        ppl = perplexity(model, tokenizer, [examples[i].prompt_messages() for i in idx], refs)
        scores = rouge(preds, refs)
        errors = sum(len(records[i]["ungrounded"]) for i in idx)
        rows.append(
            EvalRow(
                model=label,
                source=source,
                n=len(idx),
                perplexity=round(ppl, 2),
                rouge1=round(scores["rouge1"], 3),
                rouge2=round(scores["rouge2"], 3),
                rougeL=round(scores["rougeL"], 3),
                bleu=round(bleu(preds, refs), 3),
                grounding_errors_per_100=round(100 * errors / len(idx), 1),
                stock_phrase_rate=round(stock_phrase_rate(preds), 3),
                mean_words=round(sum(len(p.split()) for p in preds) / len(idx), 1),
                seconds=round(gen_seconds * len(idx) / len(examples), 1),
            )
        )
    return rows, records


def reference_row(examples: list[ReplyExample], source: str) -> dict[str, Any]:
    refs = [e for e in examples if e.source == source]
    return {
        "model": "reference",
        "source": source,
        "n": len(refs),
        "grounding_errors_per_100": round(
            100 * sum(len(ungrounded(e.reply, e.ctx)) for e in refs) / max(1, len(refs)), 1
        ),
        "stock_phrase_rate": round(stock_phrase_rate([e.reply for e in refs]), 3),
        "mean_words": round(sum(len(e.reply.split()) for e in refs) / max(1, len(refs)), 1),
    }


def write_report(
    rows: list[EvalRow],
    refs: list[dict[str, Any]],
    records: list[dict[str, Any]],
    out: Path,
    split: str = "test",
) -> None:
    out.mkdir(parents=True, exist_ok=True)
    report = {"split": split, "rows": [asdict(r) for r in rows], "references": refs, "goals": GOALS}
    (out / "reply_eval.json").write_text(
        json.dumps(report, indent=2),
        encoding="utf-8",
    )
    (out / "replies.jsonl").write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    plot_rows(rows, out / "reply_eval.png")


def plot_rows(rows: list[EvalRow], path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    metrics = ["rouge1", "rouge2", "rougeL", "bleu"]
    groups = [(r.model, r.source) for r in rows]
    fig, ax = plt.subplots(figsize=(8, 4))
    width = 0.8 / max(1, len(rows))
    for i, row in enumerate(rows):
        xs = [m + i * width for m in range(len(metrics))]
        ax.bar(xs, [getattr(row, m) for m in metrics], width, label=f"{groups[i][0]} / {groups[i][1]}")
    ax.axhline(GOALS["bitext_rougeL"], color="grey", linestyle="--", linewidth=0.8)
    ax.axhline(GOALS["bitext_bleu"], color="grey", linestyle=":", linewidth=0.8)
    ax.set_xticks([m + 0.4 - width / 2 for m in range(len(metrics))], metrics)
    ax.set_ylim(0, 1)
    ax.set_title("Reply model on held-out data (dashed: Bitext ROUGE-L goal, dotted: BLEU goal)")
    ax.legend(fontsize=7)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
