"""End-to-end quality, latency and cost of the whole bot, one row per reply backend, in one run.

    python benchmarks/e2e_latency.py --limit 120                                   # template vs fine-tuned LLM
    python benchmarks/e2e_latency.py --variants template,inprocess,inprocess-base   # + base model, no adapter
    python benchmarks/e2e_latency.py --variants inprocess --out reports/e2e-llm      # also the full report
    python benchmarks/e2e_latency.py --batch-sizes 1,8 --deadlines 0,3              # operating points

Each variant runs the same slice of the labelled set through the batch path on its own fresh demo
database (``supportbot.evaluation.e2e_run.run_e2e``):

- ``template``: no LLM, replies templated from tool results (the routing + tools baseline);
- ``inprocess``: the embedded SmolLM2-135M with the shipped LoRA adapter (the default product);
- ``inprocess-base``: the same base model without the adapter (what fine-tuning buys).

Each variant runs once per ``--batch-sizes`` entry (``worker.batch_size``: tickets processed, and
their replies generated, together): 1 is the latency operating point of a chat or a one-ticket
``process`` call, 8 the worker's default throughput operating point. ``--deadlines`` runs each of
them once per ``agent.reply_deadline_s`` value (0: no deadline; default: the effective setting).

The slice takes every k-th ticket so each kind of ticket is represented. Prints a table: quality,
latency (generation P50; end to end P50/P95 from the ticket's start in the runner), throughput
(tickets/s over the run's wall time), and per 100 tickets the reply generations (``gens``; 0 with
the template backend), the regenerations after a failed fact check (``regen``; ``regen ok``: the
share of them that then passed the check, with ``agent.max_regenerations`` 1) and the templated
replies sent because a regeneration would not fit in the deadline (``dl-fb``) or because a generation
was stopped at the deadline (``cut``: ``agent.reply_reserve_s`` before it, for a reply generated
alone; a batch of several is not cut).
"""

from __future__ import annotations

import argparse
import logging
import math
import sys
import tempfile
from collections import Counter
from pathlib import Path
from typing import Any

VARIANTS = ("template", "inprocess", "inprocess-base")
WARMUP_ID = "eval-warmup"  # supportbot.evaluation.e2e_run.WARMUP_TICKET, not counted


def _settings_for(variant: str, base: Any, batch_size: int, deadline_s: float | None) -> Any:
    backend = "template" if variant == "template" else "inprocess"
    llm = base.llm.model_copy(update={"backend": backend, "use_adapter": variant != "inprocess-base"})
    worker = base.worker.model_copy(update={"batch_size": batch_size})
    agent = base.agent
    if deadline_s is not None:
        agent = agent.model_copy(update={"reply_deadline_s": deadline_s})
    return base.model_copy(update={"llm": llm, "worker": worker, "agent": agent})


class _Counts(logging.Handler):
    """What the verify node did with the replies that failed the fact check, and the generations the
    respond node stopped at the deadline (from their logs)."""

    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.actions: Counter[str] = Counter()

    def emit(self, record: logging.LogRecord) -> None:
        if getattr(record, "ticket_id", None) != WARMUP_ID and hasattr(record, "action"):
            self.actions[str(record.action)] += 1


def _run_counted(slice_path: Path, settings: Any) -> tuple[Any, _Counts]:
    from supportbot.evaluation.e2e_run import run_e2e

    counts = _Counts()
    logs = [logging.getLogger(f"supportbot.agent.nodes.{node}") for node in ("verify", "respond")]
    levels = [log.level for log in logs]
    for log in logs:
        log.setLevel(logging.INFO)
        log.addHandler(counts)
    try:
        result = run_e2e(slice_path, settings=settings, progress=True)
    finally:
        for log, level in zip(logs, levels, strict=True):
            log.removeHandler(counts)
            log.setLevel(level)
    return result, counts


def _floats(text: str) -> list[float]:
    return [float(v) for v in text.split(",") if v.strip()]


def _slice(path: Path, limit: int | None, out: Path) -> Path:
    from supportbot.evaluation.eval_set import load_eval_set, write_eval_set

    tickets = load_eval_set(path)
    if limit and limit < len(tickets):
        step = len(tickets) / limit
        tickets = [tickets[int(i * step)] for i in range(limit)]
    write_eval_set(tickets, out)
    return out


def _fmt_ms(v: float) -> str:
    return "n/a" if math.isnan(v) else f"{v:,.0f}"


