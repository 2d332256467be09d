"""`scripts/build_textpages.py` on a four-page data folder written for these tests.

The script runs once per session on `tests/data/minipool/` (its README says what each page
exercises); the tests read the labelled text pages it writes with the gold loader of the quality
tests and check the labels against what the pages were written to hold.
"""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path
from typing import Any

import pytest

from devtools.scoring import GoldCase, load_cases

ROOT = Path(__file__).resolve().parents[2]
TESTS = ROOT / "tests"

SCRIPT = ROOT / "scripts" / "build_textpages.py"
MINIPOOL = TESTS / "data" / "minipool"
#: The renderings of the page's HTML, and those of its article alone (`CLEANED`).
RENDERINGS = ("main", "full", "flat", "traf")
CLEANED = ("clean", "short")
LABELS = {"title", "article", "chrome", "comment_author", "comment_text", "blank"}
COMMENT_LABELS = {"comment_author", "comment_text"}

WREN = "traf-wrenvalley-cold-frame"
HARBOUR = "traf-harbourgazette-ferry-timetable"
QUARRY = "dragnet-quarrylane"
MILLBROOK = "dragnet-millbrook-library"
PAGES = (WREN, HARBOUR, QUARRY, MILLBROOK)

#: pool, host, site and comment system of each page in the manifest.
MANIFEST = {
    WREN: ("traf", "wrenvalley.example.org", "example.org", "wordpress"),  # its URL
    HARBOUR: ("traf", "harbourgazette.example.com", "example.com", ""),
    QUARRY: ("dragnet", "quarrylane.example.com", "example.com", "repeated-blocks"),  # canonical
    MILLBROOK: ("dragnet", "millbrooknews.example.org", "example.org", ""),  # its links
}
HEADLINES = {
    WREN: "Building a Cold Frame from Old Windows",
    HARBOUR: "Island ferry to run hourly from May, council confirms",
    QUARRY: "Why we ride the old quarry road at dawn",
    MILLBROOK: "Millbrook Library extends its evening hours",
}
#: The start of each article paragraph (and subheading) written into the pages.
ARTICLE = {
    WREN: (
        "Every spring the seedlings on my kitchen windowsill grow pale",
        "The frame itself is a simple box of reclaimed scaffold boards",
        "Hinges, props and ventilation",
        "The windows sit on a pair of cheap brass hinges",
        "After three weeks the brassicas inside are sturdy",
    ),
    HARBOUR: (
        "The ferry between Saltmarsh Quay and Gull Island",
        "Councillors voted unanimously to lease a second vessel",
        "Harbourmaster Idris Penhallow said the new timetable",
        "Fares will stay at their current level",
    ),
    QUARRY: (
        "Most of our members first hear about the dawn ride",
        "The road was built to carry stone down to the railway",
        "We ride in two groups, a quicker one and a chatty one",
    ),
    MILLBROOK: (
        "From the first week of October the library on Tanner Street",
        "The volunteers who run the homework club asked for the change",
        "A reading group for adults will also meet in the back room",
    ),
}
#: Navigation, bylines, share bars, related links, widgets and footers in the full-text
#: renderings (`full`, and `flat` without its blank lines).
CHROME = {
    WREN: (
        "Wren Valley Garden Notes",
        "• Vegetable Beds",
        "• About Tamsin",
        "Posted on April 8, 2023",
        "Posted in Garden Projects",
        "3 thoughts on",
        "Leave a Reply",
        "Your email address will not be published.",
        "Recent Posts",
        "• Pruning the gooseberry bushes",
        "© 2023 Wren Valley Garden Notes. All rights reserved.",
        "Privacy Policy | Contact",
    ),
    HARBOUR: (
        "Subscribe Sign in",
        "The Harbour Gazette",
        "• Business",
        "• Weather",
        "By Marta Quell on 12 March 2024",
        "Share on Facebook Share on Twitter Email this article",
        "Related articles",
        "• Quay repairs finished ahead of schedule",
        "• Lifeboat crew honoured for winter rescue",
        "© 2024 The Harbour Gazette. All rights reserved.",
        "Terms of use | Privacy | Contact the newsroom",
    ),
    QUARRY: (
        "Quarry Lane Cycling Club",
        "• Join the club",
        "Written by Hollis Varga",
        "4 Responses",
        "Leave a response",
        "registered club number 4471",
        "Contact | Privacy",
    ),
    MILLBROOK: (
        "Millbrook Community News | Events | Notices",
        "2 comments so far",
        "Millbrook Community News is written by residents.",
    ),
}
#: The chrome that resiliparse's main-content text keeps.
MAIN_CHROME = {
    WREN: ("Posted on", "3 thoughts on", "Leave a Reply", "Your email address will not be"),
    HARBOUR: ("Subscribe Sign in", "By Marta Quell on 12 March 2024"),
    QUARRY: ("Written by Hollis Varga", "4 Responses", "Leave a response"),
    MILLBROOK: ("Millbrook Community News | Events | Notices", "2 comments so far"),
}
#: The WordPress thread: author, the starts of its text paragraphs, depth.
WREN_COMMENTS = (
    ("Odile Marchbank", ("What a lovely way to give old sash windows a second life",), 0),
    ("Tamsin Greaves", ("I brushed on two coats of linseed oil",), 1),
    (
        "Benedikt Aarland",
        ("A word of warning from a windy hillside", "Mine blew right over the fence"),
        0,
    ),
)
#: The Dragnet-style thread: author and text, the author line "by NAME on DATE. Reply" below.
QUARRY_COMMENTS = (
    ("Priya Oakenshaw", "Rode it for the first time last Sunday"),
    ("Lorcan Tibbets", "Is there a rule about mudguards on the chatty group"),
    ("Hollis Varga", "Mudguards are very welcome from November to March"),
    ("Wendeline Crouch", "The lime works cafe now opens at eight on Saturdays"),
)
#: The thread without a markup any finder knows: author lines and comment text.
MILLBROOK_AUTHOR_LINES = ("Marguerite Esslin wrote:", "Ferris Alonby wrote:")
MILLBROOK_COMMENTS = (
    "This is wonderful news for our family",
    "Will the children's section stay open late as well",
)
#: The fact box of the news page: trafilatura drops it, readability keeps it.
FACTBOX = "The crossing takes twenty minutes in calm weather"


