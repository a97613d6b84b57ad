"""Train the statistical NER of the entity pipeline (spaCy, CPU, a few minutes).

A blank English pipeline with a small ``ner`` (hash-embedding CNN, width 64, depth 2): it only
has to learn id-like tokens, names and their context, and it must run in well under a
millisecond per ticket. Trained on the Bitext spans and the synthetic tickets of
:func:`supportbot.entities.dataset.build_datasets`; the held-out part is never seen.
"""

from __future__ import annotations

import json
import random
import time
from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from supportbot.entities.examples import Example
from supportbot.entities.extractor import NER_LABELS
from supportbot.lazy import require

TYPE_TO_LABEL = {v: k for k, v in NER_LABELS.items()}

NER_MODEL_CONFIG: dict[str, Any] = {
    "@architectures": "spacy.TransitionBasedParser.v2",
    "state_type": "ner",
    "extra_state_tokens": False,
    "hidden_width": 64,
    "maxout_pieces": 2,
    "use_upper": True,
    "nO": None,
    "tok2vec": {
        "@architectures": "spacy.HashEmbedCNN.v2",
        "pretrained_vectors": None,
        "width": 64,
        "depth": 2,
        "embed_size": 2000,
        "window_size": 1,
        "maxout_pieces": 3,
        "subword_features": True,
    },
}


@dataclass
class TrainReport:
    seed: int
    epochs: int
    examples: int
    skipped_spans: int
    label_counts: dict[str, int]
    losses: list[float] = field(default_factory=list)
    seconds: float = 0.0
    model_bytes: int = 0


def _to_spacy(nlp: Any, examples: list[Example]) -> tuple[list[Any], int, Counter[str]]:
    from spacy.training import Example as SpacyExample

    out = []
    skipped = 0
    counts: Counter[str] = Counter()
    for ex in examples:
        doc = nlp.make_doc(ex.text)
        ents = []
        for span in ex.spans:
            label = TYPE_TO_LABEL.get(span.type)
            if label is None:
                continue
            char_span = doc.char_span(span.start, span.end, label=label, alignment_mode="expand")
            if char_span is None:
                skipped += 1
                continue
            ents.append((char_span.start_char, char_span.end_char, label))
            counts[label] += 1
        try:
            out.append(SpacyExample.from_dict(doc, {"entities": ents}))
        except ValueError:  # overlapping spans after expansion
            skipped += len(ents)
    return out, skipped, counts


def _dir_bytes(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def train_ner(
    train: list[Example],
    out_dir: Path,
    *,
    seed: int,
    epochs: int = 12,
    dropout: float = 0.2,
    progress: bool = True,
) -> TrainReport:
    """Train, save the pipeline to ``out_dir`` (with ``training.json`` and a loss plot)."""
    spacy = require("spacy", "training the entity NER")
    from spacy.training import Example as SpacyExample  # noqa: F401  (import check)
    from spacy.util import compounding, fix_random_seed, minibatch
    from tqdm import tqdm

    fix_random_seed(seed)
    nlp = spacy.blank("en")
    ner = nlp.add_pipe("ner", config={"model": NER_MODEL_CONFIG})
    for label in NER_LABELS:
        ner.add_label(label)
    examples, skipped, counts = _to_spacy(nlp, train)
    optimizer = nlp.initialize(lambda: examples)
    rng = random.Random(seed)
    report = TrainReport(seed, epochs, len(examples), skipped, dict(counts))
    started = time.perf_counter()
    for epoch in tqdm(range(epochs), desc="ner epochs", unit="epoch", disable=not progress):
        rng.shuffle(examples)
        losses: dict[str, float] = {}
        for batch in minibatch(examples, size=compounding(8.0, 64.0, 1.05)):
            nlp.update(batch, drop=dropout, sgd=optimizer, losses=losses)
        report.losses.append(round(float(losses.get("ner", 0.0)), 3))
        del epoch
    report.seconds = round(time.perf_counter() - started, 1)
    out_dir.mkdir(parents=True, exist_ok=True)
    nlp.meta["name"] = "supportbot_entities"
    nlp.meta["version"] = "1.0.0"
    nlp.meta["description"] = "supportbot entity NER (order/invoice/tracking ids, person names)"
    nlp.to_disk(out_dir)
    report.model_bytes = _dir_bytes(out_dir)
    (out_dir / "training.json").write_text(json.dumps(asdict(report), indent=2) + "\n", encoding="utf-8")
    return report


def plot_losses(report: TrainReport, path: Path) -> Path:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(5, 3))
    ax.plot(range(1, len(report.losses) + 1), report.losses, marker="o")
    ax.set_xlabel("epoch")
    ax.set_ylabel("NER loss")
    ax.set_title("Entity NER training loss")
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=100)
    plt.close(fig)
    return path
