"""The real default reply model (SmolLM2-135M GGUF, dequantised) with the shipped adapter loads and answers."""

from __future__ import annotations

import pytest

from supportbot.llm import load_backend
from supportbot.llm.inprocess import InProcessBackend
from supportbot.llm.loader import DEFAULT_ADAPTER, clear_backend_cache
from supportbot.llm.prompt import ReplyContext, build_messages
from supportbot.settings import load_settings


def test_shipped_adapter_has_its_model_card() -> None:
    for name in (
        "adapter_model.safetensors",
        "adapter_config.json",
        "README.md",
        "loss_curve.png",
        "training.json",
    ):
        assert (DEFAULT_ADAPTER / name).is_file(), name
    size_mb = (DEFAULT_ADAPTER / "adapter_model.safetensors").stat().st_size / 1e6
    assert size_mb < 20
    assert "data sha256" in (DEFAULT_ADAPTER / "README.md").read_text()


@pytest.mark.slow
def test_default_model_and_adapter_answer() -> None:
    clear_backend_cache()
    backend = load_backend(load_settings(llm={"max_new_tokens": 48, "threads": 1}))
    assert isinstance(backend, InProcessBackend) and "adapter" in backend.name
    ctx = ReplyContext(
        ticket="Where is my order #W2611340?",
        customer_name="James Li",
        intent="track_order",
        kind="inform",
        task="Answer about order #W2611340 (track_order) from the order facts.",
        facts={
            "get_order_tracking": {
                "status": "ok",
                "order_id": "#W2611340",
                "order_status": "processed",
                "tracking_ids": ["357962501027"],
            }
        },
    )
    replies = backend.generate(
        [build_messages(ctx), build_messages(ctx.model_copy(update={"customer_name": None}))]
    )
    assert len(replies) == 2
    assert all(len(r.split()) >= 3 for r in replies)
    assert "TICKET:" not in replies[0]  # the base model tends to echo the prompt; the adapter answers
    assert load_backend(load_settings(llm={"max_new_tokens": 48, "threads": 1})) is backend
    clear_backend_cache()
