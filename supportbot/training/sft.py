"""LoRA supervised fine-tuning of the reply model with trl's SFTTrainer and peft.

The dataset is in conversational prompt-completion form built with the shared
:func:`supportbot.llm.prompt.build_messages`, so the loss covers the assistant reply only and the
adapter learns exactly the prompt the agent sends.
"""

from __future__ import annotations

import platform
import random
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from supportbot.errors import InputError
from supportbot.lazy import require
from supportbot.training.config import SFTRunConfig
from supportbot.training.dataset import ReplyDataset, build_dataset, summary, to_jsonable
from supportbot.training.examples import ReplyExample
from supportbot.training.extra_data import records_sha256
from supportbot.training.loss_plot import plot_loss
from supportbot.training.model_card import write_model_card
from supportbot.training.time_schedule import TIME_COSINE, use_time_cosine


@dataclass
class SFTResult:
    output_dir: Path
    steps: int
    train_time_s: float
    tokens_per_s: float
    final_train_loss: float | None
    eval_losses: list[float]
    record: dict[str, Any]
    model: Any = None  # the trained PeftModel (adapter unmerged)


def _device_and_dtype(config: SFTRunConfig) -> tuple[str, Any]:
    import torch

    if torch.cuda.is_available():
        return (
            "cuda",
            torch.bfloat16 if config.bf16_on_gpu and torch.cuda.is_bf16_supported() else torch.float32,
        )
    return "cpu", torch.float32


def cpu_supports_bf16(torch: Any) -> bool:
    """Whether this CPU runs bf16 matmuls natively (AVX512-BF16 or AMX).

    oneDNN's own check (``mkldnn._is_mkldnn_bf16_supported``) is also true on plain AVX-512, where
    bf16 is emulated: measured on such a CPU, a bf16 matmul ran at a quarter of the fp32 speed and
    bf16 autocast training at a third. So on Linux the CPU flags decide."""
    flags = _cpu_flags()
    if flags is not None:
        return bool(flags & {"avx512_bf16", "amx_bf16"})
    try:
        return bool(torch.ops.mkldnn._is_mkldnn_bf16_supported())
    except (AttributeError, RuntimeError):
        return False


def _cpu_flags() -> set[str] | None:
    """The CPU feature flags from /proc/cpuinfo (None where there is none to read)."""
    try:
        text = Path("/proc/cpuinfo").read_text(encoding="utf-8", errors="replace")
    except OSError:
        return None
    for line in text.splitlines():
        if line.startswith("flags"):
            return set(line.partition(":")[2].split())
    return None


def load_base_for_training(config: SFTRunConfig) -> tuple[Any, Any, str]:
    """(model, tokenizer, resolved path) of the base model, on the training device."""
    transformers = require("transformers", "training")
    from supportbot.llm.base_model import resolve_base

    path = resolve_base(config.base_model)
    device, dtype = _device_and_dtype(config)
    kwargs: dict[str, Any] = {"dtype": dtype, "local_files_only": True}
    if config.qlora:
        if device != "cuda":
            raise InputError("qlora needs a CUDA GPU")
        require("bitsandbytes", "QLoRA training")
        kwargs["quantization_config"] = transformers.BitsAndBytesConfig(
            load_in_4bit=True, bnb_4bit_quant_type="nf4", bnb_4bit_compute_dtype=dtype
        )
    try:
        tokenizer = transformers.AutoTokenizer.from_pretrained(path, local_files_only=True)
        model = transformers.AutoModelForCausalLM.from_pretrained(path, **kwargs)
    except OSError as exc:
        raise InputError(
            f"cannot load base model {config.base_model!r} offline: {str(exc).splitlines()[0]}",
            hint="use 'smollm2-135m', a local directory, or a model already in the Hugging Face cache",
        ) from None
    if tokenizer.pad_token is None:
        tokenizer.pad_token = tokenizer.eos_token
    if device == "cuda" and not config.qlora:
        model = model.to(device)
    return model, tokenizer, path


def load_adapter_for_training(model: Any, adapter_dir: Path) -> tuple[Any, dict[str, Any]]:
    """The base ``model`` with the adapter in ``adapter_dir`` attached, trainable, and a summary of
    that adapter's own model card (recorded as ``continued_from`` in the new card)."""
    peft = require("peft", "training")
    if not (adapter_dir / "adapter_config.json").is_file():
        raise InputError(f"init_adapter {adapter_dir}: no adapter_config.json there")
    try:
        model = peft.PeftModel.from_pretrained(model, str(adapter_dir), is_trainable=True)
    except (OSError, ValueError, RuntimeError, KeyError) as exc:
        raise InputError(f"init_adapter {adapter_dir}: cannot load it onto the base model: {exc}") from None
    parent: dict[str, Any] = {"path": str(adapter_dir)}
    card = adapter_dir / "training.json"
    if card.is_file():
        import json

        info = json.loads(card.read_text(encoding="utf-8"))
        keys = ("command", "created", "steps", "examples_seen", "train_time_s", "tokens_seen", "seed")
        parent.update({k: info.get(k) for k in keys})
        parent["data_sha256"] = info.get("data_sha256")
        if info.get("continued_from"):
            parent["continued_from"] = info["continued_from"]
    return model, parent


