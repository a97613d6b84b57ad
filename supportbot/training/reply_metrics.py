"""Text metrics of generated replies: ROUGE, BLEU, stock-phrase repetition, perplexity."""

from __future__ import annotations

import math
from collections import Counter
from typing import Any

from supportbot.lazy import require
from supportbot.llm.base import ChatMessage


def rouge(predictions: list[str], references: list[str]) -> dict[str, float]:
    """Mean ROUGE-1/2/L F1 (stemmed)."""
    scorer_mod = require("rouge_score.rouge_scorer", "reply evaluation")
    scorer = scorer_mod.RougeScorer(["rouge1", "rouge2", "rougeL"], use_stemmer=True)
    totals = {"rouge1": 0.0, "rouge2": 0.0, "rougeL": 0.0}
    for pred, ref in zip(predictions, references, strict=True):
        scores = scorer.score(ref, pred)
        for key in totals:
            totals[key] += scores[key].fmeasure
    n = max(1, len(predictions))
    return {key: value / n for key, value in totals.items()}


def bleu(predictions: list[str], references: list[str]) -> float:
    """Corpus BLEU on a 0-1 scale (sacrebleu, 13a tokenisation)."""
    sacrebleu = require("sacrebleu", "reply evaluation")
    return float(sacrebleu.corpus_bleu(predictions, [references]).score) / 100.0


def _ngrams(text: str, n: int) -> set[tuple[str, ...]]:
    words = text.lower().split()
    return {tuple(words[i : i + n]) for i in range(len(words) - n + 1)}


def stock_phrase_rate(replies: list[str], n: int = 5, share: float = 0.25) -> float:
    """Share of replies that contain a word n-gram found in at least ``share`` of all replies.

    High values mean the model answers with the same boilerplate whatever the ticket.
    """
    if len(replies) < 4:
        return 0.0
    grams = [_ngrams(reply, n) for reply in replies]
    counts: Counter[tuple[str, ...]] = Counter(g for gs in grams for g in gs)
    stock = {g for g, c in counts.items() if c >= share * len(replies)}
    return sum(1 for gs in grams if gs & stock) / len(replies)


def perplexity(model: Any, tokenizer: Any, prompts: list[list[ChatMessage]], references: list[str]) -> float:
    """exp(mean cross-entropy) of the reference replies' tokens given the prompt."""
    import torch

    total_nll, total_tokens = 0.0, 0
    for messages, reference in zip(prompts, references, strict=True):
        prompt = tokenizer.apply_chat_template(list(messages), tokenize=False, add_generation_prompt=True)
        full = prompt + reference + "<|im_end|>"
        prompt_len = len(tokenizer(prompt, add_special_tokens=False)["input_ids"])
        ids = tokenizer(full, add_special_tokens=False, return_tensors="pt")["input_ids"]
        labels = ids.clone()
        labels[:, :prompt_len] = -100
        with torch.inference_mode():
            out = model(input_ids=ids, labels=labels)
        count = int((labels[:, 1:] != -100).sum())
        total_nll += float(out.loss) * count
        total_tokens += count
    return math.exp(total_nll / max(1, total_tokens))
