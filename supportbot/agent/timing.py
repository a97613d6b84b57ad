"""Stage timing for nodes: each node reports its milliseconds under ``stage_ms``.

Observers (benchmarks, profilers) may also receive every stage's wall and CPU time; the CPU time
(``time.thread_time``) is the node's own work, not the time it waited for a core.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import wraps
from typing import Any

StageObserver = Callable[[str, float, float], None]  # (stage, wall ms, cpu ms)
_OBSERVERS: list[StageObserver] = []


@contextmanager
def observe_stages(observer: StageObserver) -> Iterator[None]:
    """Call ``observer(stage, wall_ms, cpu_ms)`` after every timed node while the block runs."""
    _OBSERVERS.append(observer)
    try:
        yield
    finally:
        _OBSERVERS.remove(observer)


def timed(stage: str) -> Callable[[Callable[..., dict[str, Any]]], Callable[..., dict[str, Any]]]:
    def decorate(fn: Callable[..., dict[str, Any]]) -> Callable[..., dict[str, Any]]:
        @wraps(fn)
        def wrapper(*args: Any, **kwargs: Any) -> dict[str, Any]:
            start, cpu_start = time.perf_counter(), time.thread_time()
            update = fn(*args, **kwargs)
            elapsed = (time.perf_counter() - start) * 1000
            for observer in _OBSERVERS:
                observer(stage, elapsed, (time.thread_time() - cpu_start) * 1000)
            stages = dict(update.get("stage_ms") or {})
            stages[stage] = stages.get(stage, 0.0) + elapsed
            return {**update, "stage_ms": stages}

        return wrapper

    return decorate
