"""The overview as HTML: the flow of the inputs and the charts (also the body of a report)."""

from __future__ import annotations

from typing import Any

from threadsift.viewer.charts import bars, flow, histogram, number
from threadsift.viewer.markup import Markup, el, url


def _figure(caption: str, chart: Markup, *notes: object) -> Markup:
    return el("figure", el("figcaption", caption), chart, *notes)


def _host_link(host: str, linked: bool) -> object:
    return el("a", host, href=url("/pages", [("host", host)])) if linked else host


def overview_html(data: dict[str, Any], *, linked: bool = True) -> Markup:
    """The overview of `data` (`overview_queries.overview`); `linked` adds links to the other
    views (a report file has none)."""
    counts = data["counts"]
    count_rows = [
        el("tr", el("th", name), el("td", number(counts[name]), class_="num"))
        for name in ("inputs", "outputs", "duplicates", "filtered", "errors")
    ]
    if linked:
        count_rows.append(el("tr", el("td", el("a", "errors, with messages", href="/errors"))))
    charts = [
        _figure("Pages per host (output)", bars(data["pages_per_host"], "Pages per host")),
        _figure("Comments per host (output)", bars(data["comments_per_host"], "Comments per host")),
        _figure("Languages of articles", bars(data["article_languages"], "Languages of articles")),
        _figure("Languages of comments", bars(data["comment_languages"], "Languages of comments")),
        _figure("Toxicity of comments", histogram(data["toxicity"], "Toxicity of comments")),
        _figure(
            "Toxic share of comments, per host",
            bars(data["toxic_share_per_host"], "Toxic share per host", share=True),
        ),
        _figure("Comments per page", histogram(data["comments_per_page"], "Comments per page")),
        _figure("Article length (words)", histogram(data["article_words"], "Article length")),
        _figure("Chrome lines by reason", bars(data["chrome_reasons"], "Chrome reasons")),
        _figure(
            "Duplicate clusters by size (pages)",
            histogram(data["duplicate_clusters"], "Duplicate clusters by size"),
        ),
    ]
    quality = [
        _figure(
            f"{rule['signal']}: keep if {rule['rule']}",
            histogram(rule["bins"], rule["signal"], marked=rule["removed_bins"]),
            el(
                "p",
                f"would remove {number(rule['removed'])} of {number(rule['pages'])} output pages"
                f" ({rule['share_removed']:.1%})",
                class_="note",
            ),
        )
        for rule in data["quality"]
    ]
    site_chrome = el(
        "table",
        el("tr", el("th", "host"), el("th", "line"), el("th", "pages", class_="num")),
        *(
            el(
                "tr",
                el("td", _host_link(row["host"], linked)),
                el("td", row["text"], class_="text"),
                el("td", number(row["pages"]), class_="num"),
            )
            for row in data["site_chrome_lines"]
        ),
        class_="list",
    )
    return el(
        "div",
        el("h1", f"Run {data['run']}"),
        el("p", data["summary"]) if data["summary"] else "",
        el(
            "div",
            _figure("Where every input ended", flow(counts["inputs"], data["flow"], "Flow")),
            el("table", *count_rows, class_="facts"),
            class_="layout",
        ),
        el("h2", "Pages, comments, languages, toxicity"),
        el("div", *charts, class_="grid"),
        el("h2", "Quality signals a filter would use (Gopher rules, red: removed)"),
        el("div", *quality, class_="grid"),
        el("h2", "Most frequent learned site-chrome lines"),
        site_chrome if data["site_chrome_lines"] else el("p", "(none learned)", class_="empty"),
    )
