"""Plain-text page decomposition: label every line and group the comment lines into comments.

The page is read in three zones, each decided from line shape, position and repetition:

1. before the article: kickers, navigation, bylines, the headline (the headline-shaped line that
   recurs on the page, else the one sharing most words with the article's opening);
2. the article: the largest cluster of prose lines, with the short lines between them
   (subheadings, list items), minus captions, credits and lines that match a chrome pattern;
3. the thread: from the first comment heading, widget line or author-shaped rhythm after the
   article, split into comments by `thread.split_thread`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Set
from itertools import pairwise

from threadsift.decomposers.authors import author_of
from threadsift.decomposers.base import Decomposer
from threadsift.decomposers.comment_fields import date_by_fetch, settle
from threadsift.decomposers.line_model import LineModel, read_by_model, shipped_model
from threadsift.decomposers.lines import SITE_REPEATED, LineInfo, line_compare_words, line_info
from threadsift.decomposers.reading import Reading
from threadsift.decomposers.thread import Found, split_thread
from threadsift.decomposers.thread_start import find_thread_start
from threadsift.page import Comment, Label, Line, Page
from threadsift.reasons import Reason

#: Pattern reasons strong enough to split the article into clusters.
_BREAKING = frozenset(
    {
        Reason.RELATED_LINKS,
        Reason.SHARE,
        Reason.DONATION,
        Reason.COMMENT_WIDGET,
        Reason.COMMENT_FORM,
        Reason.COMMENT_HEADING,
        Reason.NAVIGATION,
        Reason.FURNITURE,
        SITE_REPEATED,
    }
)


class TextDecomposer(Decomposer):
    """Label every line of a page's text and group the comment lines into comments.

    The hand-written rules read the page first; the learned line labeller (`line_model`) then
    decides every line from the rules' reading and the line's own features, unless
    `rules_only` is set. `model` replaces the shipped model. `site_chrome` maps a host to the
    keys (`lines.line_compare_key`) of lines learned to be chrome on that host's other pages; such
    lines are chrome with the reason `site-repeated`.
    """

    def __init__(
        self,
        site_chrome: Mapping[str, Set[str]] | None = None,
        *,
        rules_only: bool = False,
        model: LineModel | None = None,
    ) -> None:
        super().__init__()
        self.site_chrome = site_chrome or {}
        self.model = None if rules_only else (model or shipped_model())

    def decompose(self, page: Page) -> None:
        """Fill `page.title`, `page.article`, `page.lines` and `page.comments` from `page.text`."""
        infos = self.lines(page)
        if self.model is None:
            reading = read_by_rules(infos)
        else:
            reading = read_by_model(self.model, infos, read_by_rules(infos))
        chrome = Label.CHROME
        page.lines = [
            Line(info.n, label, reason or ("chrome" if label is chrome else None))
            for info, (label, reason) in zip(infos, reading.labels, strict=True)
        ]
        page.title = infos[reading.title].text if reading.title is not None else None
        page.article = _join(
            infos, [i for i, (label, _) in enumerate(reading.labels) if label is Label.ARTICLE]
        )
        page.comments = _comments(reading.comments, infos, page.language)
        date_by_fetch(page, language=page.language)

    def lines(self, page: Page) -> list[LineInfo]:
        """The features of each line of `page.text`, with the host's learned chrome marked."""
        rows = page.text.split("\n")
        if rows and rows[-1] == "":
            rows.pop()
        infos = [line_info(n, raw) for n, raw in enumerate(rows, 1)]
        learned = self.site_chrome.get(page.host or "")
        if learned:
            for info in infos:
                if not info.blank and info.key in learned:
                    info.pattern = SITE_REPEATED
        return infos


