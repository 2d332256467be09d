"""Decompose a stream of mixed pages: HTML pages with the HTML decomposer, the others as text.

A page a decomposer fails on becomes an error page (the message names the decomposer), so one
bad page costs one record, not the run; so does a page whose text is over the budget's
`text_chars`, or whose decomposition runs over its `seconds`. Site chrome learned for the run
goes to the text decomposer and to the rules the HTML decomposer reads its rendered text with.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Set

from threadsift.budget import DEFAULT_BUDGET, Budget, OverTime, deadline
from threadsift.decomposers.base import Decomposer
from threadsift.decomposers.text import TextDecomposer
from threadsift.errors import MissingDependency, ThreadsiftError
from threadsift.page import Outcome, Page
from threadsift.step import Shard, Step


class Dispatch(Step):
    """Decompose each page with the decomposer its input needs; failures become error pages.

    `keep_html` keeps `page.html` after decomposition (dropped by default to bound memory).
    """

    name = "decompose"

    def __init__(
        self,
        *,
        site_chrome: Mapping[str, Set[str]] | None = None,
        keep_html: bool = False,
        budget: Budget = DEFAULT_BUDGET,
    ) -> None:
        super().__init__()
        self.text = TextDecomposer(site_chrome=site_chrome)
        self.site_chrome = site_chrome
        self.keep_html = keep_html
        self.budget = budget
        self._html: Decomposer | None = None

    def html(self) -> Decomposer:
        """The HTML decomposer, made on first use (it needs the `html` extra)."""
        if self._html is None:
            from threadsift.decomposers.html import HtmlDecomposer

            # The HTML path reads its rendered text with the rules alone: there they give the
            # better article (bench/score_html.py, with and without --text-model: 0.979 against
            # 0.949 on the held-out synthetic HTML pages), and the markup gives the comments.
            text = TextDecomposer(site_chrome=self.site_chrome, rules_only=True)
            self._html = HtmlDecomposer(text_decomposer=text, budget=self.budget)
        return self._html

    def run(self, pages: Iterable[Page], shard: Shard = Shard()) -> Iterator[Page]:
        """Decompose the pages that are not errors already, and pass every page on."""
        for page in pages:
            if page.outcome is not Outcome.ERROR:
                self.decompose(page)
            yield page

    def decompose(self, page: Page) -> None:
        """Decompose one page in place, or mark it as an error."""
        decomposer = self.text if page.html is None else self.html()
        try:
            if len(page.text) > self.budget.text_chars:
                limit = f"{self.budget.text_chars:,} characters"
                raise ThreadsiftError(f"page text over the budget ({limit}; --limit text_chars=)")
            with deadline(self.budget.seconds):
                decomposer.decompose(page)
            self.stats["pages"] += 1
        except OverTime:
            seconds = f"{self.budget.seconds:g} s"
            _fail(page, f"{decomposer.name}: over the time budget ({seconds}; --limit seconds=)")
            self.stats["over_time"] += 1
        except MissingDependency:  # every page would fail: stop with the install hint
            raise
        except ThreadsiftError as error:
            _fail(page, str(error))
        except ModuleNotFoundError as error:  # a partial install: the same, said as such
            module = (error.name or "a").split(".")[0]
            raise MissingDependency(module, needed_for=decomposer.name, extra=None) from None
        except Exception as error:  # a bug must cost one page, not the whole run
            _fail(page, f"internal error in {decomposer.name}: {error!r} (please report)")
        if page.outcome is Outcome.ERROR:
            self.stats["errors"] += 1
        if not self.keep_html:
            page.html = None


def _fail(page: Page, message: str) -> None:
    page.outcome = Outcome.ERROR
    page.reason = f"{page.source}: {message}"
