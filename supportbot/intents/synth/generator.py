"""Seeded synthetic ticket generator for all 44 intents plus out_of_scope.

``generate(pool="train")`` draws only from the training phrase and wrapper pools; ``pool="test"``
only from the held-out pools, so test phrasings never repeat training phrasings.
"""

from __future__ import annotations

import random
import re
from typing import Literal

from supportbot.intents.examples import LabeledExample
from supportbot.intents.synth.noise import add_noise
from supportbot.intents.synth.phrases_test import TEST_EMPTYISH, TEST_OUT_OF_SCOPE, TEST_PHRASES
from supportbot.intents.synth.phrases_train import TRAIN_EMPTYISH, TRAIN_OUT_OF_SCOPE, TRAIN_PHRASES
from supportbot.intents.synth.phrases_train_extra import EXTRA_TRAIN_OUT_OF_SCOPE, EXTRA_TRAIN_PHRASES
from supportbot.intents.synth.phrases_train_more import MORE_TRAIN_OUT_OF_SCOPE, MORE_TRAIN_PHRASES
from supportbot.intents.synth.phrases_train_wide import WIDE_TRAIN_OUT_OF_SCOPE, WIDE_TRAIN_PHRASES
from supportbot.intents.synth.wrappers import TEST_WRAPPERS, TRAIN_WRAPPERS, WrapperPool
from supportbot.taxonomy import OUT_OF_SCOPE

Pool = Literal["train", "test"]


_ALTERNATION = re.compile(r"\[([^\[\]]*)\]")
_SPACE_BEFORE_PUNCT = re.compile(r" +([,.?!])")


def _expand(phrase: str, rng: random.Random) -> str:
    """Resolve ``[a|b|c]`` alternations by picking one option each."""
    text = _ALTERNATION.sub(lambda m: rng.choice(m.group(1).split("|")), phrase)
    return _SPACE_BEFORE_PUNCT.sub(r"\1", re.sub(r" {2,}", " ", text)).strip()


def _fill(phrase: str, w: WrapperPool, rng: random.Random) -> str:
    return _expand(phrase, rng).format(
        order=rng.choice(w.order_refs),
        product=rng.choice(w.products),
        amount=f"${rng.randint(5, 900)}.{rng.choice(['00', '99', '50'])}",
        date=rng.choice(w.dates),
        days=rng.randint(3, 21),
    )


def _shape(core: str, w: WrapperPool, rng: random.Random) -> str:
    """Put the core request into one of several ticket shapes, under a subject line for some
    (the router reads subject and body together); only pools with subjects get them."""
    text = _shape_body(core, w, rng)
    if w.subjects and rng.random() < SUBJECT_SHARE:
        subject, sep = rng.choice(w.subjects), rng.choice(["\n", "\n\n"])
        return f"{subject}{sep}{text}"
    return text


# Share of tickets from a pool with subject lines that get one.
SUBJECT_SHARE = 0.4


def _shape_body(core: str, w: WrapperPool, rng: random.Random) -> str:
    style = rng.random()
    if style < 0.35:  # a plain one-liner
        return core
    if style < 0.6:  # an email with greeting and signature
        parts = [rng.choice(w.greetings)]
        if rng.random() < 0.5:
            parts.append(rng.choice(w.context))
        parts.append(core)
        if rng.random() < 0.5:
            parts.append(rng.choice(w.follow_ups))
        parts.append(f"{rng.choice(w.closings)}\n{rng.choice(w.names)}")
        return "\n".join(parts)
    if style < 0.72:  # angry
        angry = rng.choice(w.angry)
        text = f"{angry} {core}" if rng.random() < 0.5 else f"{core} {angry}"
        return text.upper() if rng.random() < 0.2 else text.rstrip(".") + "!!"
    if style < 0.84:  # polite
        return f"{rng.choice(w.polite)} {core}"
    # multi-sentence: context, the request, a follow-up
    return f"{rng.choice(w.context)} {core} {rng.choice(w.follow_ups)}"


