"""Control characters in data are made visible before they reach a terminal."""

from __future__ import annotations

import json

import pytest

from threadsift.terminal import json_line, one_line, printable


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("plain text, ünïcödé, 中文", "plain text, ünïcödé, 中文"),
        ("\x1b[2Jclear", "\\x1b[2Jclear"),
        ("\x1b]0;title\x07", "\\x1b]0;title\\x07"),
        ("\x1b]8;;https://x.example\x1b\\link", "\\x1b]8;;https://x.example\\x1b\\link"),
        ("over\rwrite\x08\x7f", "over\\rwrite\\x08\\x7f"),
        ("\x9b2J\x85\x80\x9f", "\\x9b2J\\x85\\x80\\x9f"),
        ("tab\tand\nnewline", "tab\tand\nnewline"),
        ("\x00nul", "\\x00nul"),
        ("bad-\udcff-byte", "bad-\\xff-byte"),  # a file name byte kept by surrogateescape
        ("lone \ud800", "lone \\ud800"),
    ],
)
def test_printable(text: str, shown: str) -> None:
    assert printable(text) == shown
    shown.encode("utf-8")  # always printable on a UTF-8 terminal


def test_one_line_escapes_layout_characters_too() -> None:
    assert one_line("a\tb\nc\rd") == "a\\tb\\nc\\rd"
    assert printable("a\tb\nc", keep="\t") == "a\tb\\nc"


def test_json_line_is_valid_utf8_json_without_controls() -> None:
    record = {"text": "a\x1b[2J\x9b1m\x7f\u2028b", "source": "f\udcff.txt", "ok": "中文"}
    line = json_line(record)
    assert not {"\x1b", "\x9b", "\x7f", "\u2028"} & set(line)
    line.encode("utf-8")
    assert "中文" in line
    assert json.loads(line) == record
