"""Reply-model backends behind one interface: in-process transformers+peft, or a vLLM server.

Use :func:`load_backend` (cached per configuration); see :mod:`supportbot.llm.loader`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from supportbot.llm.base import ReplyBackend
    from supportbot.settings import Settings


def load_backend(settings: Settings | None = None) -> ReplyBackend | None:
    """The configured reply backend, or None when ``llm.backend`` is 'template' (no LLM)."""
    from supportbot.llm.loader import load_backend as _load

    return _load(settings)


__all__ = ["load_backend"]
