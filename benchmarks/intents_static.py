"""Static MiniLM token embeddings (Model2Vec-style) next to TF-IDF: which variant, on validation only.

    python benchmarks/intents_static.py                                  # our grouped validation
    python benchmarks/intents_static.py --data banking77 --variants base,256:zipf:1,256:zipf:2
    python benchmarks/intents_static.py --data clinc150 --variants base,256:zipf:2

A variant is ``dims:weighting:scale``: the distilled table (every WordPiece token run alone through
all-MiniLM-L6-v2, mean-pooled) centred and cut to its first ``dims`` principal components; a text's
vector is the mean of its tokens' rows weighted by ``zipf`` (log(1 + vocabulary rank), as Model2Vec
does), ``idf`` (inverse document frequency of the token in the fitting texts) or ``uniform``,
L2-normalised and multiplied by ``scale`` before it is appended to the TF-IDF blocks; ``base`` is
TF-IDF alone. Every variant fits the same LinearSVC (C 0.5) on the same rows and reports argmax
accuracy on validation:

* ours: the 20 % of phrasing groups ``supportbot intents train`` holds out (seed 13);
* banking77: a 10 % split of train.csv (the split the Banking77 benchmark calibrates on);
* clinc150: the val + oos_val split (out of scope as a class).

The test splits and the end-to-end set are not read here. The raw table is distilled once (~1-2
min, torch) into the user cache folder, or read from ``--raw-table``.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np

SHARED = Path(__file__).resolve().parents[2] / "shared" / "data"
DEFAULT_VARIANTS = "base,128:zipf:1,256:zipf:1,384:zipf:1,256:uniform:1,256:idf:1,256:zipf:2,256:zipf:3,256:idf:2,384:zipf:2,256:zipf:4"


def _load(data: str, seed: int) -> tuple[list[str], list[str], list[str], list[str]]:
    from supportbot.intents.training import split_by_group

    sys.path.insert(0, str(Path(__file__).resolve().parent))
    if data == "ours":
        from supportbot.intents.dataset import build_corpus

        fit, val = split_by_group(build_corpus(seed).train, 0.2, seed)
    elif data == "banking77":
        from intents_banking77 import read_split

        fit, val = split_by_group(read_split(SHARED / "banking77" / "train.csv"), 0.1, seed)
    else:
        from intents_clinc150 import read_splits

        full = SHARED / "clinc150" / "data_full.json"
        fit, val = read_splits(full, "train", "oos_train"), read_splits(full, "val", "oos_val")
    return [e.text for e in fit], [e.label for e in fit], [e.text for e in val], [e.label for e in val]


def _raw_table(folder: Path | None) -> Any:
    from supportbot.intents.static import StaticEmbeddings, distill
    from supportbot.paths import user_cache_dir

    folder = folder or user_cache_dir() / "static_minilm_raw"
    if not (folder / "vectors.npy").is_file():
        distill(dims=None).save(folder)
    return StaticEmbeddings.load(folder)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--data", default="ours", choices=["ours", "banking77", "clinc150"])
    parser.add_argument("--variants", default=DEFAULT_VARIANTS)
    parser.add_argument("--raw-table", type=Path, help="Folder of a table distilled with dims=None.")
    parser.add_argument("--seed", type=int, default=13)
    args = parser.parse_args(argv)

    import scipy.sparse as sp
    from sklearn.svm import LinearSVC

    from supportbot.intents.features import build_features
    from supportbot.intents.static import StaticEmbeddings

    fit_texts, fit_labels, val_texts, val_labels = _load(args.data, args.seed)
    raw = _raw_table(args.raw_table)
    table = raw.vectors.astype(np.float64)
    centred = table - table.mean(axis=0)
    _, _, vt = np.linalg.svd(centred, full_matrices=False)
    features = build_features("tfidf")
    x_fit, x_val = features.fit_transform(fit_texts).tocsr(), features.transform(val_texts).tocsr()
    y_val = np.array(val_labels)
    df = np.zeros(table.shape[0])
    for ids in raw.token_ids(fit_texts):
        df[list(set(ids))] += 1
    idf = (np.log((1 + len(fit_texts)) / (1 + df)) + 1).astype(np.float32)

    print(f"{args.data}: {len(fit_texts)} fitting / {len(val_texts)} validation texts")
    print(f"{'features':34s} {'val acc':>8s} {'fit s':>6s}")
    for variant in args.variants.split(","):
        a, b, name = x_fit, x_val, "TF-IDF"
        if variant != "base":
            dims, weighting, scale = variant.split(":")
            emb = StaticEmbeddings((centred @ vt[: int(dims)].T).astype(np.float16), raw.tokenizer_json)
            if weighting == "uniform":
                emb._token_weight[:] = 1.0
            elif weighting == "idf":
                emb._token_weight = idf
            factor = np.float32(scale)
            a = sp.hstack([x_fit, sp.csr_matrix(emb.embed(fit_texts) * factor)]).tocsr()
            b = sp.hstack([x_val, sp.csr_matrix(emb.embed(val_texts) * factor)]).tocsr()
            name = f"TF-IDF + static {dims} {weighting} x{scale}"
        started = time.perf_counter()
        classifier = LinearSVC(C=0.5, random_state=args.seed).fit(a, fit_labels)
        seconds = time.perf_counter() - started
        accuracy = float((classifier.predict(b) == y_val).mean())
        print(f"{name:34s} {accuracy * 100:7.2f}% {seconds:6.1f}", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
