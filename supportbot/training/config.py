"""The one typed configuration of a LoRA SFT run (YAML-loadable); every field is recorded in the model card."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from typing import Any

import yaml

from supportbot.errors import InputError


@dataclass
class SFTRunConfig:
    base_model: str = "smollm2-135m"
    seed: int = 13  # builds the dataset (its held-out splits) and, unless order_seed is set, the rest
    order_seed: int | None = None  # training order, dropout and LoRA init; default: seed
    # data
    synthetic_per_intent: int = 40
    heldout_bitext: int = 60
    heldout_synthetic_per_intent: int = 2
    max_length: int = 384
    # LoRA
    lora_r: int = 16
    lora_alpha: int = 32
    lora_dropout: float = 0.05
    target_modules: list[str] = field(
        default_factory=lambda: ["q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj"]
    )
    lora_top_layers: int | None = None  # LoRA on the last N decoder layers only (cheaper backward on CPU)
    # Continue training an existing adapter (its directory) instead of a fresh LoRA: the LoRA shape
    # (r, alpha, dropout, target modules, layers) is then the adapter's own. Keep `seed` (the same
    # held-out splits) and set a new order_seed so the continuation does not replay the data order.
    init_adapter: str | None = None
    # optimisation
    learning_rate: float = 5e-4
    epochs: float = 1.0
    max_steps: int = -1  # > 0 caps the run (a step budget for CPU training)
    time_budget_s: float | None = None  # stop cleanly after this much training time
    # Any transformers scheduler name, or 'cosine_over_time_budget': warm-up then cosine decay over
    # time_budget_s of wall time, so a run on a busy CPU ends annealed whatever its step count.
    lr_scheduler: str = "cosine"
    batch_size: int = 4
    group_by_length: bool = False  # batches of similar length: less padding to compute on CPU
    grad_accumulation: int = 4
    warmup_ratio: float = 0.05
    weight_decay: float = 0.0
    eval_every_steps: int = 50
    eval_examples: int = 64  # evaluation subset used during training (loss only)
    logging_steps: int = 5
    # hardware
    bf16_on_gpu: bool = True
    # bf16 autocast on a CPU with native bf16 (AVX512-BF16 / AMX): ~1.8x the training tokens/s of
    # fp32 measured here (LoRA weights and optimizer state stay fp32). Ignored where unsupported.
    bf16_on_cpu: bool = True
    gradient_checkpointing: bool = False
    qlora: bool = False  # 4-bit base (needs CUDA + bitsandbytes)
    threads: int | None = None

    @property
    def run_seed(self) -> int:
        """The seed of everything but the dataset split."""
        return self.seed if self.order_seed is None else self.order_seed

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_yaml(cls, path: Path) -> SFTRunConfig:
        try:
            raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        except (OSError, yaml.YAMLError) as exc:
            raise InputError(f"cannot read training config {path}: {exc}") from None
        if not isinstance(raw, dict):
            raise InputError(f"{path}: a training config must be a mapping")
        known = {f.name for f in fields(cls)}
        unknown = sorted(set(raw) - known)
        if unknown:
            raise InputError(f"{path}: unknown training setting(s): {', '.join(unknown)}")
        return cls(**raw)

    def to_yaml(self, path: Path) -> None:
        path.write_text(yaml.safe_dump(self.to_dict(), sort_keys=False), encoding="utf-8")
