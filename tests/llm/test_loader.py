"""load_backend: backend choice, caching and adapter resolution (no model is loaded here)."""

from __future__ import annotations

from pathlib import Path

import pytest

from supportbot.errors import ArtifactError
from supportbot.llm import load_backend
from supportbot.llm.loader import DEFAULT_ADAPTER, adapter_for, clear_backend_cache, smoothquant_for
from supportbot.llm.smoothing import SmoothQuant
from supportbot.llm.vllm_client import VLLMBackend
from supportbot.settings import load_settings


def test_template_backend_means_no_llm() -> None:
    assert load_backend(load_settings(llm={"backend": "template"})) is None


def test_vllm_backend_is_cached_per_configuration() -> None:
    clear_backend_cache()
    settings = load_settings(llm={"backend": "vllm", "vllm_url": "http://127.0.0.1:8011", "max_retries": 4})
    first = load_backend(settings)
    assert isinstance(first, VLLMBackend) and first.max_retries == 4 and first.model == "supportbot"
    assert load_backend(settings) is first
    other = load_backend(load_settings(llm={"backend": "vllm", "vllm_model": "other"}))
    assert other is not first
    clear_backend_cache()


def test_adapter_resolution(tmp_path: Path) -> None:
    assert adapter_for(load_settings().llm) == DEFAULT_ADAPTER
    assert adapter_for(load_settings(llm={"use_adapter": False}).llm) is None
    assert adapter_for(load_settings(llm={"adapter_path": "none"}).llm) is None
    with pytest.raises(ArtifactError, match="not found"):
        adapter_for(load_settings(llm={"adapter_path": str(tmp_path)}).llm)


def test_smoothquant_follows_the_settings() -> None:
    assert smoothquant_for(load_settings().llm) == SmoothQuant(alpha=0.8, alpha_down=0.75, examples=16)
    custom = load_settings(llm={"smoothquant_alpha": 0.5, "smoothquant_examples": 4}).llm
    assert smoothquant_for(custom) == SmoothQuant(alpha=0.5, alpha_down=0.75, examples=4)
    assert smoothquant_for(load_settings(llm={"smoothquant": False}).llm) is None
