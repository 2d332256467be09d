"""HTML is built by construction: data is escaped, only the package's own markup is not."""

from __future__ import annotations

from threadsift.viewer.charts import bars, histogram
from threadsift.viewer.facets import PageQuery
from threadsift.viewer.markup import Markup, el, join, url


def test_children_and_attributes_are_escaped() -> None:
    html = el("a", "<script>x</script>", href='"><script>', title="a&b")
    assert html == (
        '<a href="&quot;&gt;&lt;script&gt;" title="a&amp;b">&lt;script&gt;x&lt;/script&gt;</a>'
    )


def test_markup_children_are_kept_and_lists_flattened() -> None:
    assert el("p", el("b", "1"), ["<", [2, None]]) == "<p><b>1</b>&lt;2</p>"
    assert join(["<i>", Markup("<i>")]) == "&lt;i&gt;<i>"


def test_attribute_names_and_void_elements() -> None:
    assert el("input", type="search", class_="q", aria_label="x", hidden=True, value=None) == (
        '<input type="search" class="q" aria-label="x" hidden>'
    )


def test_chart_labels_are_escaped() -> None:
    hostile = "<img src=x onerror=alert(1)>"
    for chart in (bars([(hostile, 3)], hostile), histogram([(hostile, 3)], hostile)):
        assert "<img" not in chart and "&lt;img" in chart


def test_urls_encode_their_parameters() -> None:
    assert url("/pages", [("q", "a&b c"), ("host", "x")]) == "/pages?q=a%26b+c&host=x"


def test_a_query_keeps_whitelisted_names_only() -> None:
    query = PageQuery.from_params(
        {"host": ["a", "a", "b"], "sort": ["id; DROP"], "evil": ["1"], "p": ["x"], "size": ["9999"]}
    )
    assert query.filters == {"host": ("a", "b")}
    assert query.sort is None and query.page == 1 and query.size == 500
    assert query.where() == ("TRUE AND host IN (?, ?)", ["a", "b"])
    assert query.toggled("host", "a") == [("host", "b"), ("size", "500")]