def read_by_rules(infos: list[LineInfo]) -> Reading:
    """Read a page by the hand-written rules: article cluster, title, thread start and split."""
    labels: list[tuple[Label, str | None]] = [
        (Label.BLANK, None) if info.blank else (Label.CHROME, None) for info in infos
    ]
    counts = Counter(info.key for info in infos if info.key)
    repeated = {info.core.casefold() for info in infos if counts[info.key] >= 2}

    start = _article_start(infos)
    thread = find_thread_start(infos, start + 1 if start is not None else 0, repeated)
    if start is not None and thread is not None and thread <= start:
        start = None
    stop = thread if thread is not None else len(infos)
    first, last = _article_span(infos, start, stop) if start is not None else (None, None)
    if (
        first is not None
        and last is not None
        and thread is not None
        and _mass(infos, first, last) < _MIN_ARTICLE
    ):
        first = last = None

    title = _title(infos, first if first is not None else stop, last, counts)
    for i, info in enumerate(infos):
        if info.blank:
            continue
        if i == title:
            labels[i] = (Label.TITLE, None)
        elif first is not None and last is not None and first <= i <= last:
            labels[i] = _article_label(info, infos, title, counts)
        elif i < stop:
            zone = Reason.BEFORE_ARTICLE if first is None or i < first else Reason.AFTER_ARTICLE
            labels[i] = (
                Label.CHROME,
                info.pattern or _shape_reason(info, infos, title) or zone,
            )

    comments: list[Found] = []
    if thread is not None:
        found = split_thread(infos, thread, len(infos))
        for i, label in found.labels.items():
            labels[i] = label
        comments = found.comments
        if first is None and comments:
            _opening_post_is_article(comments.pop(0), labels)
    return Reading(labels=labels, title=title, comments=comments)


def _opening_post_is_article(opening: Found, labels: list[tuple[Label, str | None]]) -> None:
    """A thread with no article before it (a forum or Q&A page): the opening post is the
    article and its author line is the byline."""
    for i in range(opening.first, opening.last + 1):
        if labels[i][0] is Label.COMMENT_TEXT:
            labels[i] = (Label.ARTICLE, None)
        elif labels[i][0] is Label.COMMENT_AUTHOR:
            labels[i] = (Label.CHROME, Reason.BYLINE)


def _comments(found: list[Found], infos: list[LineInfo], language: str | None) -> list[Comment]:
    """The page's comments, with reply depth from indentation and the parent one level up, and
    their author and date settled (`comment_fields.settle`)."""
    depth_of = _depths(
        [
            (c.indent, c.author is not None, infos[c.first].bullet or infos[c.first].numbered)
            for c in found
        ]
    )
    comments: list[Comment] = []
    open_levels: list[tuple[int, int]] = []  # (depth, index) of the comments replies may go to
    for index, item in enumerate(found):
        depth = depth_of[item.indent]
        while open_levels and open_levels[-1][0] >= depth:
            open_levels.pop()
        parent = open_levels[-1][1] if open_levels and depth > 0 else None
        open_levels.append((depth, index))
        comment = Comment(
            index=index,
            author=item.author,
            text=_join(infos, item.text_lines),
            first_line=item.first + 1,
            last_line=item.last + 1,
            depth=depth,
            parent=parent,
            date=item.date,
        )
        comments.append(_settled(comment, language))
    return comments


#: What `settle` made of a comment's author and date (a comment header recurs: the same thread
#: on several pages, a site's regular commenters), by (author, date, language).
_SETTLED: dict[tuple[str | None, ...], tuple[str | None, str | None, str | None]] = {}
_CACHE_SIZE = 1 << 16


def _settled(comment: Comment, language: str | None) -> Comment:
    """`comment_fields.settle` of a new comment (its date still the raw text), cached."""
    key = (comment.author, comment.date, language)
    known = _SETTLED.get(key)
    if known is None:
        if len(_SETTLED) >= _CACHE_SIZE:
            _SETTLED.clear()
        settle(comment, language=language)
        known = _SETTLED[key] = (comment.author, comment.date_raw, comment.date)
    comment.author, comment.date_raw, comment.date = known
    return comment


def _depths(comments: list[tuple[int, bool, bool]]) -> dict[int, int]:
    """Reply depth for each indentation: the rank of the indent above the thread's base level.

    Each comment comes as (indent, has an author line, opens with a list marker). The base is
    the smallest indent of the comments with an author line, else of those opening with a list
    marker, so that a stray unindented block does not push every real comment one level down.
    """
    if not comments:
        return {}
    authored = [indent for indent, author, _ in comments if author]
    listed = [indent for indent, _, marker in comments if marker]
    base = min(authored or listed or [indent for indent, _, _ in comments])
    levels = sorted({indent for indent, _, _ in comments if indent >= base})
    depth_of = {indent: depth for depth, indent in enumerate(levels)}
    for indent, _, _ in comments:
        depth_of.setdefault(indent, 0)
    return depth_of


def _article_start(infos: list[LineInfo]) -> int | None:
    """Index of the first prose line that is not chrome by pattern."""
    for i, info in enumerate(infos):
        if info.prose and not info.pattern:
            return i
    return None


