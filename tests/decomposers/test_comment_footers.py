"""Flat templates: a comment is the run of siblings before its "Posted by" footer, under a
comment heading."""

from __future__ import annotations

from typing import Any

import pytest

from threadsift.decomposers.comment_footers import from_footers
from threadsift.decomposers.html import find_comments

resiliparse = pytest.importorskip("resiliparse.parse.html")

ENTRY = """<!doctype html><html><head><title>Garden diary</title></head><body>
<h2>Garden diary</h2>
<p>The beans came up late this year, and the slugs found them before I did.</p>
<p class="posted">Posted by Sam at May 2, 2021 9:01 AM</p>
<h2>TrackBack</h2>
<p>A post about slugs on another blog, quoted at length.</p>
<p class="posted">Tracked on May 2, 2021 10:00 AM</p>
{thread}
</body></html>"""

THREAD = """<h2 id="comments">Comments</h2>
<div id="c101"><p>Beer traps worked for us, though the hedgehogs did most of the work.</p></div>
<p class="posted">Posted by: Priya at May 2, 2021 11:40 AM</p>
<a id="c102"></a>
<p>Copper tape around the beds helped a little.</p>
<p>We sow a second row later in June now, which the slugs ignore.</p>
<p class="posted">Posted by: <a href="/u/marek">Marek</a> | May 2, 2021 12:11 PM</p>
"""


def tree(html: str) -> Any:
    return resiliparse.HTMLTree.parse(html)


def test_the_run_before_each_footer_under_a_comment_heading_is_a_comment() -> None:
    comments, elements = from_footers(tree(ENTRY.format(thread=THREAD)).document)
    assert [(c.author, c.text) for c in comments] == [
        ("Priya", "Beer traps worked for us, though the hedgehogs did most of the work."),
        (
            "Marek",
            "Copper tape around the beds helped a little.\n"
            "We sow a second row later in June now, which the slugs ignore.",
        ),
    ]
    assert comments[1].date == "2021-05-02T12:11"
    assert comments[1].date_raw is not None and "May 2, 2021" in comments[1].date_raw
    assert [element.tag for element in elements] == ["p", "p"]


def test_the_entry_footer_and_trackbacks_are_not_comments() -> None:
    assert from_footers(tree(ENTRY.format(thread="")).document) == ([], [])


def test_find_comments_keeps_a_flat_thread() -> None:
    thread = find_comments(tree(ENTRY.format(thread=THREAD)))
    assert thread.system == "footers"
    assert [comment.author for comment in thread.comments] == ["Priya", "Marek"]
