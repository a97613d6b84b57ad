"""InProcessBackend's greedy path gives the same replies as transformers' generate(), batched and streamed."""

from __future__ import annotations

from pathlib import Path

import pytest

from supportbot.llm.base import ChatMessage
from supportbot.llm.inprocess import InProcessBackend

torch = pytest.importorskip("torch")

# The tokenizer is read from the GGUF file (a few seconds of CPU): these run with -m slow.
pytestmark = pytest.mark.slow

CHATS: list[list[ChatMessage]] = [
    [{"role": "system", "content": "Be brief."}, {"role": "user", "content": "Where is my order #W2611340?"}],
    [{"role": "user", "content": "Cancel it please, it is late and I no longer need the blue kettle."}],
    [{"role": "user", "content": "hi"}],
]


def _reference(backend: InProcessBackend, batch: list[list[ChatMessage]], max_new_tokens: int) -> list[str]:
    """The previous implementation: model.generate(do_sample=False) on the same left-padded batch."""
    inputs = backend._encode(batch)
    with torch.inference_mode():
        output = backend.model.generate(**inputs, **backend._gen_kwargs(max_new_tokens))
    new = output[:, inputs["input_ids"].shape[1] :]
    return [text.strip() for text in backend.tokenizer.batch_decode(new, skip_special_tokens=True)]


@pytest.mark.parametrize("quantization", ["int8", "fp32"])
def test_greedy_replies_equal_generate(tiny_llm_dir: Path, quantization: str) -> None:
    backend = InProcessBackend(str(tiny_llm_dir), None, quantization=quantization, max_new_tokens=12)
    replies = backend.generate(CHATS)
    assert replies == _reference(backend, CHATS, 12)
    assert any(len(r) > 3 for r in replies)
    assert backend.generate(CHATS[:1]) == _reference(backend, CHATS[:1], 12)


def test_stream_yields_the_generated_reply(tiny_llm_dir: Path) -> None:
    backend = InProcessBackend(str(tiny_llm_dir), None, quantization="int8", max_new_tokens=10)
    streamed = "".join(backend.stream(CHATS[0]))
    assert streamed.strip() == backend.generate(CHATS[:1])[0] != ""


def test_sampling_still_goes_through_generate(tiny_llm_dir: Path) -> None:
    backend = InProcessBackend(
        str(tiny_llm_dir), None, quantization="fp32", max_new_tokens=8, temperature=0.7
    )
    torch.manual_seed(3)
    replies = backend.generate(CHATS[:2])
    torch.manual_seed(3)
    assert replies == _reference(backend, CHATS[:2], 8)
