"""The tiny Llama of the LLM tests (see tests/tiny_llama.py)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.tiny_llama import save_tiny_llama, tiny_llama


@pytest.fixture(scope="session")
def tiny_llm_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    # Larger random weights: varied greedy continuations, not one repeated token.
    return save_tiny_llama(tmp_path_factory.mktemp("tiny-llm"), weight_scale=4.0)


@pytest.fixture(scope="module")
def tiny_model() -> Any:
    """A 2-layer Llama built from a config, in memory (token 0 pads, 1 begins, 2 ends)."""
    pytest.importorskip("transformers")
    return tiny_llama(
        vocab_size=96,
        bos_token_id=1,
        eos_token_id=2,
        pad_token_id=0,
        heads=4,
        kv_heads=2,
        max_positions=256,
        weight_scale=8.0,
    ).eval()
