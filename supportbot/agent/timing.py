"""Stage timing for nodes: each node reports its milliseconds under ``stage_ms``."""

from __future__ import annotations

import time
from collections.abc import Callable
from functools import wraps
from typing import Any


def timed(stage: str) -> Callable[[Callable[..., dict[str, Any]]], Callable[..., dict[str, Any]]]:
    def decorate(fn: Callable[..., dict[str, Any]]) -> Callable[..., dict[str, Any]]:
        @wraps(fn)
        def wrapper(*args: Any, **kwargs: Any) -> dict[str, Any]:
            start = time.perf_counter()
            update = fn(*args, **kwargs)
            elapsed = (time.perf_counter() - start) * 1000
            stages = dict(update.get("stage_ms") or {})
            stages[stage] = stages.get(stage, 0.0) + elapsed
            return {**update, "stage_ms": stages}

        return wrapper

    return decorate
