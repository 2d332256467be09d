"""HTML page decomposition: title, article, rendered lines and the structured comment thread.

One resiliparse parse per page serves the title, the article's metadata, the comment markup and
the rendered text (`extract_plain_text(main_content=True)`, which becomes `page.text`). Comments
come from the first source that has them: a known markup (`comment_markup.MARKUPS`, two joined
when one holds the other, as answers hold their comments), JSON-LD, a flat template's footers or
the repeated-block fallback, and are kept only when their evidence supports a thread
(`thread_confidence`). Their texts are then found in the rendered lines (`html_lines`); when the
main-content rendering dropped some of them, the page is rendered in full instead. The article
comes, by default, from the learned model of the page's blocks (`article_model`), up to the
first comment; the other lines keep the labels and chrome reasons the plain-text decomposer
gives the rendered text. Where no thread is kept, the rendered text goes through the plain-text
decomposer, without the comments it would read there.
"""

from __future__ import annotations

import importlib.util
import re
from typing import Any

from threadsift.budget import DEFAULT_BUDGET, Budget
from threadsift.decomposers import collector
from threadsift.decomposers.article_features import Readings
from threadsift.decomposers.article_model import ArticleModel, article_blocks
from threadsift.decomposers.base import Decomposer
from threadsift.decomposers.comment_dom import from_markups
from threadsift.decomposers.comment_fields import date_by_fetch
from threadsift.decomposers.comment_jsonld import from_jsonld
from threadsift.decomposers.dom import document_language, node_lines, select, thread
from threadsift.decomposers.html_budget import markup_problem, plain_text, tree_problem
from threadsift.decomposers.html_lines import (
    MIN_PARTIAL,
    REASON_NOT_COMMENT,
    Reference,
    all_rendered,
    label_lines,
    rows_of,
    text_match_key,
    with_article,
    without_site_chrome,
)
from threadsift.decomposers.metadata import article_metadata
from threadsift.decomposers.text import TextDecomposer
from threadsift.decomposers.thread_confidence import (
    MIN_CONFIDENCE,
    FoundThread,
    confidence,
    gather,
)
from threadsift.errors import ConfigError, require
from threadsift.page import Comment, Label, Line, Page

# Separators between a headline and the site name in <title>.
_TITLE_SEPARATORS = re.compile(r"\s+[|–—·•:-]\s+|\s+-{2}\s+|\s*»\s*")
ARTICLE_BACKENDS = ("model", "text", "trafilatura", "render")
# Below this many words the plain-text decomposer probably missed the article: ask trafilatura.
MIN_ARTICLE_WORDS = 30
# Where a headline may be: headings, and the elements blog themes mark as the post's title.
HEADLINE_SELECTOR = "h1, h2, h3, [itemprop~='headline'], .entry-title, .post-title"


def find_title(tree: Any) -> str | None:
    """The page's headline: the longest heading that og:title (else `<title>`) contains (blogs
    put the blog's name in `<h1>` and the post's in `<h2>`/`<h3>`), else that title itself."""
    document = tree.document
    og = document.query_selector('meta[property="og:title"]')
    og_title = (og.getattr("content") or "").strip() if og is not None else ""
    head_title = (tree.title or "").strip()
    # og:title is usually the headline alone; <title> adds the site's name (which blogs also
    # put in their <h1>), so it is the reference only when there is no og:title. A heading may
    # also hold the reference and a kicker before it ("Kicker: Headline").
    reference = text_match_key(og_title or head_title)
    nodes = select(document, HEADLINE_SELECTOR)[:20]
    headings = [" ".join(node_lines(h)) for h in nodes]
    matching = [
        heading
        for heading, node in zip(headings, nodes, strict=True)
        if (k := text_match_key(heading))
        and (
            k in reference
            # a kicker in the main heading only: "5 comments on “Headline”" is an <h2>/<h3>
            or (node.tag == "h1" and k.endswith(reference) and len(k) <= 2 * len(reference))
        )
    ]
    if matching:
        return max(matching, key=lambda heading: len(text_match_key(heading)))
    if og_title:
        return og_title
    if head_title:
        parts = [part for part in _TITLE_SEPARATORS.split(head_title) if part.strip()]
        return max(parts, key=len).strip() if parts else head_title
    return next((heading for heading in headings if heading), None)


def find_comments(tree: Any, *, decide: bool = True, title: str | None = None) -> FoundThread:
    """The page's comment thread: from the first source that has one (known markups, JSON-LD,
    flat templates' footers, repeated blocks), with its confidence (`thread_confidence`). With
    `decide`, a thread the evidence does not support comes back without comments (its system,
    confidence and evidence kept, to count and report it). `title` is the page's headline when
    the caller has it (`find_title`; a "comment" that holds it is the article)."""
    from threadsift.decomposers.comment_fallback import from_repeated_blocks
    from threadsift.decomposers.comment_footers import from_footers

    document = tree.document
    system, comments, elements = from_markups(document)
    if not comments:
        system, comments, elements = "jsonld", from_jsonld(document), []
    if not comments:
        system, (comments, elements) = "footers", from_footers(document)
    if not comments:
        comments, elements = from_repeated_blocks(document)
        system = "repeated-blocks"
    if not comments:
        return FoundThread(system="", comments=[], confidence=0.0, evidence=None)
    evidence = gather(system, comments, elements, find_title(tree) if title is None else title)
    found = FoundThread(system, comments, confidence(evidence), evidence)
    if decide and found.confidence < MIN_CONFIDENCE:
        found.comments = []
    return found


