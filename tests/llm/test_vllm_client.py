"""The vLLM client against a FAKE vLLM server (tests/llm/fake_vllm.py) that follows vLLM's
OpenAI-compatible schema: success, batching, streaming, hot-swapping, and every failure mode."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest

from supportbot.errors import BackendError, ReplyTooSlow
from supportbot.llm.base import ChatMessage
from supportbot.llm.vllm_client import VLLMBackend
from tests.llm.fake_vllm import FakeVLLM

MESSAGES: list[ChatMessage] = [
    {"role": "system", "content": "s"},
    {"role": "user", "content": "Where is #W2611340?"},
]


@pytest.fixture
def fake() -> Iterator[FakeVLLM]:
    with FakeVLLM() as server:
        yield server


def _client(fake: FakeVLLM, **kwargs: float) -> VLLMBackend:
    options = {"timeout_s": 0.5, "max_retries": 2, "backoff_s": 0.01} | kwargs
    return VLLMBackend(fake.url, "supportbot", **options)  # type: ignore[arg-type]


def test_generate_sends_adapter_as_model(fake: FakeVLLM) -> None:
    replies = _client(fake).generate([MESSAGES, MESSAGES], max_new_tokens=40)
    assert len(replies) == 2 and all("reply to: Where is #W2611340?" in r for r in replies)
    path, payload = fake.requests[0]
    assert path == "/v1/chat/completions"
    assert (
        payload["model"] == "supportbot" and payload["max_tokens"] == 40 and payload["messages"] == MESSAGES
    )


def test_stream_yields_pieces(fake: FakeVLLM) -> None:
    pieces = list(_client(fake).stream(MESSAGES))
    assert len(pieces) > 3
    assert "".join(pieces).strip() == _client(fake).generate([MESSAGES])[0]


def test_hot_swap_adapter(fake: FakeVLLM) -> None:
    client = _client(fake)
    client.load_adapter("supportbot", "/adapters/v2")
    assert fake.requests[-1] == (
        "/v1/load_lora_adapter",
        {"lora_name": "supportbot", "lora_path": "/adapters/v2"},
    )
    assert "/adapters/v2" in client.generate([MESSAGES])[0]


@pytest.mark.parametrize("failures", [["500"], ["500", "500"], ["slow"], ["slow", "500"]])
def test_transient_failures_are_retried(fake: FakeVLLM, failures: list[str]) -> None:
    fake.script = list(failures)
    assert "reply to" in _client(fake).generate([MESSAGES])[0]
    assert len(fake.requests) == len(failures) + 1


@pytest.mark.parametrize(
    ("script", "message"), [(["500"] * 3, "server error 500"), (["slow"] * 3, "timed out")]
)
def test_persistent_failures_raise_backend_error_after_retries(
    fake: FakeVLLM, script: list[str], message: str
) -> None:
    fake.script = list(script)
    with pytest.raises(BackendError, match=message):
        _client(fake).generate([MESSAGES])
    assert len(fake.requests) == 3  # 1 + max_retries


def test_a_deadline_bounds_the_request_and_is_not_retried_past(fake: FakeVLLM) -> None:
    fake.script = ["slow"]  # sleeps 1 s; the client's own timeout is 5 s
    client = _client(fake, timeout_s=5.0)
    start = time.monotonic()
    with pytest.raises(ReplyTooSlow):
        client.generate([MESSAGES], deadline=start + 0.3)
    assert time.monotonic() - start < 0.9 and len(fake.requests) == 1
    # in time: answered as usual
    assert "reply to" in client.generate([MESSAGES], deadline=time.monotonic() + 5)[0]


@pytest.mark.parametrize("action", ["malformed", "no_choices", "400"])
def test_malformed_or_rejected_answers_are_not_retried(fake: FakeVLLM, action: str) -> None:
    fake.script = [action]
    with pytest.raises(BackendError):
        _client(fake).generate([MESSAGES])
    assert len(fake.requests) == 1


def test_unknown_adapter_name_is_a_clear_error(fake: FakeVLLM) -> None:
    client = VLLMBackend(fake.url, "no-such-adapter", timeout_s=0.5, max_retries=0)
    with pytest.raises(BackendError, match="does not exist"):
        client.generate([MESSAGES])


def test_unreachable_server() -> None:
    client = VLLMBackend("http://127.0.0.1:9", "supportbot", timeout_s=0.3, max_retries=1, backoff_s=0.01)
    with pytest.raises(BackendError, match="cannot reach"):
        client.generate([MESSAGES])
