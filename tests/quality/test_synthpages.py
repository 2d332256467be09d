"""The synthetic-page generator labels by construction and refuses to guess."""

from __future__ import annotations

from pathlib import Path

import pytest

pytest.importorskip("resiliparse")
from bench.synthpages.builder import Doc, LabelError, label, render

pytestmark = pytest.mark.quality


def _doc() -> Doc:
    d = Doc(title="A headline")
    d.raw("<html><body><div><div><div>")
    d.el("h1", "A headline", "title")
    d.el("p", "The first paragraph of the article, long enough to count.", "article")
    cid = d.new_comment("Ann", 0, None)
    d.raw("<ol><li>")
    d.unit("<b>Ann</b> <span>says:</span>", "comment_author", cid)
    d.el("div", "12 May 2020", "chrome", comment=cid)
    d.el("p", "A reader's comment on the article.", "comment_text", comment=cid)
    d.el("div", "Reply", "chrome", comment=cid)
    d.raw("</li></ol></div></div></div></body></html>")
    return d


def test_every_line_gets_the_label_it_was_written_with() -> None:
    d = _doc()
    text = render(d.html())
    labels, comments, title = label(d, text)
    rows = text.split("\n")
    by_text = {row.strip(): lab for row, lab in zip(rows, labels, strict=False)}
    assert title == "A headline"
    assert by_text["A headline"] == "title"
    assert by_text["1. Ann says:"] == "comment_author"
    assert by_text["12 May 2020"] == "chrome"
    assert by_text["A reader's comment on the article."] == "comment_text"
    assert by_text["Reply"] == "chrome"
    assert [(c["author"], c["depth"]) for c in comments] == [("Ann", 0)]
    first, last = comments[0]["first_line"], comments[0]["last_line"]
    assert labels[first - 1] == "comment_author" and labels[last - 1] == "comment_text"


def test_a_line_from_nowhere_is_an_error() -> None:
    d = _doc()
    with pytest.raises(LabelError, match="matches no unit"):
        label(d, render(d.html()) + "\n\nText that no unit wrote\n")


def test_an_ambiguous_line_is_an_error() -> None:
    d = Doc()
    cid = d.new_comment("Ann", 0, None)
    d.el("div", "Ann", "chrome", comment=cid)  # avatar name...
    d.el("div", "Ann", "comment_author", comment=cid)  # ...then the author line
    d.el("div", "Her comment text.", "comment_text", comment=cid)
    # Only one "Ann" line came through: was it the avatar or the author line?
    with pytest.raises(LabelError, match="ambiguous"):
        label(d, "Ann\nHer comment text.\n")


def test_block_markup_inside_a_unit_is_refused() -> None:
    with pytest.raises(LabelError, match="block markup"):
        Doc().unit("<p>two</p><p>lines</p>", "article")


def test_generated_pages_are_deterministic_and_consistent(tmp_path: Path) -> None:
    pytest.importorskip("faker")
    from bench.synthpages.__main__ import generate

    for split in ("tune", "holdout"):
        generate(tmp_path / f"{split}-a", split, 7, 6)
        generate(tmp_path / f"{split}-b", split, 7, 6)
        for path in sorted((tmp_path / f"{split}-a").iterdir()):
            assert path.read_bytes() == (tmp_path / f"{split}-b" / path.name).read_bytes()

    from devtools.scoring import load_cases  # checks sha256 and line counts

    for case in load_cases(tmp_path / "tune-a") + load_cases(tmp_path / "holdout-a"):
        labels = case.labels
        covered: set[int] = set()
        for comment in case.gold["comments"]:
            span = range(comment["first_line"], comment["last_line"] + 1)
            assert not covered & set(span)
            covered |= set(span)
        comment_lines = {i for i, lab in enumerate(labels, 1) if lab.startswith("comment_")}
        assert comment_lines <= covered
        assert labels.count("title") <= 1


def test_holdout_sites_are_not_tune_sites() -> None:
    from bench.synthpages.phrases import alternatives
    from bench.synthpages.sites import HOLDOUT, TUNE

    assert not set(TUNE) & set(HOLDOUT)
    held_out_systems = {s.system for s in HOLDOUT} - {s.system for s in TUNE}
    assert {"drupal8", "blogger_threaded", "spip"} <= held_out_systems
    tune_replies = set(alternatives("de", "reply", "tune"))
    assert tune_replies < set(alternatives("de", "reply", "holdout"))