def _gibberish(rng: random.Random) -> str:
    alphabet = "abcdefghijklmnopqrstuvwxyz" if rng.random() < 0.7 else "asdfghjklqwertzxcv1234567890!?#"
    words = [
        "".join(rng.choice(alphabet) for _ in range(rng.randint(2, 9))) for _ in range(rng.randint(1, 8))
    ]
    return " ".join(words)


def _pools(pool: Pool) -> tuple[dict[str, list[str]], list[str], list[str], WrapperPool]:
    if pool == "train":
        phrases = {
            k: [
                *v,
                *EXTRA_TRAIN_PHRASES.get(k, []),
                *MORE_TRAIN_PHRASES.get(k, []),
                *WIDE_TRAIN_PHRASES.get(k, []),
            ]
            for k, v in TRAIN_PHRASES.items()
        }
        off_topic = [
            *TRAIN_OUT_OF_SCOPE,
            *EXTRA_TRAIN_OUT_OF_SCOPE,
            *MORE_TRAIN_OUT_OF_SCOPE,
            *WIDE_TRAIN_OUT_OF_SCOPE,
        ]
        return phrases, off_topic, TRAIN_EMPTYISH, TRAIN_WRAPPERS
    return TEST_PHRASES, TEST_OUT_OF_SCOPE, TEST_EMPTYISH, TEST_WRAPPERS


def generate_intent(
    intent: str, n: int, pool: Pool = "train", seed: int = 13, *, noise: bool = True
) -> list[LabeledExample]:
    """``n`` distinct tickets for one intent from the given pool (fewer if the pool is exhausted)."""
    phrases, _, _, wrappers = _pools(pool)
    rng = random.Random(f"{seed}:{pool}:{intent}")
    seen: set[str] = set()
    out: list[LabeledExample] = []
    for _ in range(n * 20):
        if len(out) >= n:
            break
        idx = rng.randrange(len(phrases[intent]))
        text = _shape(_fill(phrases[intent][idx], wrappers, rng), wrappers, rng)
        if noise:
            text = add_noise(text, rng)
        if text in seen:
            continue
        seen.add(text)
        out.append(
            LabeledExample(text=text, label=intent, group=f"{pool}:{intent}:{idx}", source="synthetic")
        )
    return out


def generate_out_of_scope(n: int, pool: Pool = "train", seed: int = 13) -> list[LabeledExample]:
    """Off-topic questions (half), gibberish (a quarter) and empty-ish messages (a quarter)."""
    _, off_topic, emptyish, wrappers = _pools(pool)
    rng = random.Random(f"{seed}:{pool}:{OUT_OF_SCOPE}")
    seen: set[str] = set()
    out: list[LabeledExample] = []
    for _ in range(n * 20):
        if len(out) >= n:
            break
        kind = rng.random()
        if kind < 0.5:
            idx = rng.randrange(len(off_topic))
            text, group = _shape(_expand(off_topic[idx], rng), wrappers, rng), f"offtopic{idx}"
        elif kind < 0.75:
            text, group = _gibberish(rng), f"gibberish{len(out) % 10}"
        else:
            idx = rng.randrange(len(emptyish))
            text, group = emptyish[idx], f"emptyish{idx}"
            if rng.random() < 0.5:
                text = f"{text} {rng.choice(wrappers.closings)} {rng.choice(wrappers.names)}"
        text = add_noise(text, rng)
        if text in seen:
            continue
        seen.add(text)
        out.append(
            LabeledExample(text=text, label=OUT_OF_SCOPE, group=f"{pool}:oos:{group}", source="synthetic")
        )
    return out


def generate(
    intents: list[str], n_per_intent: int, n_out_of_scope: int, pool: Pool = "train", seed: int = 13
) -> list[LabeledExample]:
    examples: list[LabeledExample] = []
    for intent in intents:
        examples.extend(generate_intent(intent, n_per_intent, pool, seed))
    examples.extend(generate_out_of_scope(n_out_of_scope, pool, seed))
    return examples
