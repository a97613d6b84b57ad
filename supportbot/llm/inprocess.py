"""In-process reply backend: transformers + the shipped LoRA adapter, on CPU or GPU.

The adapter is merged into the base weights once at load (no LoRA overhead per token). On CPU the
linear layers are then int8 dynamically quantised (``torch.ao`` dynamic quantisation, one weight
scale per output row; SmoothQuant scales folded in first, :mod:`supportbot.llm.smoothing`; the
names in ``settings.llm.fp16_modules``, by default the MLP down-projections whose inputs carry
activation outliers, keep fp16 weights and fp32 activations), or given fp16 weights, or cast to
bf16, per ``settings.llm.quantization``; int8 q/k/v and gate/up projections are then fused into one
int8 linear each, with the same numbers (:mod:`supportbot.llm.fuse`). Batches are left-padded and
generated together; :meth:`InProcessBackend.stream` yields text pieces through
``TextIteratorStreamer``.

Greedy decoding (``temperature == 0``, the default) runs :func:`~supportbot.llm.decode.greedy_decode`
(same tokens as ``model.generate(do_sample=False)``, without its per-step overhead, with a
preallocated KV cache, stopping when every sequence of the batch has finished); sampling goes
through ``model.generate``.

A greedy reply whose prompt starts with the constant start of the reply prompt (system turn up
to the ticket text, :mod:`supportbot.llm.prefix_cache`) reuses that start's keys and values,
computed once per backend, and prefills only the rest. In a batch every row must start with it:
the rows are then laid out as ``[prefix][padding][row's rest]`` (the rests left-padded among
themselves) and only the rests are prefilled; if any row does not start with it, the whole
left-padded prompts are prefilled, as before.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from supportbot.errors import ArtifactError, BackendError, ReplyTooSlow
from supportbot.lazy import require
from supportbot.llm.base import ChatMessage
from supportbot.llm.base_model import resolve_base
from supportbot.llm.decode import greedy_decode
from supportbot.llm.fuse import fuse_projections
from supportbot.llm.prefix_cache import (
    PrefixKV,
    compute_prefix_kv,
    prefix_ids,
    prefix_rests,
    reply_prompt_prefix,
)
from supportbot.llm.smoothing import SmoothQuant


def _quantize_dynamic() -> Any:
    import torch

    return getattr(torch.ao.quantization, "quantize_dynamic", None) or torch.quantization.quantize_dynamic


def quantise_int8(model: Any, fp16_modules: Sequence[str] = ()) -> Any:
    """Dynamic int8 quantisation of every nn.Linear (weights int8 with one scale per output row,
    activations quantised per call with one scale per pass), except the linears whose name ends
    with one of ``fp16_modules``: those keep fp16 weights and fp32 activations (fbgemm dynamic fp16)."""
    import torch
    from torch.ao.quantization import float16_dynamic_qconfig, per_channel_dynamic_qconfig

    spec = {
        name: float16_dynamic_qconfig
        if any(name.endswith(suffix) for suffix in fp16_modules)
        else per_channel_dynamic_qconfig
        for name, module in model.named_modules()
        if isinstance(module, torch.nn.Linear)
    }
    return _quantize_dynamic()(model, spec)


def quantise_fp16(model: Any) -> Any:
    """fp16 weights for every nn.Linear, fp32 activations (fbgemm dynamic fp16): no activation
    scale shared across the rows of a pass, so a row's tokens do not depend on its batch mates."""
    import torch

    return _quantize_dynamic()(model, {torch.nn.Linear}, dtype=torch.float16)


