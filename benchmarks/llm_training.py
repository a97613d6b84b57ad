"""Training throughput benchmark: LoRA SFT tokens/s on the real base model for a few steps.

    python benchmarks/llm_training.py --steps 3 --threads 1 --precision fp32
    python benchmarks/llm_training.py --steps 3 --threads 1 --precision bf16

``bf16`` is autocast on a CPU with native bf16 (the config's ``bf16_on_cpu``); ``fp32`` turns it off.

Prints a table with training tokens/s (prompt + reply tokens through forward and backward).
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--steps", type=int, default=3)
    parser.add_argument("--threads", type=int, default=None)
    parser.add_argument(
        "--precision", choices=["bf16", "fp32"], default="bf16", help="CPU training precision"
    )
    parser.add_argument("--config", type=Path, default=Path("supportbot/training/configs/default_cpu.yaml"))
    args = parser.parse_args()

    from supportbot.training.config import SFTRunConfig
    from supportbot.training.dataset import ReplyDataset, build_dataset
    from supportbot.training.sft import train_sft

    cfg = SFTRunConfig.from_yaml(args.config)
    cfg.max_steps, cfg.time_budget_s, cfg.eval_every_steps, cfg.threads = (
        args.steps,
        None,
        10**6,
        args.threads,
    )
    cfg.bf16_on_cpu = args.precision == "bf16"
    cfg.lr_scheduler = "constant"  # a few steps: the schedule does not matter, and no time budget
    full = build_dataset(seed=cfg.seed, synthetic_per_intent=2)
    data = ReplyDataset(
        train=full.train[: args.steps * cfg.batch_size * cfg.grad_accumulation * 2], eval=[], test=[]
    )
    with tempfile.TemporaryDirectory() as tmp:
        result = train_sft(cfg, Path(tmp) / "adapter", dataset=data, progress=False)
    rows = [
        ("base model", cfg.base_model),
        ("LoRA r / layers", f"{cfg.lora_r} / last {cfg.lora_top_layers or 'all'}"),
        ("device", str(result.record["device"])),
        ("optimizer steps", str(result.steps)),
        ("examples per step", str(cfg.batch_size * cfg.grad_accumulation)),
        ("tokens seen", str(result.record["tokens_seen"])),
        ("training time (s)", f"{result.train_time_s:.1f}"),
        ("training tokens/s", f"{result.tokens_per_s:.1f}"),
    ]
    width = max(len(k) for k, _ in rows)
    print(f"{'metric':<{width}} | value")
    print(f"{'-' * width}-|------")
    for key, value in rows:
        print(f"{key:<{width}} | {value}")


if __name__ == "__main__":
    main()
