"""bf16 autocast for CPU training only where the CPU has native bf16 (it is emulated on plain AVX-512)."""

from __future__ import annotations

import pytest
import torch

from supportbot.training import sft


@pytest.mark.parametrize(
    ("flags", "expected"),
    [
        ({"avx512f", "avx512bw"}, False),  # plain AVX-512: oneDNN says yes, but bf16 is emulated (slow)
        ({"avx512f", "avx512_bf16"}, True),
        ({"amx_tile", "amx_bf16"}, True),
        (set(), False),
    ],
)
def test_bf16_on_cpu_needs_native_bf16_flags(
    monkeypatch: pytest.MonkeyPatch, flags: set[str], expected: bool
) -> None:
    monkeypatch.setattr(sft, "_cpu_flags", lambda: flags)
    assert sft.cpu_supports_bf16(torch) is expected


def test_without_cpu_flags_onednn_decides(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sft, "_cpu_flags", lambda: None)
    assert sft.cpu_supports_bf16(torch) is bool(torch.ops.mkldnn._is_mkldnn_bf16_supported())


def test_this_machine_has_readable_cpu_flags() -> None:
    flags = sft._cpu_flags()
    assert flags is None or len(flags) > 5
