"""`authors.author_of`: which lines read as a comment's author line, and the name they carry."""

from __future__ import annotations

import pytest

from threadsift.decomposers.authors import EXPLICIT, SAYS_VERBS, author_of
from threadsift.decomposers.lines import line_info


@pytest.mark.parametrize("verb", SAYS_VERBS)
def test_every_says_verb_makes_an_explicit_author_line(verb: str) -> None:
    for text in (f"Anna Weber {verb}:", f"2. Anna Weber {verb.upper()}:", f"  • Anna Weber {verb}"):
        author = author_of(line_info(1, text))
        assert author is not None, text
        assert (author.name, author.strength, author.says) == ("Anna Weber", EXPLICIT, True)


def test_a_sentence_with_a_says_verb_is_not_an_author_line() -> None:
    line = "Die Zeitung schreibt, dass der Rat am Dienstag über den Haushalt abstimmen wird."
    assert author_of(line_info(1, line)) is None


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Posted by: Anna Weber at September 11, 2012 5:50 AM", "Anna Weber"),  # a colon after "by"
        ("Posted by Anna Weber at 5:50 AM", "Anna Weber"),
        ("Geschrieben von: Anna Weber am 3. Mai 2020", "Anna Weber"),
        ("Comment by Anna Weber", "Anna Weber"),
    ],
)
def test_by_lines_name_their_author(text: str, name: str) -> None:
    author = author_of(line_info(1, text))
    assert author is not None and (author.name, author.strength) == (name, EXPLICIT)