def _trafilatura() -> Any:
    return require("trafilatura", needed_for="the trafilatura article source", extra="trafilatura")


def trafilatura_article(html: str) -> str:
    """trafilatura's main text without comments (its fast mode: no fallback extractors)."""
    return _trafilatura().extract(html, fast=True, include_comments=False) or ""


def _without_comments(article: str, comments: list[Comment]) -> str:
    """Drop the article paragraphs that are comment text (an extractor may keep a thread)."""
    if not comments:
        return article
    thread = Reference("\n".join(comment.text for comment in comments))
    kept = [row for row in article.split("\n") if not thread.has(text_match_key(row))]
    return "\n".join(kept).strip()


def _before_thread(blocks: list[tuple[str, bool]], comments: list[Comment]) -> str:
    """The article blocks before the first comment's text: what follows it on the page is the
    thread and what comes after it, also where a comment of it was not found. The comment's
    text is looked for outside the article first (a comment may quote the article)."""
    first = (
        next((k for k in map(text_match_key, comments[0].text.split("\n")) if k), "")
        if comments
        else ""
    )
    end = len(blocks)
    if len(first) >= MIN_PARTIAL:
        matches = [
            (i, is_article)
            for i, (text, is_article) in enumerate(blocks)
            if first in (k := text_match_key(text)) or (len(k) >= MIN_PARTIAL and k in first)
        ]
        outside = [i for i, is_article in matches if not is_article]
        if outside or matches:
            end = (outside or [matches[0][0]])[0]
    return "\n".join(text for text, is_article in blocks[:end] if is_article)


def _drop_comments(page: Page) -> None:
    """Leave the page without comments: their lines become chrome."""
    page.comments = []
    page.lines = [
        Line(n=line.n, label=Label.CHROME, reason=REASON_NOT_COMMENT)
        if line.label in (Label.COMMENT_AUTHOR, Label.COMMENT_TEXT)
        else line
        for line in page.lines
    ]


def _opens_thread(first: Comment, base: list[Line]) -> bool:
    """Whether every article line the plain-text decomposer found lies in the first comment
    (then that "comment" is a forum thread's opening post)."""
    if first.first_line is None or first.last_line is None:
        return False
    article = [line.n for line in base if line.label is Label.ARTICLE]
    return bool(article) and all(first.first_line <= n <= first.last_line for n in article)


def _without_first(comments: list[Comment], language: str | None) -> list[Comment]:
    """The thread without its first comment; its replies move up one level (dates settle in
    the page's `language`, as the sources settled them)."""
    root = {0}
    rows = []
    for comment in comments[1:]:
        under_first = comment.parent in root
        if under_first:
            root.add(comment.index)
        rows.append(
            (comment.author, comment.text, comment.date_raw, comment.depth - int(under_first))
        )
    return thread(rows, language=language)