def _chat_length(tokenizer: Any, messages: list[Any]) -> int:
    ids = tokenizer.apply_chat_template(messages, tokenize=True)
    if isinstance(ids, dict) or hasattr(ids, "keys"):
        ids = ids["input_ids"]
    return len(ids)


def _token_length(tokenizer: Any, example: ReplyExample) -> int:
    return _chat_length(tokenizer, example.chat())


def fitting_records(
    records: list[dict[str, Any]], tokenizer: Any, max_length: int
) -> tuple[list[dict[str, Any]], int]:
    """The prompt/completion records that fit in ``max_length`` tokens, and their token total."""
    lengths = [_chat_length(tokenizer, [*r["prompt"], *r["completion"]]) for r in records]
    kept = [r for r, n in zip(records, lengths, strict=True) if n <= max_length]
    return kept, sum(n for n in lengths if n <= max_length)


def fitting(examples: list[ReplyExample], tokenizer: Any, max_length: int) -> tuple[list[ReplyExample], int]:
    """Examples whose prompt + reply fit in ``max_length`` tokens (so no reply loses its end), and their token total."""
    lengths = [_token_length(tokenizer, e) for e in examples]
    kept = [e for e, n in zip(examples, lengths, strict=True) if n <= max_length]
    return kept, sum(n for n in lengths if n <= max_length)


def _TimeBudget(budget_s: float, transformers: Any) -> Any:
    """A TrainerCallback that ends training after ``budget_s`` seconds (at a step boundary)."""

    class TimeBudget(transformers.TrainerCallback):
        def __init__(self) -> None:
            self.started = time.perf_counter()

        def on_train_begin(self, args: Any, state: Any, control: Any, **kwargs: Any) -> Any:
            self.started = time.perf_counter()  # the same clock start as the time-based schedule
            return control

        def on_step_end(self, args: Any, state: Any, control: Any, **kwargs: Any) -> Any:
            if time.perf_counter() - self.started > budget_s:
                control.should_training_stop = True
                control.should_evaluate = True
            return control

    return TimeBudget()


