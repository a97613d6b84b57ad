"""The labelled corpus for our 44-intent taxonomy: vendored Bitext rows plus synthetic tickets.

* train: 80% of the Bitext rows of the 27 mapped intents, plus synthetic tickets from the
  training pools for all 44 intents and out_of_scope;
* test (held out, never used for tuning): the other 20% of Bitext rows, plus synthetic tickets
  from the separate held-out pools.
"""

from __future__ import annotations

import csv
import hashlib
import random
from pathlib import Path

from pydantic import BaseModel, ConfigDict

from supportbot.intents.examples import LabeledExample
from supportbot.intents.synth import generate
from supportbot.paths import BITEXT_CSV
from supportbot.taxonomy import load_taxonomy

DEFAULT_SEED = 13


class Corpus(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    train: list[LabeledExample]
    test: list[LabeledExample]
    seed: int

    def fingerprint(self) -> str:
        digest = hashlib.sha256()
        for example in [*self.train, *self.test]:
            digest.update(f"{example.label}\t{example.text}\n".encode())
        return digest.hexdigest()[:16]


def load_bitext(path: Path = BITEXT_CSV) -> list[LabeledExample]:
    """Bitext rows relabelled to our taxonomy (only the 27 intents that map 1:1)."""
    mapping = {spec.bitext: name for name, spec in load_taxonomy().intents.items() if spec.bitext}
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    return [
        LabeledExample(
            text=row["instruction"].strip(),
            label=mapping[row["intent"]],
            group=f"bitext:{i}",
            source="bitext",
        )
        for i, row in enumerate(rows)
        if row["intent"] in mapping and row["instruction"].strip()
    ]


def build_corpus(
    seed: int = DEFAULT_SEED,
    *,
    synthetic_per_intent: int = 600,
    synthetic_per_bitext_intent: int = 450,
    out_of_scope_train: int = 1000,
    synthetic_test_per_intent: int = 60,
    out_of_scope_test: int = 150,
    bitext_test_fraction: float = 0.2,
) -> Corpus:
    taxonomy = load_taxonomy()
    bitext = load_bitext()
    rng = random.Random(seed)
    rng.shuffle(bitext)
    cut = int(len(bitext) * bitext_test_fraction)
    bitext_test, bitext_train = bitext[:cut], bitext[cut:]
    mapped = [name for name, spec in taxonomy.intents.items() if spec.bitext]
    unmapped = [name for name in taxonomy.names if name not in mapped]
    train = [
        *bitext_train,
        *generate(mapped, synthetic_per_bitext_intent, 0, "train", seed),
        *generate(unmapped, synthetic_per_intent, out_of_scope_train, "train", seed),
    ]
    test = [
        *bitext_test,
        *generate(taxonomy.names, synthetic_test_per_intent, out_of_scope_test, "test", seed),
    ]
    seen = {e.text.lower() for e in train}
    test = [e for e in test if e.text.lower() not in seen]
    return Corpus(train=train, test=test, seed=seed)


def read_labeled_csv(
    path: Path, text_column: str = "text", label_column: str = "label"
) -> list[LabeledExample]:
    """Any ``text,label`` CSV (for training on your own tickets)."""
    from supportbot.errors import InputError

    try:
        with path.open(encoding="utf-8", newline="") as handle:
            reader = csv.DictReader(handle)
            missing = {text_column, label_column} - set(reader.fieldnames or [])
            if missing:
                raise InputError(f"{path}: missing column(s) {', '.join(sorted(missing))}")
            return [
                LabeledExample(
                    text=row[text_column], label=row[label_column], group=f"{path.name}:{i}", source=path.name
                )
                for i, row in enumerate(reader)
                if row[text_column] and row[label_column]
            ]
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise InputError(f"cannot read {path}: {exc}") from exc


def read_labeled_jsonl(path: Path) -> list[LabeledExample]:
    """JSON lines with ``text`` (or ``subject`` + ``body``) and ``label`` (or ``gold.intent``), e.g.
    the end-to-end evaluation set."""
    import json

    from supportbot.errors import InputError

    examples: list[LabeledExample] = []
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"cannot read {path}: {exc}") from exc
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            text = row.get("text") or f"{row.get('subject') or ''}\n\n{row.get('body') or ''}".strip()
            label = row.get("label") or row["gold"]["intent"]
        except (ValueError, KeyError, TypeError, AttributeError) as exc:
            raise InputError(
                f"{path}:{number}: needs text/subject+body and label/gold.intent ({exc})"
            ) from exc
        examples.append(
            LabeledExample(text=text, label=label, group=f"{path.name}:{number}", source=path.name)
        )
    return examples
