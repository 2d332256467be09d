"""The threadsift exception tree.

    ThreadsiftError
    ├── InputError     an input could not be read or decoded (carries `source` and `where`)
    ├── ConfigError    an option or configuration value is invalid
    └── StepError      a pipeline step failed on a page (carries `step` and `page_id`)

The CLI turns each of these into one line on stderr with a hint, never a traceback.
"""

from __future__ import annotations


class ThreadsiftError(Exception):
    """Base class of every error threadsift raises on purpose."""

    hint: str | None = None

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        super().__init__(message)
        if hint is not None:
            self.hint = hint


class InputError(ThreadsiftError):
    """An input could not be read: `source` names it, `where` gives the line, record or offset."""

    def __init__(
        self,
        message: str,
        *,
        source: str,
        where: str | None = None,
        hint: str | None = None,
    ) -> None:
        super().__init__(message, hint=hint)
        self.source = source
        self.where = where

    def __str__(self) -> str:
        place = f"{self.source}:{self.where}" if self.where else self.source
        return f"{place}: {self.args[0]}"


class ConfigError(ThreadsiftError):
    """An option or configuration value is invalid."""


class StepError(ThreadsiftError):
    """A pipeline step failed on one page."""

    def __init__(self, message: str, *, step: str, page_id: str | None = None) -> None:
        super().__init__(message)
        self.step = step
        self.page_id = page_id

    def __str__(self) -> str:
        target = f" on page {self.page_id}" if self.page_id else ""
        return f"{self.step}{target}: {self.args[0]}"
