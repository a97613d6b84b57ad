"""Batched greedy replies reuse the cached reply-prompt prefix: each row is laid out as
``[prefix][padding][row's rest]`` and only the rests are prefilled; a batch with any row that does
not start with the prefix is prefilled whole, as before."""

from __future__ import annotations

import pytest

from supportbot.llm.base import ChatMessage
from supportbot.llm.inprocess import InProcessBackend
from supportbot.llm.prefix_cache import prefix_rests
from tests.llm.test_prefix_cache import PROMPTS

torch = pytest.importorskip("torch")

# The tokenizer is read from the GGUF file (a few seconds of CPU): these run with -m slow.
pytestmark = pytest.mark.slow

MAX_NEW = 24


def _backend(quantization: str) -> InProcessBackend:
    from supportbot.llm.loader import DEFAULT_ADAPTER

    torch.set_num_threads(1)
    return InProcessBackend(
        "smollm2-135m", DEFAULT_ADAPTER, quantization=quantization, max_new_tokens=MAX_NEW
    )


@pytest.fixture(scope="module")
def real_fp32() -> InProcessBackend:
    return _backend("fp32")


@pytest.fixture(scope="module")
def real_int8() -> InProcessBackend:
    return _backend("int8")


def _whole_prefill(backend: InProcessBackend, batch: list[list[ChatMessage]]) -> list[str]:
    backend.prefix_cache = False  # the same model without its cached prefix
    try:
        return backend.generate(batch)
    finally:
        backend.prefix_cache = True


def _layout_reference(backend: InProcessBackend, batch: list[list[ChatMessage]]) -> list[str]:
    """An explicit greedy loop on the ``[prefix][padding][rest]`` layout of whole rows: the prefix's
    keys and values from a separate forward pass (batch 1) copied into every row of a
    ``DynamicCache``, the mask over whole rows, position ids from its cumsum (padding: the
    position right after the prefix, as ``greedy_decode`` gives it), one
    forward pass for the padded rests, then one per new token (``logits_to_keep=1``, as
    ``greedy_decode`` does: int8 quantises the lm_head's input per pass, so computing logits for
    every position would change the last one's)."""
    from transformers import DynamicCache

    prefix = backend.cached_prefix()
    assert prefix is not None
    inputs = backend._encode(batch)
    pad, eos = backend.tokenizer.pad_token_id, backend.tokenizer.eos_token_id
    rests = prefix_rests(prefix, inputs["input_ids"], inputs["attention_mask"], pad)
    assert rests is not None
    rest_ids, rest_mask = rests
    rows, n = len(batch), len(prefix)
    mask = torch.cat([torch.ones((rows, n), dtype=torch.long), rest_mask.long()], dim=-1)
    positions = (mask.cumsum(-1) - 1).masked_fill(mask == 0, n)
    cache = DynamicCache(config=backend.model.config)
    done = torch.zeros(rows, dtype=torch.bool)
    out: list[list[int]] = [[] for _ in range(rows)]
    with torch.inference_mode():
        backend.model(input_ids=torch.tensor([list(prefix.ids)]), past_key_values=cache, use_cache=True)
        for layer in cache.layers:
            layer.keys = layer.keys.repeat(rows, 1, 1, 1)
            layer.values = layer.values.repeat(rows, 1, 1, 1)
        ids, pos = rest_ids, positions[:, n:]
        for _ in range(MAX_NEW):
            logits = backend.model(
                input_ids=ids,
                attention_mask=mask,
                position_ids=pos,
                past_key_values=cache,
                use_cache=True,
                logits_to_keep=1,
            ).logits[:, -1]
            tokens = torch.where(done, torch.full((rows,), pad), logits.argmax(-1))
            for row in range(rows):
                out[row].append(int(tokens[row]))
            done |= tokens == eos
            if bool(done.all()):
                break
            ids, pos = tokens[:, None], pos[:, -1:] + 1
            mask = torch.cat([mask, torch.ones((rows, 1), dtype=torch.long)], dim=-1)
    return [text.strip() for text in backend.tokenizer.batch_decode(out, skip_special_tokens=True)]


