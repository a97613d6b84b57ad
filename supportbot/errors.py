"""The project's error hierarchy.

Library code raises these; only the edges (CLI, worker) turn them into messages for people.
Every error carries a one-line ``message`` and, where useful, a ``hint`` saying what to do.
"""

from __future__ import annotations


class SupportbotError(Exception):
    """Base class of every error supportbot raises on purpose."""

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def user_message(self) -> str:
        return f"{self.message} ({self.hint})" if self.hint else self.message


class ConfigError(SupportbotError):
    """A setting is unknown, malformed or inconsistent. ``setting`` names it."""

    def __init__(self, setting: str, message: str, *, hint: str | None = None) -> None:
        super().__init__(f"setting {setting}: {message}", hint=hint)
        self.setting = setting


class MissingDependency(SupportbotError):
    """An optional package is not installed; the message says how to install it."""


class DatabaseError(SupportbotError):
    """Base for database problems."""


class DatabaseUnavailable(DatabaseError):
    """The database cannot be reached (transient: callers may retry)."""


class DatabaseNotInitialised(DatabaseError):
    """The schema is missing or out of date."""


class ArtifactError(SupportbotError):
    """A trained artefact (model, adapter, pipeline) is missing, corrupt or of the wrong version."""


class BackendError(SupportbotError):
    """The reply-model backend failed: timeout, server error or a malformed answer."""


class ReplyTooSlow(BackendError):
    """A reply generation was stopped at its deadline; the caller sends its safe fallback instead.

    A reply cut short is never returned: the agent sends the verified templated reply."""


class InputError(SupportbotError):
    """User-supplied input (a file, a ticket line, an argument) is invalid."""
