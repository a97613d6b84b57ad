"""Extra training records for ``supportbot train sft --extra-data``.

The format is the trainer's conversational prompt/completion record, one JSON object a line:
``{"prompt": [{"role": "system", ...}, {"role": "user", ...}], "completion": [{"role":
"assistant", "content": "..."}]}``. ``supportbot train export-tickets`` writes exactly this
(masked answered tickets), so the support team's replies can be added to the built dataset; a
file from any other tool in the same format works too. The records join the training split only:
the held-out splits, and so the evaluation numbers, stay comparable between runs.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from supportbot.errors import InputError

PROMPT_ROLES = ("system", "user")


def _message(value: Any, roles: tuple[str, ...], where: str) -> dict[str, str]:
    if not isinstance(value, dict) or value.get("role") not in roles:
        raise InputError(f"{where}: expected a message with role {' or '.join(roles)}")
    content = value.get("content")
    if not isinstance(content, str) or not content.strip():
        raise InputError(f"{where}: message content must be non-empty text")
    return {"role": str(value["role"]), "content": content}


def parse_record(line: str, where: str) -> dict[str, list[dict[str, str]]]:
    """One validated record (only ``prompt`` and ``completion`` are kept)."""
    try:
        raw = json.loads(line)
    except json.JSONDecodeError as exc:
        raise InputError(f"{where}: not JSON ({exc.msg})") from None
    if not isinstance(raw, dict):
        raise InputError(f"{where}: expected an object with 'prompt' and 'completion'")
    prompt, completion = raw.get("prompt"), raw.get("completion")
    if not isinstance(prompt, list) or not prompt:
        raise InputError(f"{where}: 'prompt' must be a non-empty list of messages")
    if not isinstance(completion, list) or len(completion) != 1:
        raise InputError(f"{where}: 'completion' must hold exactly one assistant message")
    return {
        "prompt": [_message(m, PROMPT_ROLES, f"{where} prompt[{i}]") for i, m in enumerate(prompt)],
        "completion": [_message(completion[0], ("assistant",), f"{where} completion[0]")],
    }


def load_records(path: Path) -> list[dict[str, list[dict[str, str]]]]:
    """All records of a JSONL file; a clear error names the first bad line."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"cannot read --extra-data {path}: {exc}") from None
    records = [parse_record(line, f"{path}:{n}") for n, line in enumerate(lines, 1) if line.strip()]
    if not records:
        raise InputError(f"--extra-data {path} holds no records")
    return records


def records_sha256(records: list[dict[str, list[dict[str, str]]]]) -> str:
    digest = hashlib.sha256()
    for record in records:
        digest.update(json.dumps(record, sort_keys=True, ensure_ascii=False).encode())
    return digest.hexdigest()
