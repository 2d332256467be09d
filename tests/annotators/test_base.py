from collections.abc import Iterator

from devtools.pages import make_page
from threadsift.annotators.base import Annotator
from threadsift.page import Outcome, Page


class Marker(Annotator):
    """Marks each comment with the length of its text as its `language_score`."""

    def annotate(self, page: Page) -> None:
        page.language = "xx"
        for comment in page.comments:
            comment.language_score = float(len(comment.text))


def pages(n: int) -> Iterator[Page]:
    for i in range(n):
        yield make_page(id=str(i), comments=["a" * i])


def test_every_page_passes_in_order_across_batches() -> None:
    step = Marker(batch_size=3)
    out = list(step.run(pages(7)))
    assert [p.id for p in out] == [str(i) for i in range(7)]
    assert all(p.language == "xx" for p in out)
    assert [p.comments[0].language_score for p in out] == [float(i) for i in range(7)]
    assert step.stats["pages"] == 7
    assert step.stats["comments"] == 7


def test_error_pages_pass_through_unannotated() -> None:
    broken = Page(id="bad", text="", outcome=Outcome.ERROR, reason="unreadable")
    step = Marker()
    out = list(step.run([broken, *pages(1)]))
    assert [p.id for p in out] == ["bad", "0"]
    assert out[0].language is None
    assert step.stats["skipped_error"] == 1


def test_empty_input_gives_nothing() -> None:
    assert list(Marker().run([])) == []


def test_a_page_an_annotator_fails_on_becomes_an_error_and_the_rest_go_on() -> None:
    from threadsift.annotators.base import Annotator
    from threadsift.page import Outcome, Page

    class Fragile(Annotator):
        name = "fragile"

        def annotate(self, page: Page) -> None:
            if page.id == "bad":
                raise ValueError("cannot")
            page.language = "en"

    pages = [Page(id=name, text="", source=f"{name}.txt") for name in ("a", "bad", "c")]
    annotator = Fragile(batch_size=3)
    out = list(annotator.run(pages))
    assert [page.outcome for page in out] == [None, Outcome.ERROR, None]
    message = "internal error in fragile: ValueError('cannot') (please report)"
    assert out[1].reason == f"bad.txt: {message}"
    assert [page.language for page in out] == ["en", None, "en"]
    assert annotator.stats["errors"] == 1
