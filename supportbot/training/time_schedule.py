"""A learning-rate schedule over wall-clock time, for training runs bounded by ``time_budget_s``.

On a shared CPU the number of steps that fit in a time budget is unknown in advance, so a
step-based cosine schedule is either cut off mid-way (learning rate still high) or too short.
This schedule is a linear warm-up then a cosine decay over the *time* budget: whenever training
stops, at the budget, the learning rate has reached zero.
"""

from __future__ import annotations

import math
import time
from typing import Any

TIME_COSINE = "cosine_over_time_budget"


def time_cosine_factor(elapsed_s: float, budget_s: float, warmup_fraction: float) -> float:
    """Share of the peak learning rate after ``elapsed_s`` of a ``budget_s`` run."""
    progress = min(max(elapsed_s / budget_s, 0.0), 1.0)
    if warmup_fraction > 0 and progress < warmup_fraction:
        return max(progress / warmup_fraction, 0.01)
    decay = (progress - warmup_fraction) / max(1.0 - warmup_fraction, 1e-9)
    return 0.5 * (1.0 + math.cos(math.pi * decay))


def time_cosine_scheduler(optimizer: Any, budget_s: float, warmup_fraction: float, torch: Any) -> Any:
    """A ``LambdaLR`` whose factor follows :func:`time_cosine_factor`; its clock starts now."""
    started = time.perf_counter()

    def factor(_step: int) -> float:
        return time_cosine_factor(time.perf_counter() - started, budget_s, warmup_fraction)

    return torch.optim.lr_scheduler.LambdaLR(optimizer, factor)


def use_time_cosine(trainer: Any, budget_s: float, warmup_fraction: float, torch: Any) -> None:
    """Make ``trainer`` (a transformers Trainer) build the time-based scheduler when training starts."""

    def create_scheduler(num_training_steps: int, optimizer: Any = None) -> Any:
        if trainer.lr_scheduler is None:
            trainer.lr_scheduler = time_cosine_scheduler(
                optimizer if optimizer is not None else trainer.optimizer, budget_s, warmup_fraction, torch
            )
        return trainer.lr_scheduler

    trainer.create_scheduler = create_scheduler