def _row(variant: str, settings: Any, result: Any, counts: _Counts) -> list[str]:
    m = result.metrics
    lat = m.latency_ms
    first = sum(1 for p in result.predictions.values() if "generate" in p.stage_ms)
    regen = counts.actions["regenerate"]
    regen_ok = f"{(regen - counts.actions['fallback']) / regen * 100:.0f}%" if regen else "n/a"
    per100 = 100 / m.n if m.n else 0.0
    deadline = settings.agent.reply_deadline_s
    return [
        variant,
        str(settings.worker.batch_size),
        f"{deadline:g}" if deadline else "none",
        str(m.n),
        f"{m.intent_accuracy * 100:.1f}%",
        f"{m.tool_call_accuracy * 100:.1f}%",
        f"{m.db_match_rate * 100:.1f}%",
        f"{m.hallucination_rate * 100:.1f}%",
        f"{m.degenerate_reply_rate * 100:.1f}%",
        f"{m.auto_resolution_rate * 100:.1f}%",
        str(m.leak_count),
        f"{(first + regen) * per100:.0f}" if variant != "template" else "0",
        f"{regen * per100:.0f}",
        regen_ok,
        f"{counts.actions['deadline_fallback'] * per100:.0f}",
        f"{counts.actions['deadline_cut'] * per100:.0f}",
        _fmt_ms(lat["generate"]["p50"]),
        _fmt_ms(lat["end_to_end"]["p50"]),
        _fmt_ms(lat["end_to_end"]["p95"]),
        f"{m.n / m.wall_s:.2f}" if m.wall_s else "n/a",
        f"{m.cpu_s_per_1000:,.0f}" if m.cpu_s_per_1000 is not None else "n/a",
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--set", type=Path, default=None, help="Labelled JSONL (default: the bundled e2e set)."
    )
    parser.add_argument("--limit", type=int, default=120, help="Tickets in the slice (0: all).")
    parser.add_argument(
        "--variants", default="template,inprocess", help=f"Comma-separated: {', '.join(VARIANTS)}."
    )
    parser.add_argument(
        "--batch-sizes", default="1,8", help="Comma-separated worker.batch_size values (default 1,8)."
    )
    parser.add_argument(
        "--deadlines",
        default=None,
        help="Comma-separated agent.reply_deadline_s values, 0 for none (default: the effective setting).",
    )
    parser.add_argument(
        "--out",
        type=Path,
        default=None,
        help="Write each run's full report under OUT/<variant>-b<batch>[-d<deadline>].",
    )
    args = parser.parse_args(argv)

    from supportbot.evaluation.eval_set import DEFAULT_SET
    from supportbot.evaluation.report import write_report
    from supportbot.settings import get_settings

    variants = [v.strip() for v in args.variants.split(",") if v.strip()]
    unknown = sorted(set(variants) - set(VARIANTS))
    if unknown:
        parser.error(f"unknown variant(s): {', '.join(unknown)}")
    batch_sizes = [int(v) for v in _floats(args.batch_sizes)]
    if not batch_sizes or min(batch_sizes) < 1:
        parser.error("--batch-sizes: positive integers")
    deadlines: list[float | None] = list(_floats(args.deadlines)) if args.deadlines else [None]
    base = get_settings()
    rows: list[list[str]] = []
    with tempfile.TemporaryDirectory() as tmp:
        slice_path = _slice(args.set or DEFAULT_SET, args.limit or None, Path(tmp) / "slice.jsonl")
        for variant in variants:
            for batch_size in batch_sizes:
                for deadline in deadlines:
                    settings = _settings_for(variant, base, batch_size, deadline)
                    result, counts = _run_counted(slice_path, settings)
                    name = f"{variant}-b{batch_size}" + ("" if deadline is None else f"-d{deadline:g}")
                    if args.out:
                        write_report(
                            result,
                            args.out / name,
                            f"python benchmarks/e2e_latency.py --variants {variant} --batch-sizes {batch_size}"
                            + ("" if deadline is None else f" --deadlines {deadline:g}"),
                        )
                    rows.append(_row(variant, settings, result, counts))
    header = [
        "variant", "batch", "deadline s", "n", "intent", "tools", "DB", "halluc.", "degen.", "auto-res.",
        "leaks", "gens", "regen", "regen ok", "dl-fb", "cut", "gen P50 ms", "e2e P50 ms", "e2e P95 ms", "tickets/s", "CPU-s/1k",
    ]  # fmt: skip
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
    for r in [header, ["-" * w for w in widths], *rows]:
        print(
            "  ".join(
                c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(r, widths, strict=True))
            )
        )
    return 0


if __name__ == "__main__":
    from supportbot.errors import SupportbotError

    try:
        sys.exit(main())
    except SupportbotError as exc:
        print(f"error: {exc.user_message()}", file=sys.stderr)
        sys.exit(2)
