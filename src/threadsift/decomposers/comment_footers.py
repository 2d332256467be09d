"""Comments of flat templates: each comment's text, then a footer naming its author and date
("Posted by: NAME at DATE"), all of them siblings under the comment section's heading.

Classic blog templates print no element that holds a comment: its paragraphs (or a `<div>`),
then a footer paragraph. A footer's comment is the run of sibling elements before it, back to
the footer before it or to a heading. A run that starts at a heading counts only when that
heading heads a comment section ("Comments"): the entry's own footer and the trackbacks under
their heading are not comments, nor is a run that starts elsewhere.
"""

from __future__ import annotations

from typing import Any

from threadsift.decomposers.comment_fallback import author_from_header
from threadsift.decomposers.dom import (
    clean_date,
    document_language,
    is_comment_heading,
    node_lines,
    select,
    text_lines,
    thread,
)
from threadsift.page import Comment

#: The footer that closes each comment in flat templates.
FOOTER_SELECTOR = "p.posted"
HEADING_TAGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})


def from_footers(document: Any) -> tuple[list[Comment], list[Any]]:
    """The comments of a flat template and the footer element of each (none when the page has
    no run of footers under a comment heading)."""
    footers = select(document, FOOTER_SELECTOR)
    if not footers:
        return [], []
    is_footer = set(footers)
    opened: set[Any] = set()  # footers that belong to a thread
    rows, elements = [], []
    for footer in footers:
        run, sibling = [], footer.prev_element
        while sibling is not None and sibling not in is_footer and sibling.tag not in HEADING_TAGS:
            run.append(sibling)
            sibling = sibling.prev_element
        if sibling is None or not (sibling in opened or is_comment_heading(sibling)):
            continue
        opened.add(footer)
        lines = [line for element in reversed(run) for line in text_lines(element)]
        if not lines:
            continue
        header = " ".join(node_lines(footer))
        author = author_from_header(header)
        rows.append((author, "\n".join(lines), clean_date(header, author), 0))
        elements.append(footer)
    return thread(rows, language=document_language(document)), elements
