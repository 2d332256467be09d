"""threadsift: turn crawled news pages into title, article, chrome with reasons, and comments."""

from __future__ import annotations

import logging
from importlib.metadata import PackageNotFoundError, version

from threadsift.api import split
from threadsift.errors import (
    ConfigError,
    InputError,
    MissingDependency,
    OutputError,
    ThreadsiftError,
)
from threadsift.page import Comment, Label, Line, Outcome, Page, Quality
from threadsift.readers.detect import read_inputs

try:
    __version__ = version("threadsift")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0+unknown"

logging.getLogger(__name__).addHandler(logging.NullHandler())

__all__ = [
    "Comment",
    "ConfigError",
    "InputError",
    "Label",
    "Line",
    "MissingDependency",
    "Outcome",
    "OutputError",
    "Page",
    "Quality",
    "ThreadsiftError",
    "__version__",
    "read_inputs",
    "split",
]
