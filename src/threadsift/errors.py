"""The threadsift exception tree, and the one helper that imports an optional package.

    ThreadsiftError
    ├── InputError          an input could not be read (carries `source` and `where`)
    ├── ConfigError         an option or configuration value is invalid (carries `option`)
    ├── OutputError         an output directory is refused (carries `path`)
    ├── AccountingError     the records of a run do not add up (carries `where`): a bug
    └── MissingDependency   a package this needs is not installed (carries `package`, `extra`)

Each error names what is at fault in its message (`str(error)` starts with the input, option or
directory) and may carry a `hint` on what to do. The command line turns each into one line on
stderr with its hint, never a traceback, and exits with `EXIT_STATUS` of its class: 2 for a
`ConfigError`, as for click's own usage errors, and 1 for the others.
"""

from __future__ import annotations

import importlib
from types import ModuleType


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
    """An option or configuration value is invalid: `option` names it (as on the command line)."""

    def __init__(self, message: str, *, option: str | None = None, hint: str | None = None) -> None:
        super().__init__(message, hint=hint)
        self.option = option

    def __str__(self) -> str:
        return f"{self.option}: {self.args[0]}" if self.option else str(self.args[0])


class OutputError(ThreadsiftError):
    """An output directory is refused (not a directory, not empty, another run's): `path`."""

    def __init__(self, message: str, *, path: str, hint: str | None = None) -> None:
        super().__init__(message, hint=hint)
        self.path = path

    def __str__(self) -> str:
        return f"{self.path}: {self.args[0]}"


class AccountingError(ThreadsiftError):
    """The outcomes of a run's records do not add up to its inputs: a step lost or invented a
    page. `where` names the stage and shard, or the run."""

    def __init__(self, message: str, *, where: str, hint: str | None = None) -> None:
        super().__init__(message, hint=hint)
        self.where = where

    def __str__(self) -> str:
        return f"{self.where}: {self.args[0]}"


class MissingDependency(ThreadsiftError):
    """`package` is not installed; `extra` is the threadsift extra that installs it, if any."""

    def __init__(
        self, package: str, *, needed_for: str, extra: str | None, hint: str | None = None
    ) -> None:
        if hint is None:
            # A core package missing means a broken or partial install: reinstall the core.
            hint = f"pip install 'threadsift[{extra}]'" if extra else "pip install threadsift"
        super().__init__(f"{needed_for} needs the {package} package", hint=hint)
        self.package = package
        self.extra = extra


#: The exit status of the command line for each error class (the nearest base class counts).
EXIT_STATUS: dict[type[ThreadsiftError], int] = {
    ThreadsiftError: 1,
    InputError: 1,
    ConfigError: 2,
    OutputError: 1,
    MissingDependency: 1,
}


def exit_status(error: ThreadsiftError) -> int:
    """The exit status of the command line for `error`."""
    return next(EXIT_STATUS[cls] for cls in type(error).__mro__ if cls in EXIT_STATUS)


def require(
    module: str,
    *,
    needed_for: str,
    extra: str | None = None,
    package: str | None = None,
    hint: str | None = None,
) -> ModuleType:
    """Import `module` on first use, or raise `MissingDependency` naming what installs it.

    Args:
        module: the module to import (``"ray"``, ``"pyarrow.parquet"``).
        needed_for: what needs it, the start of the message (``"the ray executor"``).
        extra: the threadsift extra that installs it; None for a core dependency.
        package: the distribution's name when it is not the module's top-level name.
        hint: what to do, when installing an extra is not it.

    Returns:
        The imported module.

    Raises:
        MissingDependency: when the module (or one it imports) cannot be imported.
    """
    try:
        return importlib.import_module(module)
    except ImportError as error:
        top = module.split(".")[0]
        missing = (error.name or top).split(".")[0]  # the module, or one that it imports
        if missing == top and package is not None:
            missing = package
        raise MissingDependency(missing, needed_for=needed_for, extra=extra, hint=hint) from None
