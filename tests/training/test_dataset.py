"""The SFT dataset: reproducible, every intent covered, every placeholder filled, every fact grounded."""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from supportbot.cli import app
from supportbot.errors import InputError
from supportbot.llm.prompt import build_messages
from supportbot.taxonomy import load_taxonomy
from supportbot.training.bitext_examples import bitext_example, read_bitext_rows
from supportbot.training.dataset import ReplyDataset, build_dataset, to_jsonable
from supportbot.training.grounding import ungrounded
from supportbot.training.reply_metrics import stock_phrase_rate
from supportbot.training.synthetic_examples import synthetic_examples


@pytest.fixture(scope="module")
def dataset() -> ReplyDataset:
    return build_dataset(seed=3, synthetic_per_intent=6)


def test_same_seed_same_data_other_seed_other_data(dataset: ReplyDataset) -> None:
    assert build_dataset(seed=3, synthetic_per_intent=6).sha256() == dataset.sha256()
    assert build_dataset(seed=4, synthetic_per_intent=6).sha256() != dataset.sha256()


def test_heldout_bitext_never_in_train(dataset: ReplyDataset) -> None:
    train = {(e.ctx.ticket, e.reply) for e in dataset.train}
    assert not any(
        (e.ctx.ticket, e.reply) in train for e in dataset.test + dataset.eval if e.source == "bitext"
    )
    assert sum(e.source == "bitext" for e in dataset.test) == 60


def test_synthetic_covers_every_intent_and_kind() -> None:
    examples = synthetic_examples(40, random.Random(0))
    assert {e.ctx.intent for e in examples} == set(load_taxonomy().names)
    assert {e.ctx.kind for e in examples} == {"resolve", "clarify", "refuse", "handoff", "confirm", "inform"}
    # refusals and successes of the same consequential intent
    cancel_kinds = {e.ctx.kind for e in examples if e.ctx.intent == "cancel_order"}
    assert {"resolve", "refuse"} <= cancel_kinds


def test_no_placeholder_survives(dataset: ReplyDataset) -> None:
    for example in dataset.train + dataset.test:
        assert "{{" not in example.reply and "{{" not in example.ctx.ticket, example.reply[:200]


def test_reference_replies_are_grounded(dataset: ReplyDataset) -> None:
    """No training target states a fact the prompt lacks (else the model learns to invent)."""
    bad = [
        (e.source, e.ctx.intent, problems) for e in dataset.train if (problems := ungrounded(e.reply, e.ctx))
    ]
    assert bad == []


def test_bitext_own_order_number_becomes_ours_in_ticket_and_reply() -> None:
    """Bitext repeats its example number ("00123842") in the response; ours replaces it in both."""
    row = next(
        r
        for r in read_bitext_rows()
        if r["entity_type"] == "order_id" and r["entity_value"] and r["entity_value"] in r["response"]
    )
    example = bitext_example(row, random.Random(2))
    assert example is not None
    assert row["entity_value"] not in example.reply and row["entity_value"] not in example.ctx.ticket
    assert example.ctx.facts["order_id"] in example.reply


def test_bitext_placeholder_values_are_facts() -> None:
    rows = read_bitext_rows()
    row = next(
        r
        for r in rows
        if "{{Customer Support Phone Number}}" in r["response"] and "{{Website Name}}" in r["response"]
    )
    example = bitext_example(row, random.Random(1))
    assert example is not None
    phone = example.ctx.facts["support"]["phone"]
    assert phone in example.reply and example.ctx.facts["store_name"] in example.reply


def test_prompt_is_the_agents_prompt(dataset: ReplyDataset) -> None:
    example = dataset.train[0]
    record = to_jsonable(example)
    assert record["prompt"] == build_messages(example.ctx)
    assert record["completion"] == [{"role": "assistant", "content": example.reply}]


def test_synthetic_styles_vary() -> None:
    replies = [e.reply for e in synthetic_examples(8, random.Random(2)) if e.ctx.kind == "resolve"]
    openings = [re.split(r"[,.!]", r)[0].split(" ")[0] for r in replies]
    assert len(set(openings)) >= 5
    assert max(openings.count(o) for o in set(openings)) < 0.5 * len(replies)
    assert stock_phrase_rate(["Thank you for contacting us today."] * 8) == 1.0


def test_build_data_cli_round_trip(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        app, ["train", "build-data", "--out", str(tmp_path), "--synthetic-per-intent", "2"]
    )
    assert result.exit_code == 0, result.output
    loaded = ReplyDataset.load(tmp_path)
    assert loaded.sha256() == build_dataset(synthetic_per_intent=2).sha256()
    (tmp_path / "train.jsonl").write_text("not json\n")
    with pytest.raises(InputError, match="not a reply dataset"):
        ReplyDataset.load(tmp_path)
