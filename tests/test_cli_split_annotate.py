"""`threadsift split` annotates by default (language, toxicity, quality), not with --no-annotate."""

from __future__ import annotations

import json

from click.testing import CliRunner

from threadsift.cli import cli

PAGE = (
    "Budget approved\n\n"
    + "The city council approved the new budget for schools and roads on Monday evening. " * 3
    + "\n\n2 comments\n\nanna says:\n\nYou are an idiot and a liar.\n\n"
    + "ben says:\n\nMerci pour cet article, je l'ai lu avec beaucoup d'intérêt ce matin.\n"
)


def split(*args: str) -> list[dict[str, object]]:
    result = CliRunner().invoke(cli, ["split", *args, "-"], input=PAGE)
    assert result.exit_code == 0, result.output
    return [json.loads(line) for line in result.stdout.splitlines()]


def test_split_annotates_pages_and_comments_by_default() -> None:
    [record] = split()
    assert record["language"] == "en"
    quality = record["quality"]
    assert isinstance(quality, dict)
    assert quality["word_count"] == 42
    assert quality["dup_5gram_char_fraction"] > 0.5  # the sentence is there three times
    comments = record["comments"]
    assert isinstance(comments, list)
    assert [(c["language"], c["toxic"]) for c in comments] == [("en", True), ("fr", False)]
    assert comments[0]["toxicity_category"] == "insult"


def test_fast_toxicity_scores_with_the_fast_variant() -> None:
    default, fast = (split(*args)[0]["comments"] for args in ((), ("--fast-toxicity",)))
    assert isinstance(default, list) and isinstance(fast, list)
    assert [c["toxic"] for c in default] == [c["toxic"] for c in fast] == [True, False]
    assert [c["toxicity"] for c in default] != [c["toxicity"] for c in fast]


def test_no_annotate_leaves_the_fields_null() -> None:
    [record] = split("--no-annotate")
    assert (record["language"], record["quality"]) == (None, None)
    comments = record["comments"]
    assert isinstance(comments, list)
    assert all(c["language"] is None and c["toxicity"] is None for c in comments)


def test_view_shows_the_annotations() -> None:
    result = CliRunner().invoke(cli, ["split", "--view", "-"], input=PAGE)
    assert result.exit_code == 0
    assert "language: en" in result.stdout
    assert "quality: 42 words" in result.stdout
    assert "toxic " in result.stdout
