"""Structured logging with personal data masked in every record.

``configure_logging(settings)`` installs one handler on the root logger (stderr, or the file in
``settings.logging.file``) whose formatter masks the message, the arguments, every ``extra=``
field and the traceback. Calling it again replaces the handler instead of adding a second one.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import sys
from pathlib import Path
from typing import Any, TextIO

from supportbot.privacy.masking import mask_pii, mask_value
from supportbot.settings import Settings

# Attributes every LogRecord has; anything else on a record came from ``extra=``.
_STANDARD_ATTRS = frozenset(vars(logging.LogRecord("n", logging.INFO, "p", 1, "m", None, None)).keys()) | {
    "message",
    "asctime",
    "taskName",
}

_HANDLER_NAME = "supportbot-masked"
# Longer messages are cut (a 1 MB ticket body has no place in a log line).
MAX_MESSAGE_CHARS = 8_000


def _extras(record: logging.LogRecord) -> dict[str, Any]:
    return {k: v for k, v in vars(record).items() if k not in _STANDARD_ATTRS and not k.startswith("_")}


def _safe_message(record: logging.LogRecord) -> str:
    try:
        message = record.getMessage()
    except Exception:  # bad %-args must not lose the record
        message = f"{record.msg!s} {record.args!r}"
    if len(message) > MAX_MESSAGE_CHARS:
        message = f"{message[:MAX_MESSAGE_CHARS]}... [{len(message) - MAX_MESSAGE_CHARS} more chars]"
    return message


class JsonLogFormatter(logging.Formatter):
    """One JSON object per line: ts, level, logger, message, extras, exception; PII masked."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "ts": dt.datetime.fromtimestamp(record.created, dt.UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": mask_pii(_safe_message(record)),
        }
        extras = _extras(record)
        if extras:
            masked = mask_value(extras, max_str_chars=MAX_MESSAGE_CHARS)
            assert isinstance(masked, dict)
            for key, value in masked.items():
                entry.setdefault(key, value)
        if record.exc_info:
            entry["exception"] = mask_pii(self.formatException(record.exc_info))
        if record.stack_info:
            entry["stack"] = mask_pii(self.formatStack(record.stack_info))
        return json.dumps(entry, ensure_ascii=False, default=str)


class MaskingTextFormatter(logging.Formatter):
    """Human-readable lines (``json_logs = false``), masked like the JSON ones."""

    def __init__(self) -> None:
        super().__init__("%(asctime)s %(levelname)s %(name)s: %(message)s")

    def format(self, record: logging.LogRecord) -> str:
        record = logging.makeLogRecord(vars(record))  # never alter the caller's record
        record.msg, record.args = _safe_message(record), None
        line = super().format(record)
        extras = _extras(record)
        if extras:
            line += " " + json.dumps(
                mask_value(extras, max_str_chars=MAX_MESSAGE_CHARS), ensure_ascii=False, default=str
            )
        return mask_pii(line)


def make_handler(settings: Settings, stream: TextIO | None = None) -> logging.Handler:
    """The masked handler described by ``settings.logging``."""
    cfg = settings.logging
    handler: logging.Handler
    if stream is not None:
        handler = logging.StreamHandler(stream)
    elif cfg.file is not None:
        Path(cfg.file).parent.mkdir(parents=True, exist_ok=True)
        handler = logging.FileHandler(cfg.file, encoding="utf-8")
    else:
        handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(JsonLogFormatter() if cfg.json_logs else MaskingTextFormatter())
    handler.set_name(_HANDLER_NAME)
    return handler


def configure_logging(settings: Settings, *, stream: TextIO | None = None) -> logging.Handler:
    """Install the masked handler on the root logger (idempotent) and set the level.

    Other handlers already on the root logger are replaced as well, so no record reaches an
    unmasked output."""
    root = logging.getLogger()
    for old in list(root.handlers):
        root.removeHandler(old)
        if old.get_name() == _HANDLER_NAME:
            old.close()
    handler = make_handler(settings, stream)
    root.addHandler(handler)
    root.setLevel(settings.logging.level)
    logging.captureWarnings(True)
    return handler
