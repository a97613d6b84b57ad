"""The cached reply-prompt prefix: single-stream replies that reuse it give the right tokens, and
prompts that do not start with it are prefilled whole, as before (batches:
``test_batch_prefix.py``)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from supportbot.llm.base import ChatMessage
from supportbot.llm.inprocess import InProcessBackend
from supportbot.llm.prefix_cache import reply_prompt_prefix
from supportbot.llm.prompt import SYSTEM_PROMPT, ReplyContext, build_messages

torch = pytest.importorskip("torch")

# The tokenizer is read from the GGUF file (a few seconds of CPU): these run with -m slow.
pytestmark = pytest.mark.slow

CONTEXTS = [
    ReplyContext(
        ticket="Where is my order #W2611340? It should have arrived by now.",
        customer_name="James Li",
        intent="track_order",
        kind="inform",
        task="Answer about order #W2611340 (track_order) from the order facts.",
        facts={"get_order_tracking": {"order_id": "#W2611340", "order_status": "processed"}},
    ),
    ReplyContext(
        ticket="I want to cancel my order, it is taking too long.",
        intent="cancel_order",
        kind="clarify",
        task="Ask for the order id.",
    ),
    ReplyContext(
        ticket="my parcel arrived broken, I want my money back!!",
        customer_name="Ana",
        intent="refund",
        kind="handoff",
        task="Tell the customer a human agent will take over.",
    ),
]
PROMPTS = [build_messages(ctx) for ctx in CONTEXTS]


def _hf_reference(backend: InProcessBackend, messages: list[ChatMessage], max_new_tokens: int) -> str:
    """transformers' own prompt reuse: generate() on the whole prompt with a cache that already
    holds the prefix (computed by a separate forward pass), so it prefills only the rest."""
    from transformers import DynamicCache

    prefix = backend.cached_prefix()
    assert prefix is not None
    inputs = backend._encode([messages])
    cache = DynamicCache(config=backend.model.config)
    with torch.inference_mode():
        backend.model(input_ids=torch.tensor([list(prefix.ids)]), past_key_values=cache, use_cache=True)
        output = backend.model.generate(
            **inputs, past_key_values=cache, **backend._gen_kwargs(max_new_tokens)
        )
    new = output[0, inputs["input_ids"].shape[1] :]
    return str(backend.tokenizer.decode(new, skip_special_tokens=True)).strip()


@pytest.fixture(scope="module")
def real_int8() -> Any:
    from supportbot.llm.loader import DEFAULT_ADAPTER

    torch.set_num_threads(1)
    return InProcessBackend("smollm2-135m", DEFAULT_ADAPTER, quantization="int8", max_new_tokens=32)


def test_prefix_is_the_system_turn_up_to_the_ticket(real_int8: InProcessBackend) -> None:
    text = reply_prompt_prefix(real_int8.tokenizer)
    assert SYSTEM_PROMPT in text and text.endswith("TICKET:\n")
    prefix = real_int8.cached_prefix()
    assert prefix is not None and len(prefix) > 50
    for messages in PROMPTS:
        assert prefix.matches(real_int8._encode([messages])["input_ids"][0].tolist())


def test_real_model_fp32_cached_prefix_gives_the_same_replies_as_whole_prompt_prefill() -> None:
    """In fp32 the split prefill computes the same numbers: the replies are identical."""
    from supportbot.llm.loader import DEFAULT_ADAPTER

    torch.set_num_threads(1)
    cached = InProcessBackend("smollm2-135m", DEFAULT_ADAPTER, quantization="fp32", max_new_tokens=32)
    for messages in PROMPTS:
        reply = cached.generate([messages])[0]
        cached.prefix_cache = False
        assert reply == cached.generate([messages])[0]  # whole-prompt prefill
        cached.prefix_cache = True
        assert len(reply.split()) >= 3
    assert cached.prefix_hits == len(PROMPTS)


def test_real_model_int8_cached_prefix_equals_transformers_prompt_reuse(real_int8: InProcessBackend) -> None:
    """int8 dynamic quantisation scales activations per forward pass, so prefilling the prefix
    and the rest in two passes is not bit-identical to one pass; it must equal transformers'
    generate() given the same separately computed prefix cache."""
    hits = real_int8.prefix_hits
    for messages in PROMPTS:
        reply = real_int8.generate([messages])[0]
        assert reply == _hf_reference(real_int8, messages, 32)
        assert len(reply.split()) >= 3
    assert real_int8.prefix_hits == hits + len(PROMPTS)


def test_stream_uses_the_prefix_and_matches_generate(real_int8: InProcessBackend) -> None:
    hits = real_int8.prefix_hits
    streamed = "".join(real_int8.stream(PROMPTS[0], max_new_tokens=16)).strip()
    assert streamed == real_int8.generate([PROMPTS[0]], max_new_tokens=16)[0] != ""
    assert real_int8.prefix_hits == hits + 2


def test_other_prompts_fall_back_to_whole_prefill(real_int8: InProcessBackend) -> None:
    def whole_prefill(batch: list[list[ChatMessage]]) -> list[str]:
        real_int8.prefix_cache = False  # the same model without its cached prefix
        try:
            return real_int8.generate(batch, max_new_tokens=16)
        finally:
            real_int8.prefix_cache = True

    other_system: list[ChatMessage] = [
        {"role": "system", "content": "Be brief."},
        {"role": "user", "content": PROMPTS[0][1]["content"]},
    ]
    no_system: list[ChatMessage] = [PROMPTS[1][1]]
    hits = real_int8.prefix_hits
    for messages in (other_system, no_system):
        assert real_int8.generate([messages], max_new_tokens=16) == whole_prefill([messages])
    assert real_int8.prefix_hits == hits
    # ... while a reply prompt does use it (and, in int8, is computed differently).
    real_int8.generate(PROMPTS[:1], max_new_tokens=16)
    assert real_int8.prefix_hits == hits + 1


def test_a_ticket_that_breaks_the_token_boundary_still_answers(real_int8: InProcessBackend) -> None:
    """A ticket starting with a newline merges with the prefix's last newline into one token;
    the prefix drops its last token, so such prompts still match, and the reply is sound."""
    messages = build_messages(CONTEXTS[1].model_copy(update={"ticket": "\n\nI want to cancel my order."}))
    hits = real_int8.prefix_hits
    reply = real_int8.generate([messages])[0]
    assert reply == _hf_reference(real_int8, messages, 32)
    assert real_int8.prefix_hits == hits + 1


def test_tiny_model_cached_prefix_equals_whole_prefill_in_fp32(tiny_llm_dir: Path) -> None:
    cached = InProcessBackend(str(tiny_llm_dir), None, quantization="fp32", max_new_tokens=12)
    plain = InProcessBackend(
        str(tiny_llm_dir), None, quantization="fp32", max_new_tokens=12, prefix_cache=False
    )
    for messages in PROMPTS:
        assert cached.generate([messages]) == plain.generate([messages])
    assert cached.prefix_hits == len(PROMPTS)


def test_prefix_cache_off_or_sampling_never_uses_it(tiny_llm_dir: Path) -> None:
    off = InProcessBackend(str(tiny_llm_dir), None, quantization="int8", max_new_tokens=4, prefix_cache=False)
    off.generate(PROMPTS[:1])
    assert off.cached_prefix() is None and off.prefix_hits == 0
    sampled = InProcessBackend(
        str(tiny_llm_dir), None, quantization="fp32", max_new_tokens=4, temperature=0.7
    )
    sampled.generate(PROMPTS[:1])
    assert sampled.prefix_hits == 0
