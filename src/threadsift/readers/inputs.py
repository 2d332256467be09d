"""Input paths for every reader: expand directories and globs, open files and stdin.

`expand_inputs` turns command-line inputs into the list of things to read, and `read_bytes`
reads one of them (decompressed when it is gzipped, as a `.txt.gz` or `.html.gz` page is) or
raises an `InputError` that says plainly what is wrong with it (a broken symlink, a directory
that cannot be listed, corrupt gzip data...). An input that matches nothing (a missing path, a
glob without a match, a directory without a file to read) is an `InputError` from
`expand_inputs`, before anything is read: a typo in a script must not pass as an empty corpus.
"""

from __future__ import annotations

import glob
import os
import sys
from collections.abc import Iterable, Iterator
from fnmatch import fnmatchcase

from threadsift.budget import DEFAULT_BUDGET
from threadsift.errors import InputError

STDIN = "-"
STDIN_NAME = "<stdin>"
GZIP_MAGIC = b"\x1f\x8b"
_GLOB_CHARS = frozenset("*?[")


def expand_inputs(
    inputs: Iterable[str],
    *,
    suffixes: tuple[str, ...] | None = None,
    exclude: str | os.PathLike[str] | None = None,
) -> list[str]:
    """Expand `inputs` to the files to read, in order.

    Args:
        inputs: paths, directories, glob patterns, or ``-`` for stdin.
        suffixes: keep only files ending in one of these when walking a directory or glob
            (files named explicitly are always kept).
        exclude: a directory whose files a directory or glob never gives (a run's output
            directory inside its input directory: its files are not inputs of the run).

    Returns:
        Paths in input order; a directory gives its files recursively in sorted order, skipping
        hidden files and directories, special files (FIFOs, sockets, devices) and symlinked
        directories (``**`` in a glob does not follow them either: a link loop would never
        end). A directory that cannot be listed and a broken symlink are returned unchanged so
        that reading them reports why. A file named twice is read once.

    Raises:
        InputError: an input matches nothing: a missing path, a glob without a matching file,
            or a directory without a file to read (outside `exclude`); `source` names it.
    """
    skip = None if exclude is None else os.path.join(os.path.realpath(exclude), "")
    paths: list[str] = []
    for item in inputs:
        if item == STDIN or (os.path.lexists(item) and not os.path.isdir(item)):
            paths.append(item)
        elif os.path.isdir(item):
            found = _outside(_walk(item, suffixes), skip)
            if not found:
                raise InputError(_directory_problem(item), source=source_name(item))
            paths.extend(found)
        elif _GLOB_CHARS & set(item):
            matches = [
                path
                for path in sorted(_glob(item))
                if not os.path.isdir(path) and _wanted(path, suffixes)
            ]
            found = _outside(matches, skip)
            if not found:
                raise InputError("no file matches this pattern", source=source_name(item))
            paths.extend(found)
        else:
            raise InputError("no such file or directory", source=source_name(item))
    return _once(paths)


def _outside(paths: list[str], skip: str | None) -> list[str]:
    """`paths` without those under the directory `skip` (a real path ending in a separator)."""
    if skip is None:
        return paths
    return [path for path in paths if not os.path.realpath(path).startswith(skip)]


def _glob(pattern: str) -> list[str]:
    """What `glob.glob(pattern, recursive=True)` gives, except that ``**`` does not go through
    symlinked directories (it would follow a link loop forever)."""
    parts = pattern.split(os.sep)
    if "**" not in parts:
        return glob.glob(pattern)
    fixed = next(i for i, part in enumerate(parts) if _GLOB_CHARS & set(part))
    base = os.sep.join(parts[:fixed]) or (os.sep if pattern.startswith(os.sep) else "")
    return [path for path in dict.fromkeys(_match(base, parts[fixed:])) if path]


