"""A reading of a page's lines, as the rules or the line model give it."""

from __future__ import annotations

from dataclasses import dataclass

from threadsift.decomposers.thread import Found
from threadsift.page import Label


@dataclass(slots=True)
class Reading:
    """A label (and chrome reason) per line, the title's index and the comments found."""

    labels: list[tuple[Label, str | None]]
    title: int | None
    comments: list[Found]
