"""Library errors at the command line's edge: one line on stderr, one exit status per class.

Every command is wrapped in `reports_errors`, so the same error ends every command the same
way: ``threadsift: error: WHAT: message (hint)`` and `errors.exit_status` (2 for a
`ConfigError`, as for click's usage errors; 1 for bad input, refused output directories and
missing packages).
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import IO, Any, ParamSpec, TypeVar

import click

from threadsift.errors import ThreadsiftError, exit_status
from threadsift.terminal import one_line

P = ParamSpec("P")
R = TypeVar("R")


class CliError(click.ClickException):
    """One line on stderr, ``threadsift: error: ...``, and exit status 1."""

    exit_code = 1

    def show(self, file: IO[Any] | None = None) -> None:
        """Print the one error line (click's default adds "Error: " and no prefix)."""
        click.echo(f"threadsift: error: {one_line(self.format_message())}", err=True)


class CliUsageError(CliError):
    """The same line, and exit status 2 (an option or argument is at fault)."""

    exit_code = 2


_BY_STATUS = {error.exit_code: error for error in (CliError, CliUsageError)}


def fail(error: ThreadsiftError) -> CliError:
    """The command-line form of a library error: its message, its hint, its exit status."""
    hint = f" ({error.hint})" if error.hint else ""
    return _BY_STATUS[exit_status(error)](f"{error}{hint}")


def reports_errors(command: Callable[P, R]) -> Callable[P, R]:
    """Turn every `ThreadsiftError` that `command` raises into its one line and exit status."""

    @functools.wraps(command)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return command(*args, **kwargs)
        except ThreadsiftError as error:
            raise fail(error) from None

    return wrapper
