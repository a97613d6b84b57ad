"""Per-type precision, recall and F1 of the extractor on annotated examples.

A prediction is correct when type, start, end *and* normalised value equal the gold span
(exact match). Each source is scored only on the types it annotates (Bitext does not annotate
products or dates, so a correct product found in a Bitext sentence is neither rewarded nor
punished there).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable

from pydantic import BaseModel, ConfigDict

from supportbot.entities.dataset import ANNOTATED_TYPES
from supportbot.entities.examples import Example
from supportbot.entities.extractor import EntityExtractor
from supportbot.entities.types import ENTITY_TYPES


class TypeScore(BaseModel):
    model_config = ConfigDict(extra="forbid")

    type: str
    support: int
    tp: int
    fp: int
    fn: int
    precision: float
    recall: float
    f1: float
    span_f1: float


class EvalReport(BaseModel):
    model_config = ConfigDict(extra="forbid")

    examples: int
    scores: list[TypeScore]
    micro_f1: float
    errors: list[dict[str, str]]

    def score(self, kind: str) -> TypeScore:
        return next(s for s in self.scores if s.type == kind)


def _prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def evaluate(
    extractor: EntityExtractor, examples: Iterable[Example], *, today: dt.date, max_errors: int = 40
) -> EvalReport:
    tp: Counter[str] = Counter()
    fp: Counter[str] = Counter()
    fn: Counter[str] = Counter()
    span_tp: Counter[str] = Counter()
    span_fp: Counter[str] = Counter()
    span_fn: Counter[str] = Counter()
    errors: list[dict[str, str]] = []
    count = 0
    for ex in examples:
        count += 1
        scored = ANNOTATED_TYPES.get(ex.source, frozenset(ENTITY_TYPES))
        gold = {(s.type, s.start, s.end, s.value) for s in ex.spans if s.type in scored}
        pred = {
            (e.type, e.start, e.end, e.value)
            for e in extractor.extract(ex.text, today=today).entities
            if e.type in scored
        }
        for kind, *_ in gold & pred:
            tp[kind] += 1
        for kind, *_ in pred - gold:
            fp[kind] += 1
        for kind, *_ in gold - pred:
            fn[kind] += 1
        gold_spans = {g[:3] for g in gold}
        pred_spans = {p[:3] for p in pred}
        for kind, *_ in gold_spans & pred_spans:
            span_tp[kind] += 1
        for kind, *_ in pred_spans - gold_spans:
            span_fp[kind] += 1
        for kind, *_ in gold_spans - pred_spans:
            span_fn[kind] += 1
        if gold != pred and len(errors) < max_errors:
            errors.append(
                {
                    "text": ex.text,
                    "missed": "; ".join(f"{t}:{ex.text[s:e]!r}->{v}" for t, s, e, v in sorted(gold - pred)),
                    "spurious": "; ".join(f"{t}:{ex.text[s:e]!r}->{v}" for t, s, e, v in sorted(pred - gold)),
                }
            )
    scores = []
    for kind in ENTITY_TYPES:
        support = tp[kind] + fn[kind]
        if not support and not fp[kind]:
            continue
        p, r, f = _prf(tp[kind], fp[kind], fn[kind])
        sf = _prf(span_tp[kind], span_fp[kind], span_fn[kind])[2]
        scores.append(
            TypeScore(
                type=kind,
                support=support,
                tp=tp[kind],
                fp=fp[kind],
                fn=fn[kind],
                precision=round(p, 4),
                recall=round(r, 4),
                f1=round(f, 4),
                span_f1=round(sf, 4),
            )
        )
    micro = _prf(sum(tp.values()), sum(fp.values()), sum(fn.values()))[2]
    return EvalReport(examples=count, scores=scores, micro_f1=round(micro, 4), errors=errors)
