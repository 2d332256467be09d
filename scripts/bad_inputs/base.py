"""What a case is, the registry the case modules fill, and small helpers they share."""

from __future__ import annotations

import gzip
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bad_inputs.builders import html_page

#: Clear screen, cursor home, a window title and an OSC 8 hyperlink.
ESCAPES = "\x1b[2J\x1b[H\x1b]0;pwned\x07\x1b]8;;http://evil.example/\x1b\\link\x1b]8;;\x1b\\"


@dataclass
class Case:
    """One case: what it tests, the counts a run must report, and how to write it."""

    name: str
    tests: str
    write: Callable[[Path], None]
    inputs: int | None
    expect: dict[str, int] = field(default_factory=dict)
    args: list[str] | None = None
    big: bool = False


CASES: list[Case] = []


def case(
    tests: str,
    inputs: int | None,
    *,
    big: bool = False,
    args: list[str] | None = None,
    **expect: int,
) -> Callable[[Callable[[Path], None]], Callable[[Path], None]]:
    """Register the decorated writer as a case named after it."""

    def register(write: Callable[[Path], None]) -> Callable[[Path], None]:
        CASES.append(Case(write.__name__, tests, write, inputs, expect, args, big))
        return write

    return register


def put(path: Path, data: bytes | str) -> None:
    """Write `data` (str as UTF-8) to `path`."""
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)


def gz(data: bytes | str) -> bytes:
    """`data` as one gzip member (str as UTF-8), without a timestamp."""
    return gzip.compress(data.encode("utf-8") if isinstance(data, str) else data, mtime=0)


def jsonl(*records: Any) -> str:
    """JSON Lines; a str record is written as it is (a bad line)."""
    return "".join((r if isinstance(r, str) else json.dumps(r)) + "\n" for r in records)


def page_bytes(seed: int, **kwargs: str) -> bytes:
    """`builders.html_page` as UTF-8 bytes."""
    return html_page(seed, **kwargs).encode("utf-8")


def url(n: int | str, host: str = "news.example") -> str:
    """The URL of story `n` on `host`."""
    return f"https://{host}/story/{n}"
