"""The viewer's store on runs that are not whole: no run.json yet, tables missing."""

from __future__ import annotations

import shutil
from pathlib import Path

from threadsift.viewer.facets import PageQuery
from threadsift.viewer.store import RunStore


def test_a_run_without_run_json_or_comments_still_has_every_view(
    viewer_run: Path, tmp_path: Path
) -> None:
    partial = tmp_path / "partial"
    shutil.copytree(viewer_run, partial)
    (partial / "run.json").unlink()
    shutil.rmtree(partial / "comments")
    store = RunStore(partial)
    counts = store.overview["counts"]
    pages = store.sql("SELECT count(*) FROM summary")[0][0]
    assert counts["inputs"] == pages + counts["errors"]  # counted from the tables
    assert counts["errors"] == 2
    assert store.overview["comment_languages"] == []
    listed = store.pages(PageQuery.from_params({"comments": ["yes"]}))
    page = store.page(listed["rows"][0]["id"])
    assert page is not None and page["page"].comments == []
    assert page["page"].lines
    assert store.errors(1)["total"] == 2
    store.close()
