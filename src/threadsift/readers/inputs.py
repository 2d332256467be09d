"""Input paths for every reader: expand directories and globs, open files and stdin.

`expand_inputs` turns command-line inputs into the list of things to read, and `read_bytes`
reads one of them (decompressed when it is gzipped, as a `.txt.gz` or `.html.gz` page is) or
raises an `InputError` that says plainly what is wrong with it (a broken symlink, a missing file,
a directory that cannot be listed, corrupt gzip data...). A path that cannot be expanded is
kept as it is, so that reading it reports the problem and the input is still accounted for.
"""

from __future__ import annotations

import glob
import os
import sys
from collections.abc import Iterable

from threadsift.errors import InputError

STDIN = "-"
STDIN_NAME = "<stdin>"
GZIP_MAGIC = b"\x1f\x8b"
MAX_GUNZIPPED = 1 << 30  # a gzipped page that inflates beyond this is refused (a gzip bomb)
_GLOB_CHARS = frozenset("*?[")


def expand_inputs(inputs: Iterable[str], *, suffixes: tuple[str, ...] | None = None) -> list[str]:
    """Expand `inputs` to the files to read, in order.

    Args:
        inputs: paths, directories, glob patterns, or ``-`` for stdin.
        suffixes: keep only files ending in one of these when walking a directory or glob
            (files named explicitly are always kept).

    Returns:
        Paths in input order; a directory gives its files recursively in sorted order, skipping
        hidden files and directories and special files (FIFOs, sockets, devices). A directory
        that cannot be listed, a glob that matches nothing and a missing path are returned
        unchanged so that reading them reports why.
    """
    paths: list[str] = []
    for item in inputs:
        if item == STDIN or (os.path.lexists(item) and not os.path.isdir(item)):
            paths.append(item)
        elif os.path.isdir(item):
            paths.extend(_walk(item, suffixes) or [item])
        elif _GLOB_CHARS & set(item):
            matches = [
                path
                for path in sorted(glob.glob(item, recursive=True))
                if not os.path.isdir(path) and _wanted(path, suffixes)
            ]
            paths.extend(matches or [item])
        else:
            paths.append(item)
    return paths


def read_bytes(path: str) -> bytes:
    """The bytes of the file at `path` (``-`` reads stdin).

    Raises:
        InputError: the path cannot be read, with the reason (missing, broken symlink, a
            directory, permission denied...).
    """
    if path == STDIN:
        return _gunzip(sys.stdin.buffer.read(), STDIN_NAME)
    try:
        with open(path, "rb") as handle:
            return _gunzip(handle.read(), path)
    except IsADirectoryError:
        raise InputError(_directory_problem(path), source=path) from None
    except FileNotFoundError:
        message = "broken symlink" if os.path.islink(path) else "no such file or directory"
        raise InputError(message, source=path) from None
    except OSError as error:
        raise InputError(_os_message(error), source=path) from None


def _gunzip(data: bytes, source: str) -> bytes:
    """`data`, with every gzip member inflated when it starts with the gzip magic bytes."""
    if not data.startswith(GZIP_MAGIC):
        return data
    import gzip
    import io
    import zlib

    try:
        with gzip.GzipFile(fileobj=io.BytesIO(data)) as stream:
            inflated = stream.read(MAX_GUNZIPPED + 1)
    except (OSError, EOFError, zlib.error) as error:
        raise InputError(f"corrupt gzip data ({error})", source=source) from None
    if len(inflated) > MAX_GUNZIPPED:
        raise InputError(f"inflates to more than {MAX_GUNZIPPED >> 20} MB", source=source)
    return inflated


def source_name(path: str) -> str:
    """How a path is named in records and messages (stdin is ``<stdin>``)."""
    return STDIN_NAME if path == STDIN else path


def _walk(root: str, suffixes: tuple[str, ...] | None) -> list[str]:
    """Files under `root`, sorted; directories that cannot be listed are kept as entries."""
    found: list[str] = []

    def keep_unlistable(error: OSError) -> None:
        if error.filename is not None:
            found.append(os.fsdecode(error.filename))

    for dirpath, dirnames, filenames in os.walk(root, onerror=keep_unlistable):
        dirnames[:] = sorted(name for name in dirnames if not name.startswith("."))
        for name in sorted(filenames):
            path = os.path.join(dirpath, name)
            if name.startswith(".") or not _wanted(path, suffixes):
                continue
            # FIFOs, sockets and devices are not documents, and reading one could block forever;
            # a broken symlink is kept so that reading it reports it.
            if os.path.exists(path) and not os.path.isfile(path):
                continue
            found.append(path)
    # os.walk visits a directory's files before its subdirectories; sort the whole list so the
    # order depends on the paths only.
    return sorted(found)


def _wanted(path: str, suffixes: tuple[str, ...] | None) -> bool:
    return suffixes is None or path.endswith(suffixes)


def _directory_problem(path: str) -> str:
    try:
        os.listdir(path)
    except OSError as error:
        return f"cannot list directory: {_os_message(error)}"
    return "no files to read in this directory"


def _os_message(error: OSError) -> str:
    return (error.strerror or str(error)).lower()
