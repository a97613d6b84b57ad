"""Training data from answered tickets, on a real demo database: masked, reviewer replies first,
escalations without a reply left out, records in the trainer's prompt/completion format."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, select
from typer.testing import CliRunner

from supportbot.agent.contract import TicketOutcome, ToolCallOut
from supportbot.cli import app
from supportbot.db.engine import session_scope
from supportbot.db.models import Handoff, Ticket
from supportbot.errors import InputError
from supportbot.interfaces import handoffs
from supportbot.interfaces.intake import NewTicket, add_ticket
from supportbot.interfaces.outcomes import HOLDING_REPLY, persist_outcome
from supportbot.llm.prompt import SYSTEM_PROMPT, ReplyContext
from supportbot.privacy import find_leaks
from supportbot.settings import Settings
from supportbot.training.dataset import to_jsonable
from supportbot.training.examples import ReplyExample
from supportbot.training.ticket_export import export_examples, parse_since, write_jsonl
from tests.privacy.test_worker_logs import SECRETS  # the same personal data the worker-log scan looks for

SENDER = "noah.brown7922@example.com"
ORDER = "#W7678072"
PII_BODY = (
    f"Hi, call me at {SECRETS['phone']} or write to {SECRETS['other_email']}. My card "
    f"{SECRETS['card']} was charged twice. Ship to {SECRETS['street']}, {SECRETS['unit']}, "
    f"Denver, CO {SECRETS['zip']}. Where is my order {ORDER}?"
)
PII_REPLY = (
    f"Hello Noah, order {ORDER} is on its way to {SECRETS['street']}, {SECRETS['unit']}, Denver, CO "
    f"{SECRETS['zip']}. We will call you at {SECRETS['phone']} and e-mail {SECRETS['other_email']}; "
    f"the card {SECRETS['card']} was charged once (120.50)."
)
DRAFT = "I can cancel #W2611340 for you."
EDITED = "Hello Noah, I have cancelled #W2611340; the refund of 54.04 is on its way."


def _calls() -> list[ToolCallOut]:
    return [
        ToolCallOut(
            name="find_customer_by_email",
            args={"email": SENDER},
            ok=True,
            result={"customer_id": "noah_brown_6181", "name": "Noah Brown", "email": SENDER},
        ),
        ToolCallOut(
            name="get_order_details",
            args={"order_id": ORDER},
            ok=True,
            result={
                "order_id": ORDER,
                "status": "processed",
                "total": 120.5,
                "address": {"address1": SECRETS["street"], "zip": SECRETS["zip"]},
                "new_address": f"{SECRETS['street']}, {SECRETS['unit']}, Denver, CO {SECRETS['zip']}",
            },
        ),
    ]


def _record(engine: Engine, tid: str, body: str, **outcome: Any) -> None:
    """Insert a ticket and record ``outcome`` for it through the worker's own write path."""
    with session_scope(engine) as s:
        row = add_ticket(s, NewTicket(id=tid, customer_email=SENDER, subject="help", body=body))
        assert row is not None
        row.status = "processing"
        s.flush()
        fields: dict[str, Any] = {"confidence": 0.9, "language": "en", "tool_calls": _calls()}
        fields.update(outcome)
        assert persist_outcome(s, row, TicketOutcome(id=tid, thread_id=tid, **fields))


def _handoff_id(engine: Engine, tid: str) -> int:
    with session_scope(engine) as s:
        return s.execute(select(Handoff.id).where(Handoff.ticket_id == tid)).scalar_one()


@pytest.fixture
def answered(demo_engine: Engine) -> Engine:
    """pii: resolved by the bot; edited: escalated then answered by a reviewer; waiting: escalated,
    no reply; closed: escalated, closed by a reviewer without a message; asked: a question back."""
    _record(demo_engine, "pii", PII_BODY, outcome="resolved", intent="track_order", reply=PII_REPLY)
    escalated: dict[str, Any] = {
        "outcome": "escalated",
        "intent": "cancel_order",
        "escalated": True,
        "escalation_reason": "low_confidence",
        "draft_reply": DRAFT,
    }
    _record(demo_engine, "edited", "Please cancel #W2611340.", **escalated)
    _record(demo_engine, "waiting", "Cancel #W2611340 now.", **escalated)
    _record(demo_engine, "closed", "Cancel #W2611340 today.", **escalated)
    _record(
        demo_engine,
        "asked",
        "Where is my parcel?",
        outcome="asked",
        intent="track_order",
        reply="Which order?",
    )
    handoffs.send_reply(demo_engine, _handoff_id(demo_engine, "edited"), "alice", EDITED)
    handoffs.resolve(demo_engine, _handoff_id(demo_engine, "closed"), "alice", note="phoned")
    return demo_engine


