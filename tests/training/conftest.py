"""The tiny Llama the LoRA training tests fine-tune (see tests/tiny_llama.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.tiny_llama import save_tiny_llama


@pytest.fixture(scope="session")
def tiny_base_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return save_tiny_llama(tmp_path_factory.mktemp("tiny-llama"))
