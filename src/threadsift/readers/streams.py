"""Open one input as a binary stream (``-`` is stdin) for the readers that stream their input."""

from __future__ import annotations

import io
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager

from threadsift.errors import InputError
from threadsift.readers.inputs import GZIP_MAGIC, STDIN, source_name


@contextmanager
def open_input(path: str) -> Iterator[io.BufferedReader]:
    """The input at `path` opened for binary reading, buffered so that it can be peeked.

    Raises:
        InputError: the path cannot be opened, with the reason.
    """
    if path == STDIN:
        stdin = sys.stdin.buffer
        yield stdin if isinstance(stdin, io.BufferedReader) else io.BufferedReader(stdin)  # type: ignore[arg-type]
        return
    try:
        handle = open(path, "rb")  # noqa: SIM115 - closed below, after the caller's block
    except IsADirectoryError:
        raise InputError("is a directory", source=source_name(path)) from None
    except FileNotFoundError:
        message = "broken symlink" if os.path.islink(path) else "no such file or directory"
        raise InputError(message, source=source_name(path)) from None
    except OSError as error:
        raise InputError((error.strerror or str(error)).lower(), source=source_name(path)) from None
    with handle:
        yield handle


def peek(stream: io.BufferedReader, size: int) -> bytes:
    """Up to `size` first bytes of what `stream` will read next, without consuming them."""
    return stream.peek(size)[:size]


def maybe_gunzip(stream: io.BufferedReader) -> io.BufferedIOBase:
    """`stream`, decompressed on the fly when it starts with the gzip magic bytes."""
    if peek(stream, 2) == GZIP_MAGIC:
        import gzip

        return gzip.GzipFile(fileobj=stream, mode="rb")
    return stream
