"""BatchingBackend coalesces concurrent single requests, and no thread waits for batches after its own.

The inner backend here is a stand-in for the model (it sleeps and records each batch): the unit
under test is the coalescing and hand-off logic, which is the same whatever generates the text.
"""

from __future__ import annotations

import threading
import time

import pytest

from supportbot.llm.base import ChatMessage
from supportbot.llm.batching import BatchingBackend


class RecordingBackend:
    name = "recording"

    def __init__(self, seconds: float = 0.2, fail_on: str | None = None) -> None:
        self.seconds = seconds
        self.fail_on = fail_on
        self.batches: list[list[str]] = []
        self.finished_at: list[float] = []
        self.deadlines: list[float | None] = []

    def generate(
        self,
        batch: list[list[ChatMessage]],
        *,
        max_new_tokens: int | None = None,
        deadline: float | None = None,
    ) -> list[str]:
        texts = [m[-1]["content"] for m in batch]
        self.deadlines.append(deadline)
        time.sleep(self.seconds)
        self.batches.append(texts)
        self.finished_at.append(time.perf_counter())
        if self.fail_on in texts:
            raise RuntimeError("model failed")
        return [f"reply to {t}" for t in texts]


def _ask(backend: BatchingBackend, text: str, out: dict[str, tuple[str | BaseException, float]]) -> None:
    try:
        reply: str | BaseException = backend.generate([[{"role": "user", "content": text}]])[0]
    except RuntimeError as exc:
        reply = exc
    out[text] = (reply, time.perf_counter())


def _run_together(backend: BatchingBackend, texts: list[str]) -> dict[str, tuple[str | BaseException, float]]:
    out: dict[str, tuple[str | BaseException, float]] = {}
    threads = [threading.Thread(target=_ask, args=(backend, t, out)) for t in texts]
    for t in threads:
        t.start()
        time.sleep(0.005)  # arrival order = list order
    for t in threads:
        t.join(timeout=30)
    return out


def test_requests_are_batched_in_arrival_order_and_each_gets_its_own_reply() -> None:
    inner = RecordingBackend()
    backend = BatchingBackend(inner, max_batch=4, max_wait_s=0.1)  # type: ignore[arg-type]
    texts = [f"t{i}" for i in range(10)]
    out = _run_together(backend, texts)
    assert {t: r for t, (r, _) in out.items()} == {t: f"reply to {t}" for t in texts}
    assert sorted(t for b in inner.batches for t in b) == sorted(texts)
    assert inner.batches[0] == ["t0", "t1", "t2", "t3"]
    assert all(len(b) <= 4 for b in inner.batches) and len(inner.batches) == 3


def test_no_thread_waits_for_the_batches_after_its_own() -> None:
    inner = RecordingBackend(seconds=0.3)
    backend = BatchingBackend(inner, max_batch=2, max_wait_s=0.05)  # type: ignore[arg-type]
    out = _run_together(backend, [f"t{i}" for i in range(6)])
    for i, batch in enumerate(inner.batches):
        for text in batch:
            returned = out[text][1]
            # back right after its own batch, before the next one finished
            assert returned >= inner.finished_at[i]
            if i + 1 < len(inner.finished_at):
                assert returned < inner.finished_at[i + 1], (text, i)


def test_a_failed_batch_fails_its_requests_only_and_the_next_batch_still_runs() -> None:
    inner = RecordingBackend(seconds=0.1, fail_on="t1")
    backend = BatchingBackend(inner, max_batch=2, max_wait_s=0.05)  # type: ignore[arg-type]
    out = _run_together(backend, ["t0", "t1", "t2", "t3"])
    assert isinstance(out["t0"][0], RuntimeError) and isinstance(out["t1"][0], RuntimeError)
    assert out["t2"][0] == "reply to t2" and out["t3"][0] == "reply to t3"
    # and the wrapper is idle again: a lone request is answered on its own
    assert backend.generate([[{"role": "user", "content": "alone"}]]) == ["reply to alone"]
    assert inner.batches[-1] == ["alone"]


@pytest.mark.parametrize("n", [1, 2])
def test_batches_of_more_than_one_prompt_bypass_the_queue(n: int) -> None:
    inner = RecordingBackend(seconds=0.0)
    backend = BatchingBackend(inner, max_batch=8)  # type: ignore[arg-type]
    prompts: list[list[ChatMessage]] = [[{"role": "user", "content": f"p{i}"}] for i in range(n)]
    assert backend.generate(prompts) == [f"reply to p{i}" for i in range(n)]


def test_a_deadline_holds_for_a_request_alone_in_its_batch_and_not_for_a_batch_of_several() -> None:
    inner = RecordingBackend(seconds=0.05)
    backend = BatchingBackend(inner, max_batch=4, max_wait_s=0.1)  # type: ignore[arg-type]
    backend.generate([[{"role": "user", "content": "alone"}]], deadline=123.0)
    assert inner.deadlines == [123.0]
    # Several tickets at once: the batch runs to the end (cutting it would lose every reply).
    out: dict[str, str] = {}

    def ask(text: str) -> None:
        out[text] = backend.generate([[{"role": "user", "content": text}]], deadline=1.0)[0]

    threads = [threading.Thread(target=ask, args=(f"t{i}",)) for i in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert out == {f"t{i}": f"reply to t{i}" for i in range(3)}
    assert [len(b) for b in inner.batches] == [1, 3] and inner.deadlines == [123.0, None]
