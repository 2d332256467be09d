"""Text for a terminal: control characters in data are shown, never obeyed.

Crawled text and file names carry escape sequences (``ESC [ 2J`` clears the screen, ``OSC 0``
sets the window title, ``OSC 8`` makes a link), BEL, backspace and CR, which a terminal would
act on. Everything the CLI prints from data goes through `printable` (or `one_line` for an error
line, `json_line` for a JSON record): C0 and C1 control characters and DEL become ``\\x1b``-style
escapes, and lone surrogates (the bytes of a file name that is not UTF-8) become ``\\xff``, so
that the output is always valid UTF-8.
"""

from __future__ import annotations

import json
import re
from functools import cache
from typing import Any

# C0 controls, DEL, C1 controls (U+009B is a one-character CSI), and surrogates.
_UNSAFE = "\x00-\x1f\x7f-\x9f\ud800-\udfff"
_SHORT = {"\t": "\\t", "\n": "\\n", "\r": "\\r"}
# In JSON strings C0 controls are escaped by `json.dumps` already; these are left raw by it.
_JSON_RAW = re.compile("[\x7f-\x9f\u2028\u2029\ud800-\udfff]")


@cache
def _pattern(keep: str) -> re.Pattern[str]:
    kept = "".join(f"\\x{ord(char):02x}" for char in keep)
    return re.compile(f"[{_UNSAFE}]" if not kept else f"(?![{kept}])[{_UNSAFE}]")


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    code = ord(char)
    if char in _SHORT:
        return _SHORT[char]
    if 0xDC80 <= code <= 0xDCFF:  # a byte that `surrogateescape` kept from an undecodable name
        return f"\\x{code - 0xDC00:02x}"
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def printable(text: str, *, keep: str = "\t\n") -> str:
    """`text` with its control characters (except those in `keep`) shown as escapes."""
    return _pattern(keep).sub(_escape, text)


def one_line(text: str) -> str:
    """`text` on one line: tabs and newlines escaped too (for messages and table cells)."""
    return printable(text, keep="")


def json_line(data: Any) -> str:
    """`data` as one line of JSON, non-ASCII text kept, with no raw control character."""
    return _JSON_RAW.sub(
        lambda match: f"\\u{ord(match.group()):04x}", json.dumps(data, ensure_ascii=False)
    )
