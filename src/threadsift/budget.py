"""What one input record may cost: bytes after decompression, HTML shape, text length and time.

Crawled input is hostile: a 3 kB gzip member can inflate to gigabytes, a page can nest 100,000
elements or put a million attributes on one tag. Every reader and decomposer gets a `Budget`;
a record over it is read or decomposed a cheaper way, or becomes an error record whose reason
names the limit, and the run goes on. The defaults are far above real news pages (the largest
page of the development pool is 4 MB of HTML, 60 levels deep).
"""

from __future__ import annotations

import math
import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, fields, replace
from typing import IO, Any

from threadsift.errors import ConfigError


@dataclass(frozen=True, slots=True)
class Budget:
    """Limits on one record; see the module docstring and ``docs/limits.md``."""

    #: Bytes of one record after decompression (a text or HTML file, a JSON line, a WARC
    #: record, an HTTP body after its Content-Encoding); over it, the record is an error.
    record_bytes: int = 64 << 20
    #: Characters of HTML the DOM decomposer reads; a larger page is decomposed from its text.
    html_chars: int = 16 << 20
    #: Element nesting the DOM decomposer reads; a deeper page is decomposed from its text.
    html_depth: int = 400
    #: Attributes on one element; a page with more is decomposed from its rendered text.
    html_attributes: int = 1000
    #: Characters of page text the decomposers read; a longer page is an error record.
    text_chars: int = 8_000_000
    #: Characters of one article or comment the annotators and the near-duplicate signature
    #: read (the start of it).
    annotate_chars: int = 100_000
    #: How many times its compressed size a streamed input (JSON Lines) may inflate to, past
    #: its first `record_bytes`, before the rest of it is refused as a decompression bomb.
    inflate_ratio: int = 100
    #: Seconds to decompose one page (where a timer can interrupt it: the main thread of a
    #: worker); a page over it is an error record.
    seconds: float = 60.0

    def bomb(self, compressed: IO[bytes], inflated: int) -> str | None:
        """Why `inflated` bytes out of what has been read of `compressed` are a decompression
        bomb, or None when they are not (or the compressed position cannot be known)."""
        if inflated <= self.record_bytes:
            return None
        try:
            position = compressed.tell()
        except OSError:  # a pipe
            return None
        if inflated <= self.inflate_ratio * max(position, 1):
            return None
        return (
            f"inflates more than {self.inflate_ratio} times its size (a decompression bomb?); "
            "the rest of the input is skipped"
        )

    def check(self) -> None:
        """Raise `ConfigError` on a limit that is not positive."""
        for item in fields(self):
            value = getattr(self, item.name)
            if value <= 0:
                raise ConfigError(f"{item.name} must be positive, not {value}", option="--limit")

    def to_dict(self) -> dict[str, Any]:
        """The limits by name."""
        return asdict(self)

    def with_limits(self, assignments: list[str]) -> Budget:
        """A copy with ``NAME=VALUE`` assignments applied (``--limit record_bytes=1e8``).

        Raises:
            ConfigError: an unknown name or a value that is not a number.
        """
        types = {item.name: item.type for item in fields(self)}
        changes: dict[str, Any] = {}
        for assignment in assignments:
            name, sep, value = assignment.partition("=")
            name = name.strip()
            if not sep or name not in types:
                known = ", ".join(types)
                raise ConfigError(
                    f"not a limit: {assignment!r} (limits: {known})", option="--limit"
                )
            try:
                number = float(value)
            except ValueError:
                number = math.nan
            if not math.isfinite(number):
                raise ConfigError(f"{name} needs a number, not {value!r}", option="--limit")
            changes[name] = number if types[name] == "float" else int(number)
        budget = replace(self, **changes)
        budget.check()
        return budget


DEFAULT_BUDGET = Budget()


class OverTime(BaseException):
    """The time budget of one page ran out (a BaseException, so that no `except Exception`
    inside a decomposer swallows it)."""


@contextmanager
def deadline(seconds: float) -> Iterator[None]:
    """Raise `OverTime` in the block after `seconds`, where a timer can: in the main thread
    (a process's, or a pool worker's) on a system with `setitimer`; elsewhere, no limit."""
    if (
        not hasattr(signal, "setitimer")
        or threading.current_thread() is not threading.main_thread()
    ):
        yield
        return

    def expire(signum: int, frame: Any) -> None:
        raise OverTime

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