def _article_span(infos: list[LineInfo], start: int, stop: int) -> tuple[int | None, int | None]:
    """First and last index of the article: the main cluster of prose lines before `stop`."""
    prose = [i for i in range(start, stop) if infos[i].prose and not infos[i].pattern]
    if not prose:
        return None, None
    clusters: list[list[int]] = [[prose[0]]]
    for prev, cur in pairwise(prose):
        if _breaks(infos[prev + 1 : cur]):
            clusters.append([cur])
        else:
            clusters[-1].append(cur)
    mass = [sum(infos[i].chars for i in cluster) for cluster in clusters]
    main = max(range(len(clusters)), key=mass.__getitem__)
    lo = hi = main
    while lo > 0 and _joins(infos, clusters[lo - 1], clusters[lo]):
        lo -= 1
    while hi + 1 < len(clusters) and _joins(infos, clusters[hi], clusters[hi + 1]):
        hi += 1
    return clusters[lo][0], _list_tail(infos, clusters[hi][-1], stop)


def _list_tail(infos: list[LineInfo], last: int, stop: int) -> int:
    """Extend the article's end over a list that directly follows its last prose line."""
    end = last
    for j in range(last + 1, stop):
        info = infos[j]
        if info.blank:
            continue
        if (info.bullet or info.numbered or info.code) and not info.pattern:
            end = j
            continue
        break
    return end


_MIN_ARTICLE = 120


def _mass(infos: list[LineInfo], first: int, last: int) -> int:
    """Characters of prose between two indices."""
    return sum(infos[i].chars for i in range(first, last + 1) if infos[i].prose)


#: Pattern reasons that end the article on their own: an author box, the comment section.
_ENDING = frozenset(
    {Reason.FURNITURE, Reason.COMMENT_HEADING, Reason.COMMENT_FORM, Reason.COMMENT_POLICY}
)


def _breaks(gap: list[LineInfo]) -> bool:
    """Does a gap between two prose lines separate different parts of the page?"""
    lines = [info for info in gap if not (info.blank or info.number_only)]
    if not lines:
        return False
    if any(info.pattern in _BREAKING for info in lines) and len(lines) >= 2:
        return True
    if any(info.pattern in _ENDING for info in lines):
        return True
    listed = sum(1 for info in lines if info.bullet or info.numbered or info.code)
    return len(lines) - listed >= 5


def _joins(infos: list[LineInfo], left: list[int], right: list[int]) -> bool:
    """Should two neighbouring prose clusters be one article?"""
    gap = [
        info
        for info in infos[left[-1] + 1 : right[0]]
        if not (
            info.blank
            or info.code
            or info.bullet
            or info.numbered
            or info.number_only
            or info.pattern == Reason.CAPTION
        )
    ]
    if any(info.pattern in _BREAKING for info in gap):
        return False
    smaller = min((left, right), key=lambda cluster: sum(infos[i].chars for i in cluster))
    substantial = len(smaller) >= 2 or sum(infos[i].chars for i in smaller) >= 250
    return substantial and len(gap) <= 8


def _title(
    infos: list[LineInfo], article: int, last: int | None, counts: Counter[str]
) -> int | None:
    """Index of the headline among the headline-shaped lines before the article.

    A line that recurs on the page (the headline printed twice) wins; otherwise the line that
    shares most words with the article's opening, the later one on a tie. The article's first
    line is a candidate too, for headlines that end in "?" or "!" and so read as prose.
    """
    candidates = [i for i in range(article) if _headline_shaped(infos[i])]
    opening = infos[article] if article < len(infos) else None
    if (
        opening is not None
        and opening.words <= 20
        and (
            (_headline_shaped(opening) and not opening.ends_terminal)
            or opening.text.endswith(("?", "!"))
        )
    ):
        candidates.append(article)
    early = [
        i
        for i in range(article + 1, min(article + 8, len(infos)))
        if _headline_shaped(infos[i]) and not infos[i].ends_terminal and len(infos[i].key) >= 20
    ]
    long_keys = [info.key for info in infos if len(info.key) > 20]
    recurring = [
        i
        for i in candidates + early
        if counts[infos[i].key] >= 2 or _reprinted(infos[i].key, long_keys)
    ]
    if recurring:
        # A site or author name recurs too; the headline is the longer line.
        return max(recurring, key=lambda i: (min(infos[i].words, 6), -i))
    candidates = [i for i in candidates if infos[i].words >= 2]
    if not candidates:
        return None
    body = _words(infos, article + 1, last if last is not None else article)
    if not body:
        before = [i for i in candidates if i < article]
        return before[-1] if before else None

    def overlap(i: int) -> float:
        words = _headline_words(infos[i].text)
        return len(words & body) / len(words) if words else 0.0

    best = max(candidates, key=lambda i: (round(overlap(i), 1), i < article, i))
    if best == article and overlap(best) < 0.3 and not _dateline_beside(infos, article):
        before = [i for i in candidates if i < article]
        return before[-1] if before else None
    above = _nearest_line(infos, best, -1)
    if (
        above in candidates
        and 5 <= infos[above].words < infos[best].words
        and overlap(above) >= 0.3
    ):
        return above  # a headline over its longer standfirst
    return best