@dataclass(frozen=True)
class Built:
    out: Path
    stdout: str
    cases: dict[tuple[str, str], GoldCase]  # (rendering, page) -> its gold case

    def case(self, rendering: str, page: str) -> GoldCase:
        return self.cases[rendering, page]


def run_script(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(SCRIPT), *args], cwd=ROOT, capture_output=True, text=True, timeout=120
    )


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Built:
    out = tmp_path_factory.mktemp("textpages")
    result = subprocess.run(
        [sys.executable, str(SCRIPT), str(MINIPOOL), str(out), "--jobs", "1"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    cases = {
        (rendering, case.name.removesuffix(".txt")): case
        for rendering in RENDERINGS + CLEANED
        for case in load_cases(out / rendering)  # checks one label per line of each text
    }
    return Built(out=out, stdout=result.stdout, cases=cases)


def rows_of(case: GoldCase) -> list[str]:
    rows = case.text.split("\n")
    return rows[:-1] if rows and rows[-1] == "" else rows


def line_of(case: GoldCase, snippet: str) -> int:
    """The number of the one line of the case that is the snippet, else that starts with it,
    else that holds it."""
    rows = [row.strip() for row in rows_of(case)]
    found: list[int] = []
    for match in (str.__eq__, str.startswith, str.__contains__):
        found = found or [n for n, row in enumerate(rows, 1) if match(row, snippet)]
    assert len(found) == 1, f"{case.name}: {snippet!r} on lines {found}"
    return found[0]


def label_at(case: GoldCase, n: int) -> str:
    return str(case.labels[n - 1])


def spans(case: GoldCase) -> list[tuple[int, int, str | None]]:
    return [(c["first_line"], c["last_line"], c["author"]) for c in case.gold["comments"]]


def params(renderings: tuple[str, ...], pages: tuple[str, ...] = PAGES) -> list[Any]:
    """`(rendering, page)` parameters."""
    return [
        pytest.param(rendering, page, id=f"{rendering}-{page}")
        for rendering in renderings
        for page in pages
    ]


# --- What the script writes ---


def test_the_script_reports_every_page_and_rendering(built: Built) -> None:
    assert built.stdout.strip() == "build_textpages: 4 pages, 24 renderings, 0 errors"


def test_every_rendering_folder_holds_every_page(built: Built) -> None:
    for rendering in RENDERINGS + CLEANED:
        assert (built.out / rendering).is_dir()
        names = {page for (r, page) in built.cases if r == rendering}
        assert names == set(PAGES), rendering


@pytest.mark.parametrize(("rendering", "page"), params(RENDERINGS + CLEANED))
def test_gold_record_is_consistent(built: Built, rendering: str, page: str) -> None:
    case = built.case(rendering, page)
    gold = case.gold
    pool, host, site, system = MANIFEST[page]
    assert (gold["file"], gold["pool"], gold["rendering"]) == (page, pool, rendering)
    assert (gold["host"], gold["site"], gold["system"]) == (host, site, system)
    rows = rows_of(case)
    assert [line["n"] for line in gold["lines"]] == list(range(1, len(rows) + 1))
    for row, lab in zip(rows, case.labels, strict=True):
        assert lab in LABELS
        assert (lab == "blank") == (not row.strip()), (row, lab)
    titles = [n for n, lab in enumerate(case.labels, 1) if lab == "title"]
    assert len(titles) <= 1
    assert gold["title"] == (rows[titles[0] - 1].strip() if titles else None)
    assert gold["unsure"] == sorted(set(gold["unsure"]))
    assert all(label_at(case, n) != "blank" for n in gold["unsure"])


@pytest.mark.parametrize(
    ("rendering", "page"),
    params(RENDERINGS),
)
def test_comment_spans_partition_the_comment_lines(built: Built, rendering: str, page: str) -> None:
    """Spans are in page order and disjoint, and every comment line lies in exactly one."""
    case = built.case(rendering, page)
    found = spans(case)
    for (_, last, _), (first, _, _) in pairwise(found):
        assert last < first, found
    covered = [n for first, last, _ in found for n in range(first, last + 1)]
    comment_lines = [n for n, lab in enumerate(case.labels, 1) if lab in COMMENT_LABELS]
    unplaced = [n for n in comment_lines if n not in covered]
    if case.gold["spans_known"]:
        assert unplaced == []
    for first, last, _ in found:
        assert label_at(case, first) in COMMENT_LABELS
        assert label_at(case, last) in COMMENT_LABELS


def test_manifest_lists_every_page_and_rendering(built: Built) -> None:
    rows = [json.loads(row) for row in (built.out / "pages.jsonl").read_text().splitlines()]
    assert [(row["file"], row["rendering"]) for row in rows] == sorted(
        (page, rendering) for page in PAGES for rendering in RENDERINGS + CLEANED
    )
    for row in rows:
        case = built.case(row["rendering"], row["file"])
        assert (row["pool"], row["host"], row["site"], row["system"]) == MANIFEST[row["file"]]
        assert row["spans_known"] == case.gold["spans_known"]
        assert row["comments"] == len(case.gold["comments"])
        assert row["unsure"] == len(case.gold["unsure"])
        for lab in LABELS:
            assert row[f"n_{lab}"] == case.labels.count(lab), (row["file"], lab)


# --- Title, article, chrome ---


@pytest.mark.parametrize(("rendering", "page"), params(("main", "full", "flat")))
def test_the_headline_is_the_title(built: Built, rendering: str, page: str) -> None:
    case = built.case(rendering, page)
    n = line_of(case, HEADLINES[page])
    assert label_at(case, n) == "title"
    assert case.gold["title"] == HEADLINES[page]


def test_the_repeated_headline_in_the_comment_heading_is_not_the_title(built: Built) -> None:
    case = built.case("full", WREN)
    assert label_at(case, line_of(case, "3 thoughts on “Building a Cold Frame")) == "chrome"


@pytest.mark.parametrize(
    ("rendering", "page"),
    [p for p in params(RENDERINGS) if p.values != ("traf", MILLBROOK)],  # see the glued line
)
def test_article_paragraphs_are_article(built: Built, rendering: str, page: str) -> None:
    case = built.case(rendering, page)
    for snippet in ARTICLE[page]:
        n = line_of(case, snippet)
        assert label_at(case, n) == "article", snippet
        assert n not in case.gold["unsure"], snippet


@pytest.mark.parametrize("page", PAGES)
def test_the_cleaned_renderings_are_the_headline_and_the_article(built: Built, page: str) -> None:
    """`clean` is the headline over every article paragraph; `short` the headline over the first
    few, then the page's comments as trafilatura gives them (none on the news page)."""
    clean, short = built.case("clean", page), built.case("short", page)
    for case in (clean, short):
        rows = rows_of(case)
        assert rows[0] == HEADLINES[page] and case.labels[0] == "title"
        assert label_at(case, line_of(case, ARTICLE[page][0])) == "article"
    assert not COMMENT_LABELS & set(clean.labels) and clean.gold["comments"] == []
    assert all(label_at(clean, line_of(clean, snippet)) == "article" for snippet in ARTICLE[page])
    clean_rows, short_rows = rows_of(clean), rows_of(short)
    kept = max(n for n, label in enumerate(short.labels) if label in ("title", "article")) + 1
    assert short_rows[:kept] == clean_rows[:kept]
    if page == HARBOUR:
        assert not COMMENT_LABELS & set(short.labels)


def test_a_line_holding_the_whole_article_is_not_confident_chrome(built: Built) -> None:
    case = built.case("traf", MILLBROOK)
    for snippet in ARTICLE[MILLBROOK]:
        n = line_of(case, snippet)
        assert label_at(case, n) == "article" or n in case.gold["unsure"], snippet


@pytest.mark.parametrize(("rendering", "page"), params(("full", "flat")))
def test_navigation_bylines_share_bars_and_footers_are_chrome(
    built: Built, rendering: str, page: str
) -> None:
    case = built.case(rendering, page)
    for snippet in CHROME[page]:
        assert label_at(case, line_of(case, snippet)) == "chrome", snippet


@pytest.mark.parametrize("page", PAGES)
def test_chrome_in_the_main_content_text_is_chrome(built: Built, page: str) -> None:
    case = built.case("main", page)
    for snippet in MAIN_CHROME[page]:
        assert label_at(case, line_of(case, snippet)) == "chrome", snippet


# --- Comments ---


@pytest.mark.parametrize("rendering", RENDERINGS)
def test_wordpress_comments_are_spans_with_their_authors(built: Built, rendering: str) -> None:
    case = built.case(rendering, WREN)
    assert case.gold["spans_known"] is True
    expected = []
    for author, texts, depth in WREN_COMMENTS:
        text_lines = [line_of(case, text) for text in texts]
        assert [label_at(case, n) for n in text_lines] == ["comment_text"] * len(texts)
        if f"{author} says:" in case.text:  # the full texts print the name; `main`/`traf` do not
            first = line_of(case, f"{author} says:")
            assert label_at(case, first) == "comment_author"
            expected.append((first, text_lines[-1], author, depth))
        else:
            expected.append((text_lines[0], text_lines[-1], None, depth))
    depths = [comment["depth"] for comment in case.gold["comments"]]
    assert [(*span, depth) for span, depth in zip(spans(case), depths, strict=True)] == expected
    if rendering in ("full", "flat"):  # the renderings that print the names name every author
        assert [author for _, _, author, _ in expected] == [a for a, _, _ in WREN_COMMENTS]


@pytest.mark.parametrize("rendering", ("full", "flat"))
def test_comment_dates_and_reply_links_are_chrome(built: Built, rendering: str) -> None:
    case = built.case(rendering, WREN)
    for date in ("April 9, 2023 at 7:12 am", "April 9, 2023 at 6:40 pm", "April 11, 2023 at 9"):
        assert label_at(case, line_of(case, date)) == "chrome"
    replies = [n for n, row in enumerate(rows_of(case), 1) if row.strip() == "Reply"]
    assert len(replies) == 3
    assert {label_at(case, n) for n in replies} == {"chrome"}


@pytest.mark.parametrize(("rendering", "page"), params(RENDERINGS, (HARBOUR,)))
def test_a_page_without_comments_has_no_comment_lines(
    built: Built, rendering: str, page: str
) -> None:
    case = built.case(rendering, page)
    assert not COMMENT_LABELS & set(case.labels)
    assert case.gold["comments"] == []
    assert case.gold["spans_known"] is True


@pytest.mark.parametrize("rendering", ("main", "full", "flat"))
def test_dragnet_comment_text_is_comment_text(built: Built, rendering: str) -> None:
    case = built.case(rendering, QUARRY)
    assert case.gold["spans_known"] is True
    for _, text in QUARRY_COMMENTS:
        n = line_of(case, text)
        assert label_at(case, n) == "comment_text", text
        assert n not in case.gold["unsure"]


@pytest.mark.parametrize("rendering", ("main", "full", "flat"))
def test_dragnet_comments_take_the_author_line_below_them(built: Built, rendering: str) -> None:
    case = built.case(rendering, QUARRY)
    expected = []
    for author, text in QUARRY_COMMENTS:
        byline = line_of(case, f"by {author} on June")
        assert label_at(case, byline) == "comment_author", author
        expected.append((line_of(case, text), byline, author))
    assert spans(case) == expected


@pytest.mark.parametrize("rendering", ("main", "full", "flat"))
def test_a_thread_no_finder_knows_is_unsure_comment_text(built: Built, rendering: str) -> None:
    """The Dragnet reference (after a one-space separator) says the lines are comments, the
    markup gives no spans: their text is comment text without weight, the page's spans unknown."""
    case = built.case(rendering, MILLBROOK)
    unsure = set(case.gold["unsure"])
    for text in MILLBROOK_COMMENTS:
        n = line_of(case, text)
        assert (label_at(case, n), n in unsure) == ("comment_text", True), text
    for author_line in MILLBROOK_AUTHOR_LINES:
        n = line_of(case, author_line)
        assert (label_at(case, n), n in unsure) == ("chrome", True), author_line
    assert case.gold["comments"] == []
    assert case.gold["spans_known"] is False
    assert len(unsure) == len(MILLBROOK_COMMENTS) + len(MILLBROOK_AUTHOR_LINES)


# --- Unsure lines ---


@pytest.mark.parametrize("rendering", ("full", "flat"))
def test_a_line_the_article_references_disagree_on_is_unsure(built: Built, rendering: str) -> None:
    """trafilatura drops the fact box, readability keeps it, and no snippet names it."""
    case = built.case(rendering, HARBOUR)
    n = line_of(case, FACTBOX)
    assert case.gold["unsure"] == [n]
    assert label_at(case, n) == "chrome"


@pytest.mark.parametrize("rendering", ("main", "traf"))
def test_renderings_without_the_fact_box_have_no_unsure_line(built: Built, rendering: str) -> None:
    case = built.case(rendering, HARBOUR)
    assert FACTBOX not in case.text
    assert case.gold["unsure"] == []


# --- Command line ---


def test_limit_takes_the_first_pages_of_each_pool(tmp_path: Path) -> None:
    result = run_script(str(MINIPOOL), str(tmp_path), "--jobs", "1", "--limit", "1")
    assert result.returncode == 0, result.stderr
    rows = [json.loads(row) for row in (tmp_path / "pages.jsonl").read_text().splitlines()]
    # The first row of pages.jsonl, and the first Dragnet page by file name.
    assert sorted({row["file"] for row in rows}) == [MILLBROOK, HARBOUR]


def test_a_missing_data_folder_is_a_one_line_error(tmp_path: Path) -> None:
    result = run_script(str(tmp_path / "no-such-pages"), str(tmp_path / "out"))
    assert result.returncode != 0
    assert result.stdout == ""
    message = result.stderr.strip()
    assert message == f"build_textpages: {tmp_path / 'no-such-pages'}: no such folder"
    assert "\n" not in message
    assert not (tmp_path / "out").exists()


def test_an_author_line_under_the_text_names_the_author_without_its_widget_words() -> None:
    """'Posted by: NAME | DATE' under a comment is its author line, and the gold author is NAME
    (the label builder gave "by: NAME", so the decomposers' clean names were scored wrong)."""
    from devtools.scripts import load_script
    from threadsift.page import Comment

    build = load_script("build_textpages")
    rows = [
        "Great post, I learned a lot from it today and will share it.",
        "Posted by: Jim Dickeson | June 3, 2012",
        "A second comment that says something else entirely, at length.",
        "Posted by: Kent | June 4, 2012",
    ]
    labels = ["comment_text", "chrome", "comment_text", "chrome"]
    placed = [
        Comment(0, None, text=rows[0], first_line=1, last_line=1),
        Comment(1, None, text=rows[2], first_line=3, last_line=3),
    ]
    spans = build._comment_spans(rows, labels, set(), placed)
    assert [(s["author"], s["first_line"], s["last_line"]) for s in spans] == [
        ("Jim Dickeson", 1, 2),
        ("Kent", 3, 4),
    ]
    assert labels == ["comment_text", "comment_author", "comment_text", "comment_author"]


def test_what_a_commenter_wrote_stays_comment_text_and_the_comment_meta_is_chrome() -> None:
    """An emoticon line and a pasted image link in a comment's text are the commenter's (the
    thread-chrome test read them as a separator and a caption); a date or a vote count there
    is chrome (the label conventions of the hand-labelled sets)."""
    from devtools.scripts import load_script

    build = load_script("build_textpages")
    rows = [
        "Thanks, this is the fix I was looking for all week long.",
        ":-)",
        "http://example.org/photos/my-garden.jpg",
        "12 March 2024",
        "0",
    ]
    labels = ["comment_text"] * len(rows)
    assert build._comment_content(rows, labels, 0, len(rows) - 1) == [0, 1, 2]
    assert labels == ["comment_text"] * 3 + ["chrome"] * 2
