"""The pages list (facets, search, sort, paging) and the errors list, as HTML."""

from __future__ import annotations

from typing import Any

from threadsift.viewer.charts import number
from threadsift.viewer.facets import FACETS, SORTS, PageQuery
from threadsift.viewer.markup import Markup, el, url
from threadsift.viewer.page_view import page_path

_COLUMNS = (
    ("title", "title"),
    ("host", "host"),
    ("language", "language"),
    ("outcome", "outcome"),
    ("comments", "comments"),
    ("words", "words"),
    ("toxic", "toxic share"),
)


def _facets(query: PageQuery, facets: dict[str, list[dict[str, Any]]]) -> Markup:
    parts = []
    for name, (heading, _) in FACETS.items():
        chosen = query.filters.get(name, ())
        values = facets[name]
        listed = {item["value"] for item in values}
        # A chosen value stays listed, so that it can be unchosen, even with no page left.
        values = values + [{"value": value, "count": 0} for value in chosen if value not in listed]
        parts.append(el("h3", heading))
        parts.append(
            el(
                "ul",
                *(
                    el(
                        "li",
                        el(
                            "a",
                            item["value"],
                            href=url("/pages", query.toggled(name, item["value"])),
                            class_="chosen" if item["value"] in chosen else None,
                            data_facet=name,
                        ),
                        f" {number(item['count'])}",
                    )
                    for item in values
                ),
            )
        )
    return el("nav", *parts, class_="facets")


def _heading(query: PageQuery, key: str, name: str) -> Markup:
    if key not in SORTS:
        return el("th", name)
    descending = query.sort == key and not query.descending
    arrow = (" ▼" if query.descending else " ▲") if query.sort == key else ""
    return el(
        "th",
        el("a", name + arrow, href=url("/pages", query.params(sort=key, descending=descending))),
    )


def _row(row: dict[str, Any]) -> Markup:
    share = row["toxic_share"]
    title = [el("a", row["title"] or "(no title)", href=page_path(row["id"]))]
    if row.get("snippet"):
        title += [el("div", row["snippet"], class_="snippet")]
    return el(
        "tr",
        el("td", *title),
        el("td", row["host"]),
        el("td", row["language"]),
        el("td", row["outcome"] + ("" if row["reason"] == "(none)" else f": {row['reason']}")),
        el("td", number(row["n_comments"]), class_="num"),
        el("td", "" if row["words"] is None else number(row["words"]), class_="num"),
        el("td", "" if share is None else f"{share:.0%}", class_="num"),
    )


def _pager(path: str, page: int, size: int, total: int, params: Any) -> Markup:
    """Links to the previous and next pages; `params(page=n)` gives the URL parameters."""
    last = max(1, -(-total // size))
    first_row = (page - 1) * size + 1 if total else 0
    parts = [
        el("span", f"{number(first_row)}–{number(min(page * size, total))} of {number(total)}")
    ]
    if page > 1:
        parts.append(el("a", "← previous", href=url(path, params(page=page - 1)), rel="prev"))
    if page < last:
        parts.append(el("a", "next →", href=url(path, params(page=page + 1)), rel="next"))
    return el("p", *parts, class_="pager")


def pages_html(query: PageQuery, data: dict[str, Any]) -> Markup:
    """The pages view (`RunStore.pages`)."""
    search = el(
        "form",
        el(
            "input",
            type="search",
            name="q",
            value=query.words,
            placeholder="search articles and comments",
            aria_label="search",
        ),
        *(
            el("input", type="hidden", name=n, value=v)
            for n, v in query.params(words="")
            if n != "p"
        ),
        el("button", "Search", type="submit"),
        action="/pages",
        method="get",
        class_="search",
    )
    notes: list[object] = []
    if data["search_error"]:
        notes.append(el("p", f"search: {data['search_error']}", class_="note"))
    elif query.words:
        notes.append(
            el(
                "p",
                f"pages whose article or comments match {query.words!r}"
                " (best first; search covers output pages)",
                class_="note",
            )
        )
    table = el(
        "table",
        el("tr", *(_heading(query, key, name) for key, name in _COLUMNS)),
        *(_row(row) for row in data["rows"]),
        class_="list pages",
    )
    pager = _pager("/pages", query.page, query.size, data["total"], query.params)
    json_link = el("a", "JSON", href=url("/pages.json", query.params()))
    return el(
        "div",
        el("h1", "Pages"),
        search,
        *notes,
        el(
            "div",
            _facets(query, data["facets"]),
            el("div", pager, table, pager, el("p", json_link)),
            class_="layout",
        ),
    )


def errors_html(data: dict[str, Any]) -> Markup:
    """The errors view (`RunStore.errors`): every record that ended in error, with why."""
    rows = [
        el(
            "tr",
            el("td", el("a", row["page_id"], href=page_path(row["page_id"]))),
            el("td", row["source"]),
            el("td", row["message"], class_="text"),
        )
        for row in data["rows"]
    ]
    return el(
        "div",
        el("h1", f"Errors ({number(data['total'])})"),
        _pager(
            "/errors", data["page"], data["size"], data["total"], lambda page: [("p", str(page))]
        ),
        el(
            "table",
            el("tr", el("th", "record"), el("th", "source"), el("th", "message")),
            *rows,
            class_="list errors",
        ),
        el(
            "p",
            el(
                "a",
                "JSON",
                href=url("/errors.json", [("p", str(data["page"]))] if data["page"] > 1 else []),
            ),
        ),
    )
