"""threadsift: turn crawled news pages into title, article, chrome with reasons, and comments."""

from __future__ import annotations

import logging
from importlib.metadata import PackageNotFoundError, version

from threadsift.annotators.language import LanguageAnnotator
from threadsift.annotators.quality import QualityAnnotator
from threadsift.annotators.standard import standard_annotators
from threadsift.annotators.toxicity import ToxicityAnnotator
from threadsift.api import decompose, run, split
from threadsift.errors import (
    ConfigError,
    InputError,
    MissingDependency,
    OutputError,
    ThreadsiftError,
)
from threadsift.page import Comment, Label, Line, Outcome, Page, Quality
from threadsift.readers.detect import read_inputs
from threadsift.report import RunReport

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
    "LanguageAnnotator",
    "Line",
    "MissingDependency",
    "Outcome",
    "OutputError",
    "Page",
    "Quality",
    "QualityAnnotator",
    "RunReport",
    "ThreadsiftError",
    "ToxicityAnnotator",
    "__version__",
    "decompose",
    "read_inputs",
    "run",
    "split",
    "standard_annotators",
]
