"""--extra-data records: the trainer's prompt/completion format, validated line by line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from supportbot.errors import InputError
from supportbot.training.extra_data import load_records, records_sha256

GOOD = {
    "prompt": [{"role": "system", "content": "Be brief."}, {"role": "user", "content": "Where is #W1?"}],
    "completion": [{"role": "assistant", "content": "It shipped today."}],
    "ticket_id": "ignored",
}


def _write(tmp_path: Path, *lines: str) -> Path:
    path = tmp_path / "extra.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_good_records_load_and_keep_only_prompt_and_completion(tmp_path: Path) -> None:
    records = load_records(_write(tmp_path, json.dumps(GOOD), "", json.dumps(GOOD)))
    assert len(records) == 2 and set(records[0]) == {"prompt", "completion"}
    assert records_sha256(records) == records_sha256([dict(r) for r in records])
    changed = json.loads(json.dumps(GOOD))
    changed["completion"][0]["content"] = "It shipped yesterday."
    assert records_sha256(load_records(_write(tmp_path, json.dumps(changed)))) != records_sha256(records[:1])


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("{not json", "line|not JSON"),
        ("[1, 2]", "expected an object"),
        (json.dumps({**GOOD, "prompt": []}), "non-empty list"),
        (json.dumps({**GOOD, "completion": []}), "exactly one assistant"),
        (json.dumps({**GOOD, "completion": [{"role": "user", "content": "x"}]}), "role assistant"),
        (json.dumps({**GOOD, "prompt": [{"role": "tool", "content": "x"}]}), "role system or user"),
        (json.dumps({**GOOD, "completion": [{"role": "assistant", "content": " "}]}), "non-empty text"),
    ],
)
def test_bad_lines_are_named(tmp_path: Path, line: str, message: str) -> None:
    path = _write(tmp_path, json.dumps(GOOD), line)
    with pytest.raises(InputError, match=message) as err:
        load_records(path)
    assert f"{path}:2" in str(err.value)


def test_empty_or_missing_file_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no records"):
        load_records(_write(tmp_path, "", "  "))
    with pytest.raises(InputError, match="cannot read"):
        load_records(tmp_path / "missing.jsonl")
