"""Edit a text in the user's editor (``$VISUAL``, ``$EDITOR``, else ``vi``)."""

from __future__ import annotations

import os
import shlex
import subprocess
import tempfile
from pathlib import Path

from supportbot.errors import InputError


def edit_text(text: str, *, suffix: str = ".txt") -> str | None:
    """The edited text, or ``None`` when the editor failed or the file was not saved."""
    editor = os.environ.get("VISUAL") or os.environ.get("EDITOR") or "vi"
    with tempfile.TemporaryDirectory(prefix="supportbot-") as folder:
        path = Path(folder) / f"reply{suffix}"
        path.write_text(text, encoding="utf-8")
        before = path.stat().st_mtime_ns
        try:
            completed = subprocess.run([*shlex.split(editor), str(path)], check=False)
        except OSError as exc:
            raise InputError(f"cannot start the editor {editor!r}: {exc}", hint="set $EDITOR") from None
        if completed.returncode != 0 or path.stat().st_mtime_ns == before:
            return None
        return path.read_text(encoding="utf-8").strip()