class InProcessBackend:
    """A ``ReplyBackend`` running the model in this process."""

    def __init__(
        self,
        base_model: str,
        adapter_path: Path | None,
        *,
        quantization: str = "int8",
        max_new_tokens: int = 96,
        temperature: float = 0.0,
        threads: int | None = None,
        device: str | None = None,
        prefix_cache: bool = True,
        fuse: bool = True,
        fp16_modules: Sequence[str] = (),
        smoothquant: SmoothQuant | None = None,
    ) -> None:
        torch = require("torch", "the in-process reply model")
        transformers = require("transformers", "the in-process reply model")
        if threads:
            torch.set_num_threads(threads)
        self.device = device or ("cuda" if torch.cuda.is_available() else "cpu")
        self.max_new_tokens = max_new_tokens
        self.temperature = temperature
        path = resolve_base(base_model)
        self.name = f"inprocess:{base_model}" + (f"+{adapter_path.name}" if adapter_path else "")
        try:
            self.tokenizer = transformers.AutoTokenizer.from_pretrained(path, local_files_only=True)
            dtype = torch.bfloat16 if self.device == "cuda" else torch.float32
            model = transformers.AutoModelForCausalLM.from_pretrained(
                path, dtype=dtype, local_files_only=True
            )
        except OSError as exc:
            raise ArtifactError(
                f"cannot load reply base model {base_model!r} offline: {str(exc).splitlines()[0]}",
                hint="set llm.base_model to 'smollm2-135m', a local directory or a model in the HF cache",
            ) from None
        if adapter_path is not None:
            model = self._merge_adapter(model, adapter_path)
        self.smoothed_layers = 0  # decoder layers given SmoothQuant scales before int8
        model.eval()
        if self.device == "cpu":
            if quantization == "int8":
                if smoothquant is not None:
                    self.smoothed_layers = smoothquant.apply(model, self.tokenizer)
                model = quantise_int8(model, fp16_modules)
                if fuse:
                    fuse_projections(model)
            elif quantization == "fp16":
                model = quantise_fp16(model)
            elif quantization == "bf16":
                model = model.to(torch.bfloat16)
        else:
            model = model.to(self.device)
        self.model = model
        self.tokenizer.padding_side = "left"
        if self.tokenizer.pad_token is None:
            self.tokenizer.pad_token = self.tokenizer.eos_token
        self._lock = threading.Lock()  # one generate() at a time on a shared model
        self.prefix_cache = prefix_cache
        self._prefix: PrefixKV | None = None
        self._prefix_done = False
        self.prefix_hits = 0  # prompts (batch rows) whose reply reused the cached prefix

    @staticmethod
    def _merge_adapter(model: Any, adapter_path: Path) -> Any:
        peft = require("peft", "the LoRA adapter")
        if not (adapter_path / "adapter_config.json").is_file():
            raise ArtifactError(
                f"no LoRA adapter in {adapter_path} (adapter_config.json missing)",
                hint="train one with 'supportbot train sft' or set llm.use_adapter = false",
            )
        try:
            return peft.PeftModel.from_pretrained(model, str(adapter_path)).merge_and_unload()
        except (OSError, ValueError, RuntimeError, KeyError) as exc:
            raise ArtifactError(f"cannot apply the LoRA adapter in {adapter_path}: {exc}") from None

    def _encode(self, batch: list[list[ChatMessage]]) -> Any:
        texts = [
            self.tokenizer.apply_chat_template(list(messages), tokenize=False, add_generation_prompt=True)
            for messages in batch
        ]
        return self.tokenizer(texts, return_tensors="pt", padding=True, add_special_tokens=False).to(
            self.device
        )

    def _gen_kwargs(self, max_new_tokens: int | None) -> dict[str, Any]:
        kwargs: dict[str, Any] = {
            "max_new_tokens": max_new_tokens or self.max_new_tokens,
            "pad_token_id": self.tokenizer.pad_token_id,
            "eos_token_id": self.tokenizer.eos_token_id,
        }
        if self.temperature > 0:
            kwargs.update(do_sample=True, temperature=self.temperature, top_p=0.95)
        else:
            kwargs.update(do_sample=False)
        return kwargs

    def cached_prefix(self) -> PrefixKV | None:
        """The reply prompt's constant start with its keys and values (computed on first use);
        None when prefix caching is off or the tokenizer has no chat template. Call under the lock."""
        if not self.prefix_cache:
            return None
        if not self._prefix_done:
            self._prefix_done = True
            try:
                ids = prefix_ids(self.tokenizer, reply_prompt_prefix(self.tokenizer))
            except (ValueError, TypeError, KeyError):  # no usable chat template
                ids = ()
            if ids:
                self._prefix = compute_prefix_kv(self.model, ids)
        return self._prefix

    def _new_tokens(
        self, inputs: Any, max_new_tokens: int | None, streamer: Any = None, deadline: float | None = None
    ) -> Any:
        """The generated token ids ``[batch, n]`` (call under the lock and inference mode);
        :class:`ReplyTooSlow` when ``deadline`` passes first."""
        if self.temperature > 0:
            kwargs = self._gen_kwargs(max_new_tokens)
            if deadline is not None:
                kwargs["max_time"] = max(deadline - time.monotonic(), 0.0)
            output = self.model.generate(**inputs, streamer=streamer, **kwargs)
            new = output[:, inputs["input_ids"].shape[1] :]
            cut = new.shape[1] < kwargs["max_new_tokens"] and not bool(
                (new == self.tokenizer.eos_token_id).any(-1).all()
            )
            if deadline is not None and cut:  # max_time stopped it, not EOS nor max_new_tokens
                raise ReplyTooSlow("reply generation stopped at its deadline")
            return new
        on_tokens = None if streamer is None else streamer.put
        input_ids, attention_mask = inputs["input_ids"], inputs["attention_mask"]
        prefix = self.cached_prefix()
        pad = self.tokenizer.pad_token_id
        rests = None if prefix is None else prefix_rests(prefix, input_ids, attention_mask, pad)
        if rests is not None:
            input_ids, attention_mask = rests
            self.prefix_hits += input_ids.shape[0]
        else:
            prefix = None
        tokens = greedy_decode(
            self.model,
            input_ids,
            attention_mask,
            max_new_tokens=max_new_tokens or self.max_new_tokens,
            eos_token_ids=[self.tokenizer.eos_token_id],
            pad_token_id=pad,
            on_tokens=on_tokens,
            prefix=prefix,
            stop_at=deadline,
        )
        if streamer is not None:
            streamer.end()
        return tokens

    def generate(
        self,
        batch: list[list[ChatMessage]],
        *,
        max_new_tokens: int | None = None,
        deadline: float | None = None,
    ) -> list[str]:
        if not batch:
            return []
        import torch

        inputs = self._encode(batch)
        try:
            with self._lock, torch.inference_mode():
                new_tokens = self._new_tokens(inputs, max_new_tokens, deadline=deadline)
        except (RuntimeError, ValueError) as exc:
            raise BackendError(f"generation failed: {exc}") from exc
        return [text.strip() for text in self.tokenizer.batch_decode(new_tokens, skip_special_tokens=True)]

    def stream(self, messages: list[ChatMessage], *, max_new_tokens: int | None = None) -> Iterator[str]:
        import torch
        from transformers import TextIteratorStreamer

        inputs = self._encode([messages])
        # The greedy loop hands the streamer only new tokens; generate() also hands it the prompt.
        streamer = TextIteratorStreamer(
            self.tokenizer, skip_prompt=self.temperature > 0, skip_special_tokens=True, timeout=120
        )
        errors: list[BaseException] = []

        def run() -> None:
            try:
                with self._lock, torch.inference_mode():
                    self._new_tokens(inputs, max_new_tokens, streamer)
            except BaseException as exc:  # reported to the consumer below
                errors.append(exc)
                streamer.end()

        thread = threading.Thread(target=run, name="reply-stream", daemon=True)
        thread.start()
        for piece in streamer:
            if piece:
                yield piece
        thread.join()
        if errors:
            raise BackendError(f"generation failed: {errors[0]}") from errors[0]

    def perplexity_inputs(self) -> tuple[Any, Any]:
        """(model, tokenizer) for evaluation code that scores references."""
        return self.model, self.tokenizer