class HtmlDecomposer(Decomposer):
    """Decompose pages that carry HTML; pages without HTML go to its text decomposer (by default
    the plain-text rules alone, as for the HTML's rendered text)."""

    name = "decompose_html"

    def __init__(
        self,
        *,
        article: str = "model",
        text_decomposer: TextDecomposer | None = None,
        budget: Budget = DEFAULT_BUDGET,
        article_model: ArticleModel | None = None,
        decide_threads: bool = True,
    ) -> None:
        """Make a decomposer.

        Args:
            article: where the article text comes from: "model" (the learned article of the
                page's blocks, `article_model`), "text" (the plain-text decomposer's article
                lines of the rendered text, with trafilatura, when installed, for pages where
                it finds almost none), "trafilatura" (its fast mode, a second parse) or
                "render" (resiliparse's main content without its comment sections).
            text_decomposer: the plain-text decomposer to use (the rules alone when None).
            budget: the HTML shape the DOM is read for; a page beyond it is decomposed from
                its plain text (`html_budget`).
            article_model: the article model to use (the shipped one when None).
            decide_threads: keep only the threads their evidence supports
                (`thread_confidence`); False keeps every thread a source finds.

        Raises:
            ConfigError: for an unknown `article` source.
            MissingDependency: `article` is "trafilatura" and trafilatura is not installed.
        """
        super().__init__()
        if article not in ARTICLE_BACKENDS:
            raise ConfigError(f"unknown article backend {article!r}; use one of {ARTICLE_BACKENDS}")
        if article == "trafilatura":
            _trafilatura()  # a missing package is said here, not as an error on every page
        self.article = article
        self.has_trafilatura = importlib.util.find_spec("trafilatura") is not None
        # The rules alone read the rendered text: with the markup's comments they give a better
        # article than the line model does (see `dispatch.py`).
        self.text_decomposer = text_decomposer or TextDecomposer(rules_only=True)
        self.budget = budget
        self.article_model = article_model
        self.decide_threads = decide_threads

    def _article(
        self,
        tree: Any,
        page: Page,
        title: str | None,
        base: list[Line],
        comments: list[Comment],
    ) -> str:
        """The page's article text from the chosen source; `base` is the plain-text
        decomposer's reading of `page.text` (the main-content rendering)."""
        rows = rows_of(page.text or "")
        text_article = "\n".join(
            rows[line.n - 1] for line in base if line.label is Label.ARTICLE and line.n <= len(rows)
        )
        if self.article == "model":
            readings = Readings(page.text or "", text_article)
            article = _before_thread(
                article_blocks(page.html or "", title, readings, self.article_model), comments
            )
            if article.strip() or not text_article.strip():
                return article
            # The model kept nothing (text straight in <body>, say): the plain-text article.
            self.stats["articles_from_text"] += 1
            return text_article
        if self.article == "trafilatura":
            return trafilatura_article(page.html or "")
        if self.article == "render":
            from resiliparse.extract.html2text import extract_plain_text

            return extract_plain_text(tree, main_content=True, comments=False)
        if len(text_article.split()) < MIN_ARTICLE_WORDS and self.has_trafilatura:
            self.stats["articles_from_trafilatura"] += 1
            return trafilatura_article(page.html or "")
        return text_article

    def decompose(self, page: Page) -> None:
        """Fill title, article, text, lines and comments from `page.html` (or `page.text`).

        The cyclic garbage collector waits until the page is done (`collector.paused`).
        """
        with collector.paused():
            self._decompose(page)

    def _decompose(self, page: Page) -> None:
        if page.html is None:
            self.text_decomposer.decompose(page)
            return
        from resiliparse.extract.html2text import extract_plain_text
        from resiliparse.parse.html import HTMLTree

        problem, tree = markup_problem(page.html, self.budget), None
        if problem is None:
            tree = HTMLTree.parse(page.html)
            problem = tree_problem(tree, self.budget)
        if tree is None or problem is not None:
            self.stats["pages_over_budget"] += 1
            page.text = plain_text(page.html)
            self.text_decomposer.decompose(page)
            return
        title = find_title(tree)
        metadata = article_metadata(tree)
        page.author, page.site_name = metadata.author, metadata.site_name
        page.published, page.published_raw = metadata.published, metadata.published_raw
        found = find_comments(tree, decide=self.decide_threads, title=title or "")
        system, comments = found.system, found.comments
        page.text = extract_plain_text(tree, main_content=True)
        if found.system:
            kept = "kept" if comments else f"dropped_from_{system}"
            self.stats[f"threads_{kept}"] += 1
        if not comments:
            # No comment structure: the plain-text decomposer reads the rendered text; the
            # article then comes from the chosen source.
            self.stats["pages_text_fallback"] += 1
            self.text_decomposer.decompose(page)
            if self.decide_threads and page.comments:
                # The DOM holds no thread its evidence supports: what the plain-text rules read
                # as comments in its rendering is, on most pages, a list, a table or a ticker.
                self.stats["text_comments_dropped"] += 1
                _drop_comments(page)
            article = self._article(tree, page, title, page.lines, page.comments)
            page.lines = with_article(page.text, page.lines, article)
            article = without_site_chrome(article, page.text, page.lines)
            page.article = _without_comments(article, page.comments)
            if title:
                page.title = title
            date_by_fetch(page, language=document_language(tree.document))
            return
        self.stats[f"comments_from_{system}"] += 1
        probe = Page(id=page.id, text=page.text)
        self.text_decomposer.decompose(probe)
        base: list[Line] | None = probe.lines
        article = self._article(tree, page, title, probe.lines, comments)
        article = without_site_chrome(article, probe.text or "", probe.lines)
        if system != "jsonld" and not all_rendered(page.text, comments):
            # The main-content rendering dropped part of the thread (it drops whole comments
            # around some meta blocks): render everything so that every comment has its lines.
            self.stats["pages_full_render"] += 1
            page.text = extract_plain_text(tree, main_content=False)
            base = None  # those labels were for the other text
        reference = _without_comments(article, comments)
        page.lines = label_lines(
            page.text, title=title, article=reference, comments=comments, base=base
        )
        if system == "repeated-blocks" and base is not None and _opens_thread(comments[0], base):
            # A forum thread: the first block is the opening post, the page's article.
            self.stats["opening_posts"] += 1
            comments = _without_first(comments, document_language(tree.document))
            # The article was cut before the first comment, which is the opening post.
            article = self._article(tree, page, title, probe.lines, comments)
            article = without_site_chrome(article, probe.text or "", probe.lines)
            reference = _without_comments(article, comments)
            page.lines = label_lines(
                page.text, title=title, article=reference, comments=comments, base=base
            )
        page.comments = comments
        page.title = title
        page.article = reference
        date_by_fetch(page, language=document_language(tree.document))
