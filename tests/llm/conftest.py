"""The tiny Llama of the LLM tests (see tests/tiny_llama.py)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.tiny_llama import save_tiny_llama


@pytest.fixture(scope="session")
def tiny_llm_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    # Larger random weights: varied greedy continuations, not one repeated token.
    return save_tiny_llama(tmp_path_factory.mktemp("tiny-llm"), weight_scale=4.0)


@pytest.fixture(scope="module")
def tiny_model() -> Any:
    """A 2-layer Llama built from a config, in memory (token 0 pads, 1 begins, 2 ends)."""
    torch = pytest.importorskip("torch")
    transformers = pytest.importorskip("transformers")
    config = transformers.LlamaConfig(
        vocab_size=96,
        hidden_size=32,
        intermediate_size=64,
        num_hidden_layers=2,
        num_attention_heads=4,
        num_key_value_heads=2,
        max_position_embeddings=256,
        tie_word_embeddings=True,
        pad_token_id=0,
        bos_token_id=1,
        eos_token_id=2,
    )
    torch.manual_seed(0)
    model = transformers.LlamaForCausalLM(config).eval()
    # Larger random weights give varied (not constant) greedy continuations.
    with torch.no_grad():
        for p in model.parameters():
            p.mul_(8.0)
    return model
