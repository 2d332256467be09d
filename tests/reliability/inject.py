"""Run the threadsift command line with a file system error injected where files are committed.

    python inject.py ERRNO_NAME GLOB ARGS...

Every file a run writes is renamed into place with `os.replace`; here the first rename onto a
path matching GLOB raises ``OSError(ERRNO_NAME)`` (ENOSPC: the disk is full), as a write that
fails mid-phase would. The run works in this process (use ``-j 1``).
"""

from __future__ import annotations

import errno
import fnmatch
import os
import sys
from typing import Any


def main() -> None:
    name, pattern, *args = sys.argv[1:]
    code = getattr(errno, name)
    real_replace = os.replace
    fired = []

    def replace(src: Any, dst: Any, *rest: Any, **options: Any) -> None:
        if not fired and fnmatch.fnmatch(os.fsdecode(dst), pattern):
            fired.append(dst)
            raise OSError(code, os.strerror(code), os.fsdecode(src))
        real_replace(src, dst, *rest, **options)

    os.replace = replace
    from threadsift.cli import main as cli

    sys.argv = ["threadsift", *args]
    cli()


if __name__ == "__main__":
    main()