def _match(base: str, parts: list[str]) -> Iterator[str]:
    """Paths under the directory `base` (``""``: the current one) matching the components
    `parts` of a glob, hidden names excepted as `glob` does."""
    if not parts:
        yield base
        return
    part, rest = parts[0], parts[1:]
    if part == "**":
        for directory in _directories(base):
            if rest:
                yield from _match(directory, rest)
            else:  # a final ** gives everything below
                yield directory
                for name in _names(directory):
                    if not name.startswith("."):
                        yield os.path.join(directory, name)
    elif _GLOB_CHARS & set(part):
        for name in _names(base):
            if (part.startswith(".") or not name.startswith(".")) and fnmatchcase(name, part):
                path = os.path.join(base, name)
                if not rest or os.path.isdir(path):
                    yield from _match(path, rest)
    else:
        path = os.path.join(base, part)
        if os.path.isdir(path) if rest else os.path.lexists(path):
            yield from _match(path, rest)


def _directories(base: str) -> Iterator[str]:
    """`base` and the directories below it, without hidden or symlinked ones."""
    root = base or os.curdir
    for dirpath, dirnames, _ in os.walk(root):  # os.walk does not follow symlinks
        dirnames[:] = sorted(name for name in dirnames if not name.startswith("."))
        below = os.path.relpath(dirpath, root)
        yield base if below == os.curdir else os.path.join(base, below)


def _names(directory: str) -> list[str]:
    """The names in `directory` (none when it cannot be listed)."""
    try:
        return sorted(os.listdir(directory or os.curdir))
    except OSError:
        return []


def _once(paths: list[str]) -> list[str]:
    """`paths` without a file named again (by another spelling too): each is read once, so that
    its records are not both outputs and duplicates of themselves."""
    seen: set[str] = set()
    kept = []
    for path in paths:
        key = path if path == STDIN else os.path.realpath(path)
        if key not in seen:
            seen.add(key)
            kept.append(path)
    return kept


def read_bytes(path: str, limit: int = DEFAULT_BUDGET.record_bytes) -> bytes:
    """The bytes of the file at `path` (``-`` reads stdin), inflated when gzipped.

    Raises:
        InputError: the path cannot be read, with the reason (missing, broken symlink, a
            directory, permission denied...), or holds more than `limit` bytes (inflated).
    """
    name = source_name(path)
    if path == STDIN:
        return _within(_gunzip(sys.stdin.buffer.read(limit + 1), name, limit), name, limit)
    try:
        with open(path, "rb") as handle:
            return _within(_gunzip(handle.read(limit + 1), name, limit), name, limit)
    except IsADirectoryError:
        raise InputError(_directory_problem(path), source=name) from None
    except FileNotFoundError:
        message = "broken symlink" if os.path.islink(path) else "no such file or directory"
        raise InputError(message, source=name) from None
    except OSError as error:
        raise InputError(_os_message(error), source=name) from None


def over_budget(limit: int) -> str:
    """The message of a record larger than the `record_bytes` limit."""
    return f"over the record size limit ({limit >> 20} MB; --limit record_bytes=...)"


def _within(data: bytes, source: str, limit: int) -> bytes:
    if len(data) > limit:
        raise InputError(over_budget(limit), source=source)
    return data


def _gunzip(data: bytes, source: str, limit: int) -> bytes:
    """`data`, with every gzip member inflated (at most `limit` + 1 bytes) when it starts with
    the gzip magic bytes."""
    if not data.startswith(GZIP_MAGIC):
        return data
    import gzip
    import io
    import zlib

    try:
        with gzip.GzipFile(fileobj=io.BytesIO(data)) as stream:
            return stream.read(limit + 1)
    except (OSError, EOFError, zlib.error) as error:
        raise InputError(f"corrupt gzip data ({error})", source=source) from None


def source_name(path: str) -> str:
    """How a path is named in records and messages (stdin is ``<stdin>``).

    Bytes of a file name that are not UTF-8 (kept by Python as lone surrogates) are written as
    ``\\xNN``, so that the name can go into JSON, Parquet and a terminal.
    """
    if path == STDIN:
        return STDIN_NAME
    try:
        path.encode("utf-8")
    except UnicodeEncodeError:
        raw = path.encode("utf-8", "surrogateescape" if _fs_bytes(path) else "backslashreplace")
        return raw.decode("utf-8", "backslashreplace")
    return path


def _fs_bytes(path: str) -> bool:
    """Whether every surrogate in `path` stands for one undecodable byte (`os.fsdecode`'s)."""
    return all(not 0xD800 <= ord(c) <= 0xDFFF or 0xDC80 <= ord(c) <= 0xDCFF for c in path)


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
