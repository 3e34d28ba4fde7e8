"""Errors a user can act on. The CLI prints them as one line and exits non-zero."""

from __future__ import annotations


class DualtraceError(Exception):
    """Base of every error whose message is meant for the user, not a traceback."""


class ModelError(DualtraceError):
    """A declaration or a value that does not fit the model."""


class WorkspaceError(DualtraceError):
    """The workspace is missing, locked, or made by an incompatible version."""


class SourceError(DualtraceError):
    """A source file that cannot be read at all; names the file and the line or element."""

    def __init__(self, path: str, where: str | None, reason: str) -> None:
        self.path = path
        self.where = where
        self.reason = reason
        location = f"{path}:{where}" if where else path
        super().__init__(f"{location}: {reason}")