def train_sft(
    config: SFTRunConfig,
    output_dir: Path,
    *,
    dataset: ReplyDataset | None = None,
    extra_records: list[dict[str, Any]] | None = None,
    command: str = "supportbot train sft",
    progress: bool = True,
) -> SFTResult:
    """Train a LoRA adapter and write adapter + tokenizer + model card + loss curve to ``output_dir``."""
    torch = require("torch", "training")
    transformers = require("transformers", "training")
    peft = require("peft", "training")
    trl = require("trl", "training")
    datasets = require("datasets", "training")

    transformers.set_seed(config.run_seed)
    if config.threads:
        torch.set_num_threads(config.threads)
    data = dataset or build_dataset(
        seed=config.seed,
        synthetic_per_intent=config.synthetic_per_intent,
        heldout_bitext=config.heldout_bitext,
        heldout_synthetic_per_intent=config.heldout_synthetic_per_intent,
    )
    model, tokenizer, _path = load_base_for_training(config)
    train_examples, train_tokens = fitting(data.train, tokenizer, config.max_length)
    eval_examples, _ = fitting(data.eval, tokenizer, config.max_length)
    eval_examples = eval_examples[: config.eval_examples]
    if not train_examples:
        raise InputError(f"no training example fits in max_length={config.max_length} tokens")

    train_records = [to_jsonable(e) for e in train_examples]
    extra_kept: list[dict[str, Any]] = []
    if extra_records:
        extra_kept, extra_tokens = fitting_records(extra_records, tokenizer, config.max_length)
        train_tokens += extra_tokens
        train_records += extra_kept
        random.Random(config.run_seed).shuffle(train_records)
    train_ds = datasets.Dataset.from_list(train_records)
    eval_ds = datasets.Dataset.from_list([to_jsonable(e) for e in eval_examples]) if eval_examples else None
    device, dtype = _device_and_dtype(config)
    cpu_bf16 = device == "cpu" and config.bf16_on_cpu and cpu_supports_bf16(torch)
    layers = None
    if config.lora_top_layers:
        total = int(model.config.num_hidden_layers)
        layers = list(range(max(0, total - config.lora_top_layers), total))
    lora = peft.LoraConfig(
        layers_to_transform=layers,
        r=config.lora_r,
        lora_alpha=config.lora_alpha,
        lora_dropout=config.lora_dropout,
        target_modules=list(config.target_modules),
        task_type="CAUSAL_LM",
    )
    continued_from = None
    if config.init_adapter:
        model, continued_from = load_adapter_for_training(model, Path(config.init_adapter))
        lora = None  # the adapter brings its own LoRA config
    work_dir = output_dir / ".trainer"
    time_cosine = config.lr_scheduler == TIME_COSINE
    if time_cosine and not config.time_budget_s:
        raise InputError(f"lr_scheduler '{TIME_COSINE}' needs time_budget_s")
    callbacks = []
    if config.time_budget_s:
        callbacks.append(_TimeBudget(config.time_budget_s, transformers))
    args = trl.SFTConfig(
        output_dir=str(work_dir),
        max_length=config.max_length,
        completion_only_loss=True,
        packing=False,
        per_device_train_batch_size=config.batch_size,
        train_sampling_strategy="group_by_length" if config.group_by_length else "random",
        per_device_eval_batch_size=config.batch_size,
        gradient_accumulation_steps=config.grad_accumulation,
        learning_rate=config.learning_rate,
        num_train_epochs=config.epochs,
        max_steps=config.max_steps,
        lr_scheduler_type=config.lr_scheduler if not time_cosine else "constant",
        warmup_steps=config.warmup_ratio,
        weight_decay=config.weight_decay,
        logging_steps=config.logging_steps,
        eval_strategy="steps" if eval_ds is not None else "no",
        eval_steps=config.eval_every_steps,
        save_strategy="no",
        report_to=[],
        seed=config.run_seed,
        data_seed=config.run_seed,
        bf16=(device == "cuda" and dtype == torch.bfloat16) or cpu_bf16,
        use_cpu=device == "cpu",
        gradient_checkpointing=config.gradient_checkpointing,
        disable_tqdm=not progress,
        dataloader_num_workers=0,
        include_num_input_tokens_seen=True,
    )
    trainer = trl.SFTTrainer(
        model=model,
        args=args,
        train_dataset=train_ds,
        eval_dataset=eval_ds,
        processing_class=tokenizer,
        peft_config=lora,
        callbacks=callbacks or None,
    )
    if time_cosine and config.time_budget_s:
        use_time_cosine(trainer, config.time_budget_s, config.warmup_ratio, torch)
    started = time.perf_counter()
    trainer.train()
    train_time = time.perf_counter() - started
    state = trainer.state
    tokens_seen = int(getattr(state, "num_input_tokens_seen", 0) or 0)

    output_dir.mkdir(parents=True, exist_ok=True)
    trainer.model.save_pretrained(str(output_dir))
    tokenizer.save_pretrained(str(output_dir))
    history = list(state.log_history)
    plot_loss(history, output_dir / "loss_curve.png", f"LoRA SFT on {config.base_model}")
    train_losses = [e["loss"] for e in history if "loss" in e]
    eval_losses = [e["eval_loss"] for e in history if "eval_loss" in e]
    examples_seen = state.global_step * config.batch_size * config.grad_accumulation
    record: dict[str, Any] = {
        "command": command,
        "base_model": config.base_model,
        "base_model_id": "HuggingFaceTB/SmolLM2-135M-Instruct"
        if config.base_model == "smollm2-135m"
        else config.base_model,
        "device": f"{device} ({platform.processor() or platform.machine()}, {torch.get_num_threads()} threads"
        + (", bf16 autocast)" if cpu_bf16 else ")"),
        "train_time_s": round(train_time, 1),
        "tokens_per_s": round(tokens_seen / train_time, 1) if train_time and tokens_seen else 0.0,
        "tokens_seen": tokens_seen,
        "steps": state.global_step,
        "examples_seen": min(examples_seen, len(train_records) * max(1, int(config.epochs + 0.999))),
        "train_examples": len(train_records),
        "train_tokens": train_tokens,
        "data_summary": ", ".join(f"{k}: {v}" for k, v in summary(data).items())
        + (f", extra (--extra-data): {len(extra_kept)} of {len(extra_records)} fit" if extra_records else ""),
        "extra_data_sha256": records_sha256(extra_records) if extra_records else None,
        "data_sha256": data.sha256(),
        "final_train_loss": round(train_losses[-1], 4) if train_losses else None,
        "first_eval_loss": round(eval_losses[0], 4) if eval_losses else None,
        "last_eval_loss": round(eval_losses[-1], 4) if eval_losses else None,
        "seed": config.seed,
        "continued_from": continued_from,
        "created": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "config": config.to_dict(),
        "log_history": history,
    }
    write_model_card(output_dir, record)
    import shutil

    shutil.rmtree(work_dir, ignore_errors=True)
    return SFTResult(
        output_dir=output_dir,
        steps=state.global_step,
        train_time_s=train_time,
        tokens_per_s=record["tokens_per_s"],
        final_train_loss=record["final_train_loss"],
        eval_losses=eval_losses,
        record=record,
        model=trainer.model,
    )
