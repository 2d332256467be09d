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
