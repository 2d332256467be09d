"""Per-page budgets: hostile HTML shapes, huge texts and slow pages cost one record, not the run.

Before (issue 10): 100,000 nested <div> or one tag with 1,000,000 attributes ran for minutes
(the C parser and renderer grow with the square of both), and a 50 MB one-line page took
3.5 minutes and 2.7 GB in annotation.
"""

from __future__ import annotations

import time

import pytest

from threadsift.annotators.quality import QualityAnnotator
from threadsift.budget import Budget, OverTime, deadline
from threadsift.decomposers.dispatch import Dispatch
from threadsift.decomposers.html_budget import markup_problem, plain_text
from threadsift.errors import ConfigError
from threadsift.page import Outcome, Page
from threadsift.readers.html import html_page

STORY = "<p>The storm reached the coast on Monday night, and the harbour was closed.</p>"


def decompose(markup: str, budget: Budget | None = None) -> tuple[Page, Dispatch]:
    dispatch = Dispatch(budget=budget or Budget())
    page = html_page(markup.encode(), source="page.html")
    dispatch.decompose(page)
    return page, dispatch


def test_a_page_nested_too_deep_is_read_as_plain_text() -> None:
    depth = 20_000  # the renderer took about 10 s on this
    markup = f"<html><body>{'<div>' * depth}{STORY}{'</div>' * depth}</body></html>"
    page, dispatch = decompose(markup)
    assert page.outcome is None
    assert "The storm reached the coast" in page.text
    assert dispatch.html().stats["pages_over_budget"] == 1


def test_an_element_with_too_many_attributes_is_read_as_plain_text() -> None:
    attributes = " ".join(f'data-a{i}=">"' for i in range(50_000))  # '>' in values too
    page, dispatch = decompose(f"<html><body><div {attributes}>{STORY}</div></body></html>")
    assert page.outcome is None
    assert "The storm reached the coast" in page.text
    assert dispatch.html().stats["pages_over_budget"] == 1


def test_real_shapes_stay_within_the_budget() -> None:
    attributes = " ".join(f'data-x{i}="v"' for i in range(300))
    nested = "<div><section><article>" * 20 + STORY + "</article></section></div>" * 20
    page, dispatch = decompose(f"<html><body><div {attributes}>{nested}</div></body></html>")
    assert markup_problem(f"<div {attributes}>", Budget()) is None
    assert dispatch.html().stats["pages_over_budget"] == 0
    assert page.outcome is None


def test_plain_text_keeps_blocks_and_drops_scripts() -> None:
    markup = (
        "<head><title>T</title><style>p {color: red}</style></head><body><p>One &amp; "
        "<b>two</b></p><script>var s = '<p>hidden</p>';</script><!-- note --><div>Three</div>"
    )
    assert plain_text(markup) == "One & two\nThree\n"


def test_text_over_the_budget_is_an_error_record() -> None:
    page = Page(id="big", text="Title\n\n" + "word " * 2000, source="big.txt")
    dispatch = Dispatch(budget=Budget(text_chars=1000))
    dispatch.decompose(page)
    assert page.outcome is Outcome.ERROR
    assert "over the budget (1,000 characters" in (page.reason or "")


def test_a_page_over_its_time_is_an_error_record(monkeypatch: pytest.MonkeyPatch) -> None:
    dispatch = Dispatch(budget=Budget(seconds=0.05))

    def slow(page: Page) -> None:
        while True:
            time.sleep(0.01)

    monkeypatch.setattr(dispatch.text, "decompose", slow)
    page = Page(id="slow", text="Title\n\nText.\n", source="slow.txt")
    dispatch.decompose(page)
    assert page.outcome is Outcome.ERROR
    assert "over the time budget (0.05 s" in (page.reason or "")
    assert dispatch.stats["over_time"] == 1


def test_the_deadline_is_lifted_after_its_block() -> None:
    with deadline(0.05):
        pass
    time.sleep(0.1)  # no OverTime now
    with pytest.raises(OverTime), deadline(0.02):
        time.sleep(1)


def test_annotators_read_the_start_of_an_enormous_article() -> None:
    page = Page(id="p", text="", article="word " * 50_000)
    annotator = QualityAnnotator(max_chars=1000)
    annotator.annotate(page)
    assert page.quality is not None and page.quality.word_count == 200
    assert annotator.stats["clipped"] == 1


@pytest.mark.parametrize(
    ("assignment", "message"),
    [
        ("nothing=1", "not a limit: 'nothing=1'"),
        ("seconds", "not a limit: 'seconds'"),
        ("seconds=soon", "seconds needs a number, not 'soon'"),
        ("seconds=inf", "seconds needs a number, not 'inf'"),
        ("record_bytes=0", "record_bytes must be positive, not 0"),
    ],
)
def test_bad_limits_are_config_errors(assignment: str, message: str) -> None:
    with pytest.raises(ConfigError) as caught:
        Budget().with_limits([assignment])
    assert caught.value.option == "--limit"
    assert str(caught.value).startswith(f"--limit: {message}")


def test_limits_are_set_by_name() -> None:
    budget = Budget().with_limits(["seconds=2.5", "record_bytes=1e6"])
    assert (budget.seconds, budget.record_bytes) == (2.5, 1_000_000)
