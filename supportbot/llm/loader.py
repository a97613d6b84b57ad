"""``load_backend``: the configured reply backend, built once per process and configuration.

* ``inprocess`` (default): :class:`~supportbot.llm.inprocess.InProcessBackend` with the shipped
  adapter (``supportbot/models/adapter``) unless ``llm.adapter_path`` names another one, or
  ``llm.use_adapter`` is false / ``llm.adapter_path`` is ``none``.
* ``vllm``: :class:`~supportbot.llm.vllm_client.VLLMBackend`.
* ``template``: no LLM; ``load_backend`` returns ``None`` and the agent writes templated replies.
"""

from __future__ import annotations

import threading
from pathlib import Path

from supportbot.errors import ArtifactError
from supportbot.llm.base import ReplyBackend
from supportbot.llm.smoothing import SmoothQuant
from supportbot.paths import MODELS_DIR
from supportbot.settings import LLMSettings, Settings, get_settings

DEFAULT_ADAPTER = MODELS_DIR / "adapter"

_cache: dict[str, ReplyBackend] = {}
_lock = threading.Lock()


def adapter_for(llm: LLMSettings) -> Path | None:
    """The adapter directory to apply, or None for the bare base model."""
    if not llm.use_adapter or (llm.adapter_path is not None and str(llm.adapter_path).lower() == "none"):
        return None
    path = llm.adapter_path or DEFAULT_ADAPTER
    if not (path / "adapter_config.json").is_file():
        raise ArtifactError(
            f"LoRA adapter not found in {path}",
            hint="set llm.adapter_path to a trained adapter, or llm.use_adapter = false",
        )
    return path


def smoothquant_for(llm: LLMSettings) -> SmoothQuant | None:
    """The SmoothQuant set-up the settings ask for, or None when it is off."""
    if not llm.smoothquant:
        return None
    return SmoothQuant(
        alpha=llm.smoothquant_alpha, alpha_down=llm.smoothquant_alpha_down, examples=llm.smoothquant_examples
    )


def build_backend(llm: LLMSettings) -> ReplyBackend | None:
    """A new backend for these settings (uncached)."""
    if llm.backend == "template":
        return None
    if llm.backend == "vllm":
        from supportbot.llm.vllm_client import VLLMBackend

        return VLLMBackend(
            llm.vllm_url,
            llm.vllm_model,
            api_key=llm.vllm_api_key.get_secret_value() if llm.vllm_api_key else None,
            timeout_s=llm.timeout_s,
            max_retries=llm.max_retries,
            max_new_tokens=llm.max_new_tokens,
            temperature=llm.temperature,
        )
    from supportbot.llm.inprocess import InProcessBackend

    return InProcessBackend(
        llm.base_model,
        adapter_for(llm),
        quantization=llm.quantization,
        fp16_modules=llm.fp16_modules,
        smoothquant=smoothquant_for(llm),
        max_new_tokens=llm.max_new_tokens,
        temperature=llm.temperature,
        threads=llm.threads,
    )


def load_backend(settings: Settings | None = None) -> ReplyBackend | None:
    """The process-wide backend for ``settings.llm`` (cached per configuration); None for 'template'."""
    llm = (settings or get_settings()).llm
    if llm.backend == "template":
        return None
    key = llm.model_dump_json()
    with _lock:
        backend = _cache.get(key)
        if backend is None:
            backend = build_backend(llm)
            assert backend is not None
            _cache[key] = backend
        return backend


def clear_backend_cache() -> None:
    with _lock:
        _cache.clear()
