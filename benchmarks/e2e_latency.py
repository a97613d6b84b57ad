"""End-to-end quality, latency and cost of the whole bot, one row per reply backend, in one run.

    python benchmarks/e2e_latency.py --limit 120                                   # template vs fine-tuned LLM
    python benchmarks/e2e_latency.py --variants template,inprocess,inprocess-base   # + base model, no adapter
    python benchmarks/e2e_latency.py --variants inprocess --out reports/e2e-llm      # also the full report

Each variant runs the same slice of the labelled set through the batch path on its own fresh demo
database (``supportbot.evaluation.e2e_run.run_e2e``):

- ``template``: no LLM, replies templated from tool results (the routing + tools baseline);
- ``inprocess``: the embedded SmolLM2-135M with the shipped LoRA adapter (the default product);
- ``inprocess-base``: the same base model without the adapter (what fine-tuning buys).

The slice takes every k-th ticket so each kind of ticket is represented. Prints a table.
"""

from __future__ import annotations

import argparse
import math
import sys
import tempfile
from pathlib import Path
from typing import Any

VARIANTS = ("template", "inprocess", "inprocess-base")


def _settings_for(variant: str, base: Any) -> Any:
    backend = "template" if variant == "template" else "inprocess"
    llm = base.llm.model_copy(update={"backend": backend, "use_adapter": variant != "inprocess-base"})
    return base.model_copy(update={"llm": llm})


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
        "--out", type=Path, default=None, help="Write each variant's full report under OUT/<variant>."
    )
    args = parser.parse_args(argv)

    from supportbot.evaluation.e2e_run import run_e2e
    from supportbot.evaluation.eval_set import DEFAULT_SET
    from supportbot.evaluation.report import write_report
    from supportbot.settings import get_settings

    variants = [v.strip() for v in args.variants.split(",") if v.strip()]
    unknown = sorted(set(variants) - set(VARIANTS))
    if unknown:
        parser.error(f"unknown variant(s): {', '.join(unknown)}")
    base = get_settings()
    rows: list[list[str]] = []
    with tempfile.TemporaryDirectory() as tmp:
        slice_path = _slice(args.set or DEFAULT_SET, args.limit or None, Path(tmp) / "slice.jsonl")
        for variant in variants:
            result = run_e2e(slice_path, settings=_settings_for(variant, base), progress=True)
            m = result.metrics
            if args.out:
                write_report(
                    result, args.out / variant, f"python benchmarks/e2e_latency.py --variants {variant}"
                )
            lat = m.latency_ms
            rows.append(
                [
                    variant,
                    str(m.n),
                    f"{m.intent_accuracy * 100:.1f}%",
                    f"{m.tool_call_accuracy * 100:.1f}%",
                    f"{m.db_match_rate * 100:.1f}%",
                    f"{m.hallucination_rate * 100:.1f}%",
                    f"{m.degenerate_reply_rate * 100:.1f}%",
                    f"{m.auto_resolution_rate * 100:.1f}%",
                    str(m.leak_count),
                    _fmt_ms(lat["generate"]["p50"]),
                    _fmt_ms(lat["end_to_end"]["p50"]),
                    _fmt_ms(lat["end_to_end"]["p95"]),
                    f"{m.n / m.wall_s:.2f}" if m.wall_s else "n/a",
                    f"{m.cpu_s_per_1000:,.0f}" if m.cpu_s_per_1000 is not None else "n/a",
                ]
            )
    header = [
        "variant", "n", "intent", "tools", "DB", "halluc.", "degen.", "auto-res.", "leaks",
        "gen P50 ms", "e2e P50 ms", "e2e P95 ms", "tickets/s", "CPU-s/1k",
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
