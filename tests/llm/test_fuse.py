"""Fused int8 q/k/v and gate/up projections compute exactly what the separate ones did."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from supportbot.llm.decode import greedy_decode
from supportbot.llm.fuse import fuse_linears, fuse_projections
from supportbot.llm.inprocess import InProcessBackend, quantise_int8

torch = pytest.importorskip("torch")
transformers = pytest.importorskip("transformers")


def test_fused_linear_equals_the_separate_ones_bit_for_bit() -> None:
    torch.manual_seed(1)
    linears = [
        quantise_int8(torch.nn.Sequential(torch.nn.Linear(48, n, bias=bias)))[0]
        for n, bias in ((48, True), (16, False), (16, True))
    ]
    fused = fuse_linears(linears)
    assert fused.weight().qscheme() == torch.per_channel_affine
    for shape in ((1, 1, 48), (3, 7, 48)):
        x = torch.randn(shape) * 5
        with torch.inference_mode():
            assert torch.equal(fused(x), torch.cat([m(x) for m in linears], dim=-1))


def test_fused_model_gives_identical_logits_and_tokens(tiny_model: Any) -> None:
    plain = quantise_int8(copy.deepcopy(tiny_model))
    fused = quantise_int8(copy.deepcopy(tiny_model))
    assert fuse_projections(fused) == 2 * 2  # attention and MLP of both layers
    attn = fused.model.layers[0].self_attn
    assert type(attn.q_proj).__name__ == "FusedSlice" and attn.qkv_proj.out_features == 32 + 16 + 16
    ids = torch.randint(3, 96, (2, 9), generator=torch.Generator().manual_seed(2))
    mask = torch.ones_like(ids)
    mask[1, :3] = 0  # a left-padded row
    with torch.inference_mode():
        assert torch.equal(
            plain(input_ids=ids, attention_mask=mask).logits, fused(input_ids=ids, attention_mask=mask).logits
        )
        ours = greedy_decode(fused, ids, mask, max_new_tokens=16, eos_token_ids=[2], pad_token_id=0)
        reference = greedy_decode(plain, ids, mask, max_new_tokens=16, eos_token_ids=[2], pad_token_id=0)
    assert torch.equal(ours, reference)
    assert len(set(reference[0].tolist())) > 2


def test_fp32_models_are_left_alone(tiny_model: Any) -> None:
    model = copy.deepcopy(tiny_model)
    assert fuse_projections(model) == 0
    assert isinstance(model.model.layers[0].self_attn.q_proj, torch.nn.Linear)


@pytest.mark.slow
def test_real_model_fused_replies_equal_unfused() -> None:
    from supportbot.llm.loader import DEFAULT_ADAPTER
    from supportbot.llm.prompt import ReplyContext, build_messages

    torch.set_num_threads(1)
    fused = InProcessBackend("smollm2-135m", DEFAULT_ADAPTER, quantization="int8", max_new_tokens=32)
    plain = InProcessBackend(
        "smollm2-135m", DEFAULT_ADAPTER, quantization="int8", max_new_tokens=32, fuse=False
    )
    assert type(fused.model.model.layers[5].mlp.up_proj).__name__ == "FusedSlice"
    assert type(plain.model.model.layers[5].mlp.up_proj).__name__ != "FusedSlice"
    prompts = [
        build_messages(
            ReplyContext(ticket=ticket, intent="track_order", kind="inform", task="Answer about the order.")
        )
        for ticket in ("Where is my order #W2611340?", "My kettle is late, where is it? Order #W9300146.")
    ]
    for messages in prompts:  # single stream (cached prefix)
        assert fused.generate([messages]) == plain.generate([messages])
    assert fused.generate(prompts) == plain.generate(prompts)  # a batch (whole prefill)
