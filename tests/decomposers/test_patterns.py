"""patterns: the lookaheads that speed the word alternations up match what the plain ones match."""

import re
from pathlib import Path

import pytest

from threadsift.decomposers import patterns
from threadsift.decomposers.lines import line_info
from threadsift.decomposers.patterns import WHOLE_LINE, by_first_letter, first_letters_ahead, group

DATA = Path(__file__).resolve().parents[1] / "data"


def test_first_letters_ahead_guards_only_groups_of_words() -> None:
    assert first_letters_ahead(r"(?:ab|cd)x") == r"(?=[ac])(?:ab|cd)x"
    assert first_letters_ahead(r"x(?:\bfoo|bar)") == r"x(?=[bf])(?:\bfoo|bar)"
    nested = first_letters_ahead(r"(?:a(?:bc|de)|f?g)")
    assert nested == r"(?:a(?=[bd])(?:bc|de)|f?g)"  # "f?g" may open with "g": no outer guard
    for unchanged in (r"(?:ab|cd)?x", r"(?:[)\]]a|b)", r"(?:ab|\d+)", r"(?:é|a)", r"\(?:ab|cd\)"):
        assert first_letters_ahead(unchanged) == unchanged


def test_by_first_letter_keeps_the_winner_among_words_of_one_letter() -> None:
    fast = re.compile(by_first_letter(["sept", "sep", "march", "mar"]) + r"\w*", re.IGNORECASE)
    assert fast.pattern.startswith("(?=[sm])")
    assert fast.match("Sept.")[0] == "Sept"  # type: ignore[index]
    assert fast.match("marching")[0] == "marching"  # type: ignore[index]
    assert fast.match("april") is None
    with pytest.raises(ValueError, match="ASCII letter"):
        by_first_letter(["ca", "écrit"])


def _page_lines() -> list[str]:
    lines = {
        line.strip()
        for path in sorted(DATA.rglob("*.txt"))
        for line in path.read_text(encoding="utf-8").split("\n")
    }
    return sorted(line for line in lines if 0 < len(line) <= 300)


def test_whole_line_pattern_matches_as_without_lookaheads() -> None:
    parts = [f"(?P<{reason.name}>{group(*alts)})" for reason, alts in WHOLE_LINE]
    plain = re.compile(r"\A\W{0,3}(?:" + "|".join(parts) + r")\W{0,3}\Z", re.IGNORECASE)
    fast = patterns.compile_whole_line()
    assert fast.pattern.count("(?=[") > 100
    seen = 0
    for line in _page_lines():
        expected = plain.match(line)
        found = fast.match(line)
        assert (found and (found.lastgroup, found.span())) == (
            expected and (expected.lastgroup, expected.span())
        ), line
        seen += expected is not None
    assert seen > 100  # the test pages hold many chrome lines


def pattern_of(line: str) -> str | None:
    """The pattern group a line matches, as the decomposers read it."""
    reason = line_info(1, line).pattern
    return str(reason) if reason is not None else None


@pytest.mark.parametrize(
    "line",
    [
        "2 Gedanken zu „Folge 70“",
        "Ein Gedanke zu „Folge 70“",  # a theme's "One thought on “TITLE”" in its languages
        "Eine Antwort zu „Folge 70“",
        "Une réflexion sur « Épisode 70 »",
        "Un comentario en «Episodio 70»",
        "Un pensiero su “Puntata 70”",
        "3 pensieri su “Puntata 70”",
        "Eén reactie op “Aflevering 70”",
    ],
)
def test_comment_section_headings_are_comment_headings(line: str) -> None:
    assert pattern_of(line) == "comment-heading"


@pytest.mark.parametrize(
    "line", ["Eine Antwort auf die Frage gibt es nicht.", "Un pensiero su tutto questo."]
)
def test_a_sentence_that_opens_like_a_comment_heading_is_not_one(line: str) -> None:
    assert pattern_of(line) is None
