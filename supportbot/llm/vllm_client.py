"""vLLM reply backend: the OpenAI-compatible HTTP API of ``vllm serve``, with the LoRA adapter as model.

Start the server with the adapter registered under a name (see README, "Reply model")::

    vllm serve HuggingFaceTB/SmolLM2-135M-Instruct --enable-lora \
        --lora-modules supportbot=/path/to/adapter --max-lora-rank 16

Requests go to ``POST /v1/chat/completions`` with ``model`` = the adapter name. A new adapter is
hot-swapped with ``POST /v1/load_lora_adapter`` (server started with
``VLLM_ALLOW_RUNTIME_LORA_UPDATING=True``). Timeouts, connection errors and 5xx answers are
retried ``max_retries`` times with a short backoff; 4xx and malformed answers are not retried.
Every failure ends as :class:`BackendError`.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from supportbot.errors import BackendError, ReplyTooSlow
from supportbot.lazy import require
from supportbot.llm.base import ChatMessage


class VLLMBackend:
    """A ``ReplyBackend`` talking to a vLLM server."""

    def __init__(
        self,
        base_url: str,
        model: str,
        *,
        api_key: str | None = None,
        timeout_s: float = 30.0,
        max_retries: int = 2,
        max_new_tokens: int = 96,
        temperature: float = 0.0,
        backoff_s: float = 0.5,
        max_parallel: int = 8,
    ) -> None:
        httpx = require("httpx", "the vLLM backend")
        headers = {"Authorization": f"Bearer {api_key}"} if api_key else {}
        self._httpx = httpx
        self._client = httpx.Client(base_url=base_url.rstrip("/"), timeout=timeout_s, headers=headers)
        self.model = model
        self.name = f"vllm:{model}"
        self.max_retries = max_retries
        self.max_new_tokens = max_new_tokens
        self.temperature = temperature
        self.backoff_s = backoff_s
        self.max_parallel = max_parallel

    def close(self) -> None:
        self._client.close()

    # -- HTTP with retries ----------------------------------------------------------------------
    def _post(self, path: str, payload: dict[str, Any], deadline: float | None = None) -> Any:
        """POST with retries; with a ``deadline`` (``time.monotonic()``), no attempt runs past it
        and running out of time raises :class:`ReplyTooSlow` instead of retrying."""
        httpx = self._httpx
        last = ""
        for attempt in range(self.max_retries + 1):
            if attempt:
                time.sleep(self.backoff_s * 2 ** (attempt - 1))
            timeout: Any = self._client.timeout
            if deadline is not None:
                left = deadline - time.monotonic()
                if left <= 0:
                    raise ReplyTooSlow(f"vLLM {path}: deadline passed after {attempt} attempts ({last})")
                timeout = httpx.Timeout(min(left, self._client.timeout.read or left))
            try:
                response = self._client.post(path, json=payload, timeout=timeout)
            except httpx.TimeoutException:
                if deadline is not None and time.monotonic() >= deadline:
                    raise ReplyTooSlow(f"vLLM {path}: no answer by the deadline") from None
                last = f"timed out after {self._client.timeout.read}s"
                continue
            except httpx.TransportError as exc:
                last = f"cannot reach {self._client.base_url}: {exc}"
                continue
            if response.status_code >= 500:
                last = f"server error {response.status_code}: {response.text[:200]}"
                continue
            if response.status_code >= 400:
                raise BackendError(f"vLLM rejected {path} ({response.status_code}): {response.text[:200]}")
            return response
        raise BackendError(f"vLLM {path} failed after {self.max_retries + 1} attempts: {last}")

    def _payload(
        self, messages: list[ChatMessage], max_new_tokens: int | None, stream: bool
    ) -> dict[str, Any]:
        return {
            "model": self.model,
            "messages": list(messages),
            "max_tokens": max_new_tokens or self.max_new_tokens,
            "temperature": self.temperature,
            "stream": stream,
        }

    # -- ReplyBackend ---------------------------------------------------------------------------
    def _one(self, messages: list[ChatMessage], max_new_tokens: int | None, deadline: float | None) -> str:
        response = self._post(
            "/v1/chat/completions", self._payload(messages, max_new_tokens, False), deadline
        )
        try:
            content = response.json()["choices"][0]["message"]["content"]
        except (ValueError, KeyError, IndexError, TypeError) as exc:
            raise BackendError(f"malformed vLLM answer: {response.text[:200]!r}") from exc
        if not isinstance(content, str):
            raise BackendError(f"malformed vLLM answer: content is {type(content).__name__}")
        return content.strip()

    def generate(
        self,
        batch: list[list[ChatMessage]],
        *,
        max_new_tokens: int | None = None,
        deadline: float | None = None,
    ) -> list[str]:
        """Concurrent requests: vLLM batches them on the server (continuous batching)."""
        if len(batch) <= 1:
            return [self._one(messages, max_new_tokens, deadline) for messages in batch]
        with ThreadPoolExecutor(max_workers=min(self.max_parallel, len(batch))) as pool:
            return list(pool.map(lambda messages: self._one(messages, max_new_tokens, deadline), batch))

    def stream(self, messages: list[ChatMessage], *, max_new_tokens: int | None = None) -> Iterator[str]:
        httpx = self._httpx
        payload = self._payload(messages, max_new_tokens, True)
        try:
            with self._client.stream("POST", "/v1/chat/completions", json=payload) as response:
                if response.status_code >= 400:
                    response.read()
                    raise BackendError(f"vLLM stream failed ({response.status_code}): {response.text[:200]}")
                for line in response.iter_lines():
                    if not line.startswith("data:"):
                        continue
                    data = line[5:].strip()
                    if data == "[DONE]":
                        return
                    try:
                        delta = json.loads(data)["choices"][0].get("delta", {})
                    except (ValueError, KeyError, IndexError, TypeError, AttributeError) as exc:
                        raise BackendError(f"malformed vLLM stream chunk: {data[:200]!r}") from exc
                    piece = delta.get("content") if isinstance(delta, dict) else None
                    if piece:
                        yield piece
        except httpx.TimeoutException as exc:
            raise BackendError("vLLM stream timed out") from exc
        except httpx.TransportError as exc:
            raise BackendError(f"cannot reach vLLM: {exc}") from exc

    # -- adapters -------------------------------------------------------------------------------
    def load_adapter(self, name: str, path: str) -> None:
        """Hot-swap: register (or replace) a LoRA adapter on the running server."""
        self._post("/v1/load_lora_adapter", {"lora_name": name, "lora_path": path})

    def unload_adapter(self, name: str) -> None:
        self._post("/v1/unload_lora_adapter", {"lora_name": name})