def _nearest_line(infos: list[LineInfo], i: int, step: int) -> int | None:
    """The nearest non-blank line above (`step` -1) or below (`step` 1) line `i`."""
    j = i + step
    while 0 <= j < len(infos) and infos[j].blank:
        j += step
    return j if 0 <= j < len(infos) else None


def _dateline_beside(infos: list[LineInfo], i: int) -> bool:
    """Is the nearest line above or below line `i` a byline or a short dated line, as under or
    over a headline?"""
    for j in (_nearest_line(infos, i, -1), _nearest_line(infos, i, 1)):
        near = infos[j] if j is not None else None
        if near is not None and not near.prose and (near.has_date or near.pattern == Reason.BYLINE):
            return True
    return False


def _reprinted(key: str, long_keys: list[str]) -> bool:
    """Is a long headline (its `key`) printed again elsewhere with something added (an image
    alt text, "Petition: ...", a share line)? `long_keys` are the page's keys of 21+ chars."""
    if len(key) < 20:
        return False
    longest = len(key) + 40
    return any(len(key) < len(other) <= longest and key in other for other in long_keys)


def _headline_words(text: str) -> set[str]:
    return {word for word in line_compare_words(text) if len(word) >= 4}


def _words(infos: list[LineInfo], first: int, last: int, limit: int = 400) -> set[str]:
    """Content words of the article's opening lines."""
    words: set[str] = set()
    for i in range(first, min(last, len(infos) - 1) + 1):
        if infos[i].prose:
            words |= _headline_words(infos[i].text)
            if len(words) >= limit:
                break
    return words


def _headline_shaped(info: LineInfo) -> bool:
    if (
        info.blank
        or info.pattern
        or info.date_only
        or info.number_only
        or info.has_url
        or info.code
    ):
        return False
    if info.has_date and info.words <= 8:
        return False
    return 1 <= info.words <= 30 and not info.text.endswith((":", ",", ".", ";"))


def _article_label(
    info: LineInfo, infos: list[LineInfo], title: int | None, counts: Counter[str]
) -> tuple[Label, str | None]:
    """The label of a line inside the article span."""
    if info.pattern:
        return Label.CHROME, info.pattern
    reason = _shape_reason(info, infos, title)
    if reason:
        return Label.CHROME, reason
    if not (info.prose or info.code or info.bullet or info.numbered) and counts[info.key] >= 2:
        return Label.CHROME, Reason.REPEATED_LINE
    return Label.ARTICLE, None


def _shape_reason(info: LineInfo, infos: list[LineInfo], title: int | None) -> str | None:
    """Chrome by shape alone: a repeated headline, a date or number line, a dated byline."""
    if title is not None and _same_headline(info, infos[title]):
        return Reason.REPEATED_TITLE
    if info.date_only:
        return Reason.DATE
    if info.number_only:
        return Reason.NUMBER
    if author_of(info) is not None and info.has_date and not info.prose:
        return Reason.BYLINE
    return None


def _same_headline(info: LineInfo, title: LineInfo) -> bool:
    """Is this line the headline again, perhaps with a prefix, suffix or number added?"""
    mine, theirs = info.key, title.key
    if not theirs:
        return False
    if mine == theirs:
        return True
    return len(theirs) >= 20 and theirs in mine and info.words <= title.words + 4


def _join(infos: list[LineInfo], indices: list[int]) -> str:
    """The text of the given lines: lines of one paragraph joined by newlines, paragraphs by
    a blank line."""
    parts: list[str] = []
    prev = None
    for i in indices:
        if prev is not None:
            gap_blank = any(infos[k].blank for k in range(prev + 1, i))
            parts.append("\n\n" if gap_blank or i - prev > 1 else "\n")
        parts.append(infos[i].text)
        prev = i
    return "".join(parts)
