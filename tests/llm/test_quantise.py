"""int8 dynamic quantisation with the down-projections kept at fp16 (``llm.fp16_modules``)."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from supportbot.llm.decode import greedy_decode
from supportbot.llm.fuse import fuse_projections
from supportbot.llm.inprocess import quantise_int8

torch = pytest.importorskip("torch")


def _dtypes(model: Any) -> dict[str, Any]:
    from torch.ao.nn.quantized.dynamic import Linear as DynamicLinear

    return {name: m._packed_params.dtype for name, m in model.named_modules() if type(m) is DynamicLinear}


def test_named_linears_keep_fp16_weights_and_the_rest_are_int8_and_fused(tiny_model: Any) -> None:
    model = quantise_int8(copy.deepcopy(tiny_model), ["down_proj"])
    dtypes = _dtypes(model)
    down = [name for name in dtypes if name.endswith("down_proj")]
    assert len(down) == tiny_model.config.num_hidden_layers
    assert all(dtypes[name] == torch.float16 for name in down)
    assert all(dtype == torch.qint8 for name, dtype in dtypes.items() if name not in down)
    assert not any(isinstance(m, torch.nn.Linear) for m in model.modules())  # every linear converted
    assert fuse_projections(model) == 2 * tiny_model.config.num_hidden_layers  # q/k/v and gate/up still fuse
    assert set(_dtypes(quantise_int8(copy.deepcopy(tiny_model))).values()) == {torch.qint8}


def test_fp16_down_projections_bring_the_logits_closer_to_fp32(tiny_model: Any) -> None:
    """On a prompt whose activations vary widely, the mixed model's logits sit closer to the fp32
    model's than all-int8 ones do, and greedy decoding runs on it."""
    ids = torch.randint(3, 96, (1, 24), generator=torch.Generator().manual_seed(4))
    with torch.inference_mode():
        reference = tiny_model(input_ids=ids).logits
        errors = {}
        for name, keep in (("int8", []), ("mixed", ["down_proj"])):
            model = quantise_int8(copy.deepcopy(tiny_model), keep)
            fuse_projections(model)
            errors[name] = float((model(input_ids=ids).logits - reference).abs().mean())
            out = greedy_decode(
                model, ids, torch.ones_like(ids), max_new_tokens=8, eos_token_ids=[2], pad_token_id=0
            )
            assert out.shape[0] == 1 and out.shape[1] >= 1
    assert errors["mixed"] < errors["int8"], errors