def test_rests_are_left_padded_after_the_prefix(real_int8: InProcessBackend) -> None:
    prefix = real_int8.cached_prefix()
    assert prefix is not None
    inputs = real_int8._encode(PROMPTS)
    rests = prefix_rests(prefix, inputs["input_ids"], inputs["attention_mask"], 2)
    assert rests is not None
    ids, mask = rests
    lengths = inputs["attention_mask"].sum(-1) - len(prefix)
    assert mask.sum(-1).tolist() == lengths.tolist() and len(set(lengths.tolist())) == 3
    assert ids.shape[1] == int(lengths.max())
    for row, n in enumerate(lengths.tolist()):
        whole = inputs["input_ids"][row, -n:]
        assert torch.equal(ids[row, -n:], whole) and bool((ids[row, :-n] == 2).all())
        assert bool((mask[row, :-n] == 0).all())


def test_fp32_batched_prefix_equals_single_stream_and_whole_prefill(real_fp32: InProcessBackend) -> None:
    """In fp32 the [prefix][padding][rest] layout computes the same numbers as one prompt alone and
    as the whole left-padded batch: the replies are identical."""
    batched = real_fp32.generate(PROMPTS)
    assert real_fp32.prefix_hits == len(PROMPTS)
    single = [real_fp32.generate([messages])[0] for messages in PROMPTS]
    assert real_fp32.prefix_hits == 2 * len(PROMPTS)
    assert batched == single
    assert batched == _whole_prefill(real_fp32, PROMPTS)
    assert all(len(reply.split()) >= 3 for reply in batched)


def test_int8_batched_prefix_gives_sane_replies_equal_to_the_layout(real_int8: InProcessBackend) -> None:
    """int8 scales activations per forward pass (shared by the rows of a batch), so a batch does not
    reproduce the single-stream replies; it must equal an explicit loop on the same layout with
    the same prefix, and give readable replies."""
    hits = real_int8.prefix_hits
    batched = real_int8.generate(PROMPTS)
    assert real_int8.prefix_hits == hits + len(PROMPTS)
    assert batched == _layout_reference(real_int8, PROMPTS)
    for reply in batched:
        words = reply.split()
        assert len(words) >= 5 and sum(w.isalpha() for w in words) >= len(words) / 2


def test_a_batch_with_a_row_without_the_prefix_is_prefilled_whole(real_int8: InProcessBackend) -> None:
    other_system: list[ChatMessage] = [
        {"role": "system", "content": "Be brief."},
        {"role": "user", "content": PROMPTS[0][1]["content"]},
    ]
    batch = [PROMPTS[1], other_system, PROMPTS[2]]
    hits = real_int8.prefix_hits
    replies = real_int8.generate(batch)
    assert real_int8.prefix_hits == hits
    assert replies == _whole_prefill(real_int8, batch)
    # Without that row the same prompts do use the prefix (and, in int8, are computed differently).
    real_int8.generate([PROMPTS[1], PROMPTS[2]])
    assert real_int8.prefix_hits == hits + 2


def test_prefix_rests_refuses_a_batch_with_a_row_without_the_prefix(real_int8: InProcessBackend) -> None:
    prefix = real_int8.cached_prefix()
    assert prefix is not None
    no_system: list[ChatMessage] = [PROMPTS[1][1]]
    inputs = real_int8._encode([PROMPTS[0], no_system])
    assert prefix_rests(prefix, inputs["input_ids"], inputs["attention_mask"], 2) is None
    inputs = real_int8._encode([PROMPTS[0]])
    assert prefix_rests(prefix, inputs["input_ids"], inputs["attention_mask"], 2) is not None
