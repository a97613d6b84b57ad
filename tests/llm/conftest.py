"""The tiny Llama of the LLM tests (see tests/tiny_llama.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.tiny_llama import save_tiny_llama


@pytest.fixture(scope="session")
def tiny_llm_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    # Larger random weights: varied greedy continuations, not one repeated token.
    return save_tiny_llama(tmp_path_factory.mktemp("tiny-llm"), weight_scale=4.0)