def test_export_masks_personal_data_and_keeps_order_ids(answered: Engine, tmp_path: Path) -> None:
    out = tmp_path / "tickets.jsonl"
    counts = write_jsonl(export_examples(answered), out)
    assert counts == {"bot": 1, "reviewer": 1}
    text = out.read_text(encoding="utf-8")
    leaks = find_leaks(text, [*SECRETS.values(), SENDER])
    assert leaks == [], leaks
    assert ORDER in text and "120.5" in text and "Noah Brown" in text
    for token in ("[EMAIL]", "[PHONE]", "[CARD]", "[ADDRESS]"):
        assert token in text


def test_reviewer_reply_wins_and_unanswered_escalations_are_left_out(answered: Engine) -> None:
    examples = {e.ticket_id: e for e in export_examples(answered)}
    assert set(examples) == {"pii", "edited"}  # not waiting, closed (holding reply only) or asked
    edited = examples["edited"]
    assert (edited.source, edited.reply, edited.ctx.intent) == ("reviewer", EDITED, "cancel_order")
    assert DRAFT not in json.dumps(edited.to_jsonable())
    assert HOLDING_REPLY not in json.dumps([e.to_jsonable() for e in examples.values()])
    both = {e.ticket_id for e in export_examples(answered, statuses=["resolved", "asked"])}
    assert both == {"pii", "edited", "asked"}
    with pytest.raises(InputError, match="escalated"):
        list(export_examples(answered, statuses=["escalated"]))


def test_since_filters_on_the_finish_time(answered: Engine) -> None:
    with session_scope(answered) as s:
        row = s.get(Ticket, "pii")
        assert row is not None
        row.finished_at = dt.datetime(2026, 1, 5, 12, tzinfo=dt.UTC)
    assert {e.ticket_id for e in export_examples(answered, since=parse_since("2026-02-01"))} == {"edited"}
    assert {e.ticket_id for e in export_examples(answered, since=parse_since("2026-01-01"))} == {
        "pii",
        "edited",
    }
    with pytest.raises(InputError, match="not a date"):
        parse_since("last tuesday")


def test_records_have_the_trainer_format(answered: Engine) -> None:
    for example in export_examples(answered, statuses=["resolved", "asked"]):
        record = example.to_jsonable()
        as_dataset = to_jsonable(ReplyExample(source="synthetic", ctx=example.ctx, reply=example.reply))
        assert record == as_dataset
        prompt = record["prompt"]
        assert isinstance(prompt, list) and prompt[0] == {"role": "system", "content": SYSTEM_PROMPT}
        assert prompt[1]["role"] == "user" and "FACTS: " in prompt[1]["content"]
        ReplyContext.model_validate(example.ctx.model_dump())
    facts = next(e for e in export_examples(answered) if e.ticket_id == "pii").ctx.facts
    assert facts["get_order_details"]["order_id"] == ORDER
    assert "find_customer_by_email" not in facts


def test_cli_writes_a_file_datasets_loads(answered: Engine, demo_settings: Settings, tmp_path: Path) -> None:
    datasets = pytest.importorskip("datasets")
    out = tmp_path / "export" / "tickets.jsonl"
    result = CliRunner().invoke(app, ["train", "export-tickets", "--out", str(out), "--status", "resolved"])
    assert result.exit_code == 0, result.output
    assert "2 examples (1 reviewer, 1 bot)" in result.output
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    loaded = datasets.Dataset.from_list(rows)
    assert loaded.column_names == ["prompt", "completion"] and len(loaded) == 2
    bad = CliRunner().invoke(app, ["train", "export-tickets", "--out", str(out), "--status", "dead"])
    assert bad.exit_code != 0


def test_exported_tickets_feed_lora_training(
    answered: Engine, demo_settings: Settings, tiny_base_dir: Path, tmp_path: Path
) -> None:
    """The support team's loop: export answered tickets, then train with them as extra data."""
    from supportbot.training.extra_data import load_records, records_sha256
    from tests.training.test_sft_tiny import _config, _small_dataset

    exported = tmp_path / "tickets.jsonl"
    result = CliRunner().invoke(app, ["train", "export-tickets", "--out", str(exported)])
    assert result.exit_code == 0, result.output
    data_dir, config, out = tmp_path / "data", tmp_path / "cfg.yaml", tmp_path / "adapter"
    _small_dataset().save(data_dir)
    _config(tiny_base_dir).to_yaml(config)
    args = ["train", "sft", "--out", str(out), "--config", str(config), "--data", str(data_dir)]
    result = CliRunner().invoke(app, [*args, "--extra-data", str(exported), "--max-steps", "1"])
    assert result.exit_code == 0, result.output
    card = json.loads((out / "training.json").read_text(encoding="utf-8"))
    assert "extra (--extra-data): 2 of 2 fit" in card["data_summary"]
    assert card["extra_data_sha256"] == records_sha256(load_records(exported))
    assert f"--extra-data {exported}" in card["command"]
    from transformers import AutoTokenizer

    from supportbot.training.sft import fitting

    base_kept, _ = fitting(_small_dataset().train, AutoTokenizer.from_pretrained(tiny_base_dir), 320)
    assert card["train_examples"] == len(base_kept) + 2
