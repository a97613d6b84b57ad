from __future__ import annotations

from collections import Counter

from supportbot.intents.dataset import build_corpus, load_bitext
from supportbot.intents.synth import generate, generate_intent
from supportbot.intents.synth.phrases_test import TEST_PHRASES
from supportbot.intents.synth.phrases_train import TRAIN_PHRASES
from supportbot.intents.synth.phrases_train_extra import EXTRA_TRAIN_PHRASES
from supportbot.intents.synth.phrases_train_more import MORE_TRAIN_PHRASES
from supportbot.intents.synth.phrases_train_wide import WIDE_TRAIN_PHRASES
from supportbot.intents.synth.wrappers import TEST_WRAPPERS, TRAIN_WRAPPERS
from supportbot.taxonomy import OUT_OF_SCOPE, load_taxonomy


def test_every_intent_has_train_and_test_pools() -> None:
    names = set(load_taxonomy().names)
    assert set(TRAIN_PHRASES) == names
    assert set(TEST_PHRASES) == names
    assert set(EXTRA_TRAIN_PHRASES) <= names
    assert set(MORE_TRAIN_PHRASES) <= names
    assert set(WIDE_TRAIN_PHRASES) == names


def test_subject_lines_only_in_training_tickets() -> None:
    # The router reads subject + body; training tickets carry generic subjects so a subject line
    # does not look like an unknown prefix. The held-out pools stay as they were (no subjects).
    assert TRAIN_WRAPPERS.subjects and not TEST_WRAPPERS.subjects
    train = generate_intent("track_order", 200, "train", seed=5)
    assert any(e.text.split("\n", 1)[0] in TRAIN_WRAPPERS.subjects for e in train)


def test_generation_is_seeded_and_distinct() -> None:
    first = generate_intent("missing_item", 50, "train", seed=3)
    again = generate_intent("missing_item", 50, "train", seed=3)
    other = generate_intent("missing_item", 50, "train", seed=4)
    assert [e.text for e in first] == [e.text for e in again]
    assert [e.text for e in first] != [e.text for e in other]
    assert len({e.text for e in first}) == 50


def test_slots_are_filled_and_alternations_resolved() -> None:
    for example in generate(load_taxonomy().names, 30, 30, "train", seed=1):
        assert "{" not in example.text and "[" not in example.text and "|" not in example.text, example.text


def test_test_pool_phrasings_do_not_repeat_training_phrasings() -> None:
    train_cores = {
        p.lower()
        for pool in (TRAIN_PHRASES, EXTRA_TRAIN_PHRASES, MORE_TRAIN_PHRASES, WIDE_TRAIN_PHRASES)
        for phrases in pool.values()
        for p in phrases
    }
    for phrases in TEST_PHRASES.values():
        for phrase in phrases:
            assert phrase.lower() not in train_cores


def test_corpus_has_150_per_intent_and_a_disjoint_test_split() -> None:
    corpus = build_corpus()
    counts = Counter(e.label for e in corpus.train)
    assert set(counts) == {*load_taxonomy().names, OUT_OF_SCOPE}
    assert min(counts.values()) >= 150
    assert {e.label for e in corpus.test} == set(counts)
    train_texts = {e.text.lower() for e in corpus.train}
    assert not any(e.text.lower() in train_texts for e in corpus.test)


def test_bitext_maps_27_intents() -> None:
    labels = {e.label for e in load_bitext()}
    assert len(labels) == 27
    assert labels <= set(load_taxonomy().names)
