"""The viewer in a real headless Chromium (Debian's `chromium`, driven by Playwright): what a
person sees, and hostile text shown as text with nothing run. Screenshots go to the test's
temporary directory."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any, NoReturn

import pytest

from tests.viewer.hostile import SHOWN
from threadsift.viewer.report import write_report
from threadsift.viewer.store import RunStore

pytestmark = pytest.mark.slow


def _missing(reason: str) -> NoReturn:
    """Skip where the browser truly cannot be had; never on CI, where `make test` installs it."""
    if os.environ.get("CI"):
        pytest.fail(reason)
    pytest.skip(reason)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """A headless Chromium: Debian's chromium, driven by Playwright."""
    executable = shutil.which("chromium") or shutil.which("chromium-browser")
    if executable is None and os.path.exists("/usr/bin/chromium"):
        executable = "/usr/bin/chromium"
    if executable is None:
        _missing("no chromium found (apt-get install chromium; `make test` does it)")
    try:
        import playwright.sync_api as playwright_api
    except ImportError:
        _missing("no playwright (pip install -e '.[dev]')")
    with playwright_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=executable)
        yield launched
        launched.close()


@pytest.fixture
def tab(browser: Any) -> Iterator[Any]:
    """A new tab that records dialogs, page errors and console messages."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.dialogs, page.problems = [], []
    page.on("dialog", lambda dialog: (page.dialogs.append(dialog.message), dialog.dismiss()))
    page.on("pageerror", lambda error: page.problems.append(str(error)))
    page.on("console", lambda message: page.problems.append(message.text))
    yield page
    context.close()


def _nothing_ran(tab: Any) -> None:
    assert tab.dialogs == []
    assert tab.evaluate("typeof window.pwned") == "undefined"
    assert tab.evaluate("document.scripts.length") == 0
    assert tab.locator('a[href^="javascript:"]').count() == 0
    assert tab.problems == []  # no script error, no policy violation (nothing was blocked)


def test_the_overview_shows_the_flow_and_the_charts(
    tab: Any, base_url: str, tmp_path: Path
) -> None:
    tab.goto(f"{base_url}/")
    assert tab.locator("h1").inner_text().startswith("Run ")
    assert tab.locator("figure", has_text="Where every input ended").locator("svg").count() == 1
    assert tab.locator("svg.chart").count() >= 20
    assert "would remove" in tab.locator("figure", has_text="word_count").inner_text()
    tab.screenshot(path=tmp_path / "overview.png", full_page=True)
    assert (tmp_path / "overview.png").stat().st_size > 10_000
    _nothing_ran(tab)


def test_a_facet_narrows_the_list(tab: Any, base_url: str, tmp_path: Path) -> None:
    tab.goto(f"{base_url}/pages")
    rows = tab.locator("table.pages tr:has(td)")
    everything = rows.count()
    tab.locator('a[data-facet="language"]', has_text="de").first.click()
    tab.wait_for_url("**/pages?language=de")
    narrowed = rows.count()
    assert 0 < narrowed < everything
    assert set(tab.locator("table.pages tr:has(td) td:nth-child(3)").all_inner_texts()) == {"de"}
    assert tab.locator("a.chosen[data-facet=language]").inner_text() == "de"
    tab.screenshot(path=tmp_path / "pages-de.png", full_page=True)
    _nothing_ran(tab)


def test_search_finds_a_page_by_its_words(tab: Any, base_url: str, tmp_path: Path) -> None:
    tab.goto(f"{base_url}/pages")
    tab.fill("input[name=q]", "windows")
    tab.click("form.search button")
    tab.wait_for_url("**/pages?q=windows")
    titles = tab.locator("table.pages tr:has(td) td:first-child a").all_inner_texts()
    assert "Building a Cold Frame from Old Windows" in titles
    assert "Windows" in tab.locator(".snippet").first.inner_text()
    tab.screenshot(path=tmp_path / "search.png", full_page=True)
    _nothing_ran(tab)


def test_a_page_shows_coloured_lines_with_reasons_and_the_thread_as_a_tree(
    tab: Any, base_url: str, hostile_id: str, tmp_path: Path
) -> None:
    tab.goto(f"{base_url}/pages/{hostile_id}")
    chrome = tab.locator("table.lines tr.line-chrome").first
    assert chrome.locator(".reason").inner_text() == "comment-heading"
    label_colour = chrome.locator("td.label").evaluate("e => getComputedStyle(e).color")
    assert label_colour == "rgb(128, 0, 0)"  # red, as `threadsift split --view` shows chrome
    article = tab.locator("table.lines tr.line-article td.label").first
    assert article.evaluate("e => getComputedStyle(e).color") == "rgb(0, 128, 0)"
    root, reply = tab.locator("#c0"), tab.locator("#c1")
    assert reply.bounding_box()["x"] > root.bounding_box()["x"] + 10  # indented under it
    assert reply.locator(".head a", has_text="#0").get_attribute("href") == "#c0"
    assert "depth 1" in reply.locator(".head").inner_text()
    tab.screenshot(path=tmp_path / "page.png", full_page=True)
    _nothing_ran(tab)


def test_hostile_text_is_shown_as_text_and_nothing_runs(
    tab: Any, base_url: str, hostile_id: str, tmp_path: Path
) -> None:
    tab.goto(f"{base_url}/pages/{hostile_id}")
    text = tab.locator("main").inner_text()
    for hostile in SHOWN:
        assert hostile in text
    assert tab.locator("h1").inner_text().startswith("<script>")
    assert tab.locator("#c0 .author").inner_text() == "<script>window.pwned=1;alert(1)</script>"
    assert tab.locator("#c1 .author").inner_text() == '<img src=x onerror="window.pwned=1">'
    assert tab.locator("main img, main textarea, main iframe").count() == 0
    tab.screenshot(path=tmp_path / "hostile.png", full_page=True)
    _nothing_ran(tab)
    tab.goto(f"{base_url}/pages?sort=title")  # hostile titles in the list too
    assert "<script>window.pwned=1;alert(1)</script>" in tab.locator("table.pages").inner_text()
    _nothing_ran(tab)


def test_the_errors_view_lists_every_error_with_its_message(tab: Any, base_url: str) -> None:
    tab.goto(f"{base_url}/errors")
    rows = tab.locator("table.errors tr:has(td)")
    assert rows.count() == 2
    assert "truncated WARC" in rows.nth(0).inner_text()
    _nothing_ran(tab)


def test_the_report_file_fetches_and_runs_nothing(
    tab: Any, store: RunStore, viewer_run: Path, tmp_path: Path
) -> None:
    requests: list[str] = []
    tab.on("request", lambda request: requests.append(request.url))
    path = write_report(viewer_run, tmp_path / "report.html")
    tab.goto(path.as_uri())
    assert requests == [path.as_uri()]
    assert tab.locator("svg.chart").count() >= 20
    assert tab.locator("h1").evaluate("e => getComputedStyle(e).fontWeight") == "700"  # styled
    tab.screenshot(path=tmp_path / "report.png", full_page=True)
    _nothing_ran(tab)
