"""Intent labels of es/fr/de/it/pt/nl tickets with and without glossing, and the gloss's CPU time.

    python benchmarks/intents_gloss.py            # both fixtures in tests/intents/, shipped model
    python benchmarks/intents_gloss.py --errors   # also list the tickets still labelled wrong

Reads only the fixtures written for the gloss tests (``tests/intents/gloss_tickets*.jsonl``); the
end-to-end set is not read here. "without" is the router with ``gloss_languages`` emptied (the model
reads the original text), "with" the shipped router. CPU time is thread time per ``gloss()`` call.
"""

from __future__ import annotations

import argparse
import json
import random
import time
from collections import Counter, defaultdict
from pathlib import Path

from supportbot.intents import gloss as gloss_module
from supportbot.intents.router import IntentRouter, load_intent_classifier
from supportbot.settings import load_settings

FIXTURES = sorted((Path(__file__).resolve().parents[1] / "tests" / "intents").glob("gloss_tickets*.jsonl"))


def accuracy(router: IntentRouter, path: Path, show_errors: bool) -> list[dict[str, str]]:
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    texts = [row["text"] for row in rows]
    router.gloss_languages = frozenset()
    without = router.predict_many(texts)
    router.gloss_languages = gloss_module.GLOSS_LANGUAGES
    with_gloss = router.predict_many(texts)
    per: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    for row, a, b in zip(rows, without, with_gloss, strict=True):
        counts = per[row["lang"]]
        counts[0] += 1
        counts[1] += a.intent == row["label"]
        counts[2] += b.intent == row["label"]
        if show_errors and b.intent != row["label"]:
            print(
                f"  {row['lang']} gold {row['label']} got {b.intent} (detected {b.language}): {row['text']}"
            )
    print(f"\n{path.name}\nlang   n  without   with")
    for lang, (n, a_ok, b_ok) in per.items():
        print(f"{lang:<4} {n:>3}  {a_ok:>3}/{n:<3}  {b_ok:>3}/{n}")
    n = len(rows)
    a_ok = sum(p.intent == r["label"] for p, r in zip(without, rows, strict=True))
    b_ok = sum(p.intent == r["label"] for p, r in zip(with_gloss, rows, strict=True))
    print(f"all  {n:>3}  {a_ok}/{n} = {a_ok / n:.1%}   {b_ok}/{n} = {b_ok / n:.1%}")
    detected = Counter(p.language for p in with_gloss)
    glossed = [p for p in with_gloss if p.language in gloss_module.GLOSS_LANGUAGES]
    print(f"detected languages {dict(detected)}; glossed tickets low confidence: "
          f"{sum(p.low_confidence for p in glossed)}/{len(glossed)}")  # fmt: skip
    return rows


def cpu_ms(items: list[tuple[str, str]], reps: int) -> tuple[float, float]:
    times = []
    for _ in range(reps):
        gloss_module._gloss_word.cache_clear()
        for text, lang in items:
            started = time.thread_time_ns()
            gloss_module.gloss(text, lang)
            times.append((time.thread_time_ns() - started) / 1e6)
    times.sort()
    return times[len(times) // 2], times[int(len(times) * 0.95)]


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--errors", action="store_true", help="list tickets still labelled wrong")
    args = parser.parse_args()
    router = load_intent_classifier(load_settings())
    assert isinstance(router, IntentRouter)
    rows = [row for path in FIXTURES for row in accuracy(router, path, args.errors)]
    started = time.thread_time()
    gloss_module.lexicon.cache_clear()
    gloss_module.warm_up()
    print(f"\nloading the six lexicons: {1000 * (time.thread_time() - started):.1f} ms CPU")
    p50, p95 = cpu_ms([(r["text"], r["lang"]) for r in rows], reps=20)
    print(f"gloss() per fixture ticket (word cache cleared each pass): P50 {p50:.3f} / P95 {p95:.3f} ms CPU")
    rng = random.Random(0)
    words = " ".join(r["text"] for r in rows if r["lang"] == "de").split()
    long_de = " ".join(rng.choice(words) for _ in range(2000))[:4000]
    junk = "".join(chr(rng.randrange(0x20, 0x3000)) for _ in range(4000))
    for name, text, lang in (
        ("4,000-char German ticket", long_de, "de"),
        ("4,000 random code points", junk, "fr"),
    ):
        p50, p95 = cpu_ms([(text, lang)], reps=20)
        print(f"gloss() on a {name}: P50 {p50:.2f} / P95 {p95:.2f} ms CPU")


if __name__ == "__main__":
    main()
