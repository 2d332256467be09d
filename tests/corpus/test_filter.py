"""Filter expressions over annotations, and `threadsift run --filter` end to end."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from devtools.pages import make_page
from threadsift.cli import cli
from threadsift.corpus.filter import ExpressionFilter, FilterExpression, check_run_filter
from threadsift.errors import ConfigError
from threadsift.page import Outcome, Page, Quality


def page(words: int = 100, language: str | None = "en", **signals: float) -> Page:
    quality = Quality(word_count=words, **signals)  # type: ignore[arg-type]
    return make_page(host="news.example", language=language, quality=quality)


@pytest.mark.parametrize(
    ("expression", "passes"),
    [
        ("word_count >= 50", True),
        ("word_count >= 500", False),
        ("language == 'en'", True),
        ("language in ('de', 'fr')", False),
        ("language not in ['de', 'fr']", True),
        ("3 <= mean_word_length <= 10", True),  # mean_word_length is 4.5 below
        ("not has_lorem_ipsum", True),
        ("word_count > 500 or language == 'en'", True),
        ("not (word_count > 50)", False),
        ("dup_line_fraction < 0.3 and host == 'news.example'", True),
        ("n_comments == 0", True),
        ("language_score == None", True),
        ("word_count > -1", True),
    ],
)
def test_expressions_evaluate(expression: str, passes: bool) -> None:
    assert FilterExpression(expression).matches(page(mean_word_length=4.5)) is passes


def test_failing_clause_is_the_first_false_operand_of_and() -> None:
    expression = FilterExpression("word_count >= 50 and (language == 'de' and  word_count < 9)")
    assert expression.failing(page()) == "language == 'de'"
    assert expression.failing(page(words=10)) == "word_count >= 50"
    assert FilterExpression("word_count > 5 or language == 'de'").failing(page(words=1)) == (
        "word_count > 5 or language == 'de'"
    )
    assert expression.failing(page(language="de", words=60)) == "word_count < 9"
    assert FilterExpression("word_count > 5").failing(page()) is None


def test_missing_values_fail_comparisons() -> None:
    unannotated = Page(id="p", text="")
    assert not FilterExpression("word_count >= 0").matches(unannotated)
    assert not FilterExpression("language == 'en'").matches(unannotated)
    assert FilterExpression("language != 'en'").matches(unannotated)


@pytest.mark.parametrize(
    ("expression", "message"),
    [
        ("__import__('os').system('true')", "Call is not allowed"),
        ("word_count.real > 1", "Attribute is not allowed"),
        ("word_count + 1 > 2", "BinOp is not allowed"),
        ("words > 2", "unknown field 'words'"),
        ("language is None", "no Is comparison"),
        ("word_count >=", "invalid syntax"),
        ("language in (host, 'en')", "tuples and lists hold values only"),
        ("-language == 'en'", "'-' only before a number"),
        ("[x for x in ()]", "ListComp is not allowed"),
    ],
)
def test_anything_outside_the_grammar_is_refused(expression: str, message: str) -> None:
    with pytest.raises(ConfigError, match=message) as raised:
        FilterExpression(expression)
    assert raised.value.hint


def test_filter_step_sets_aside_with_reason_and_keeps_order() -> None:
    short, long, done = page(words=10), page(words=80), page(words=10)
    done.outcome, done.reason = Outcome.DUPLICATE, "exact-duplicate of x"
    step = ExpressionFilter("word_count >= 50 and language == 'en'")
    assert list(step.run([short, long, done])) == [short, long, done]
    assert (short.outcome, short.reason) == (Outcome.FILTERED, "filter: word_count >= 50")
    assert long.outcome is None
    assert done.outcome is Outcome.DUPLICATE  # pages already set aside keep their outcome
    assert step.stats == {"filter: word_count >= 50": 1}


def test_filter_on_annotations_needs_annotation() -> None:
    with pytest.raises(ConfigError, match=r"reads annotations \(word_count\)"):
        check_run_filter("word_count > 5", annotate=False)
    check_run_filter("n_comments > 0", annotate=False)
    check_run_filter("word_count > 5", annotate=True)
    check_run_filter(None, annotate=False)


STORY = "The city council approved the new budget for schools and roads on Monday evening. "


def write_inputs(root: Path) -> None:
    root.mkdir()
    thread = "2 comments\n\nanna says:\n\nYou are an idiot and a liar.\n\n"
    thread += "ben says:\n\nThanks.\n\nLeave a comment\n"
    (root / "a_long.txt").write_text(f"Budget approved\n\n{STORY * 6}\n\n{thread}")
    (root / "b_short.txt").write_text("Short note\n\nThe council met today and voted for it.\n")
    german = "Der Stadtrat hat am Montag den neuen Haushalt für Schulen und Straßen beschlossen. "
    (root / "c_german.txt").write_text(f"Haushalt beschlossen\n\n{german * 6}\n")


def query(out: Path, sql: str) -> list[dict[str, object]]:
    found = CliRunner().invoke(cli, ["query", str(out), "--json", sql])
    assert found.exit_code == 0, found.output
    return [json.loads(line) for line in found.stdout.splitlines()]


def test_run_filter_counts_each_page_with_its_reason(tmp_path: Path) -> None:
    write_inputs(tmp_path / "in")
    out = tmp_path / "o"
    expression = "word_count >= 50 and language == 'en'"
    args = ["run", str(tmp_path / "in"), "--out", str(out), "-j", "1", "--filter", expression]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    reasons = "filter: language == 'en' 1, filter: word_count >= 50 1"
    assert f"3 inputs: 1 page, 2 filtered ({reasons})" in result.stdout
    report = json.loads((out / "run.json").read_text())
    assert report["filtered"] == {"filter: language == 'en'": 1, "filter: word_count >= 50": 1}
    assert report["counts"]["inputs"] == 3
    assert report["config"]["filter"] == expression
    rows = query(out, "SELECT title, outcome, reason, language FROM pages ORDER BY title")
    assert rows == [
        {"title": "Budget approved", "outcome": "output", "reason": None, "language": "en"},
        {
            "title": "Haushalt beschlossen",
            "outcome": "filtered",
            "reason": "filter: language == 'en'",
            "language": "de",
        },
        {
            "title": "Short note",
            "outcome": "filtered",
            "reason": "filter: word_count >= 50",
            "language": "en",
        },
    ]
    # The quality signals are a struct column of the pages table; comments carry toxicity.
    sql = "SELECT quality.word_count AS n, quality.has_lorem_ipsum AS l FROM pages WHERE title = "
    assert query(out, sql + "'Budget approved'") == [{"n": 84, "l": False}]
    toxic = {row["text"]: row["toxic"] for row in query(out, "SELECT text, toxic FROM comments")}
    assert toxic["You are an idiot and a liar."] is True


def test_run_without_annotation_has_null_fields(tmp_path: Path) -> None:
    write_inputs(tmp_path / "in")
    out = tmp_path / "o"
    args = ["run", "-q", str(tmp_path / "in"), "--out", str(out), "--no-annotate"]
    assert CliRunner().invoke(cli, args).exit_code == 0
    rows = query(out, "SELECT language, quality FROM pages")
    assert rows and all(row == {"language": None, "quality": None} for row in rows)
    refused = CliRunner().invoke(cli, [*args[:-1], "--no-annotate", "--filter", "language=='en'"])
    assert refused.exit_code == 2  # an option at fault: a usage error
    assert (
        "--filter: the filter reads annotations (language) but annotation is off"
        " (drop --no-annotate)" in refused.stderr
    )


def test_run_refuses_an_unsafe_filter(tmp_path: Path) -> None:
    write_inputs(tmp_path / "in")
    args = ["run", str(tmp_path / "in"), "--out", str(tmp_path / "o"), "--filter", "open('x')"]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 2
    assert result.stderr.startswith(
        "threadsift: error: --filter: \"open('x')\": Call is not allowed"
    )
    assert not (tmp_path / "o").exists()


@pytest.mark.parametrize(
    "expression",
    [
        "not " * 3000 + "word_count > 1",  # RecursionError while Python builds the tree
        "not " * 500 + "word_count > 1",  # parses, but too deep to check and evaluate
        "(" * 250 + "word_count > 1" + ")" * 250,  # too many parentheses for the parser
        " and ".join(["(word_count > 1 or (language == 'en'"] * 60) + "))" * 60,
    ],
)
def test_deeply_nested_expressions_are_refused(expression: str) -> None:
    with pytest.raises(ConfigError, match=r"nested too deeply|too many nested") as raised:
        FilterExpression(expression)
    assert len(str(raised.value)) < 200  # the expression is shortened in the message


def test_run_refuses_a_deeply_nested_filter_in_one_line(tmp_path: Path) -> None:
    write_inputs(tmp_path / "in")
    deep = "not " * 3000 + "word_count > 1"
    args = ["run", str(tmp_path / "in"), "--out", str(tmp_path / "o"), "--filter", deep]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 2
    assert result.stderr == (
        "threadsift: error: --filter: 'not not not not not not not not not not not not not not"
        " not …': nested too deeply (at most 50 levels) (use field names, numbers, strings,"
        " comparisons, and, or, not)\n"
    )
    assert not (tmp_path / "o").exists()
