"""One page as HTML: its lines coloured by label with their reasons, its article, its thread."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from threadsift.page import Comment, Label, Page
from threadsift.reasons import Reason
from threadsift.render import (
    NO_AUTHOR,
    NO_TITLE,
    clip,
    comment_facts,
    quality_summary,
    toxicity_note,
)
from threadsift.viewer.layout import MAX_INDENT, TOXICITY_COLOURS
from threadsift.viewer.markup import Markup, el, url

#: Lines a page view shows at most (the JSON has them all).
MAX_LINES = 5000
_REASONS = {str(reason): reason.description for reason in Reason}


def page_path(page_id: str) -> str:
    """The URL of a page's view."""
    from urllib.parse import quote

    return f"/pages/{quote(page_id, safe='')}"


def _outside_link(address: str | None) -> object:
    """A page's own URL: a link only if it is http(s) (never ``javascript:`` and the like)."""
    if not address:
        return ""
    scheme = urlsplit(address).scheme.lower()
    if scheme in ("http", "https"):
        return el("a", address, href=address, rel="noreferrer noopener nofollow")
    return address


def _facts(page: Page) -> Markup:
    rows: list[tuple[str, object]] = [
        ("url", _outside_link(page.url)),
        (
            "host",
            el("a", page.host, href=url("/pages", [("host", page.host)])) if page.host else "",
        ),
        ("outcome", f"{page.outcome}" + (f" ({page.reason})" if page.reason else "")),
        ("source", page.source),
        ("language", f"{page.language} ({page.language_score or 0:.2f})" if page.language else ""),
        ("author", page.author),
        ("published", page.published or page.published_raw),
        ("site", page.site_name),
        ("comments", str(len(page.comments))),
        ("id", page.id),
    ]
    if page.quality is not None:
        rows.append(("quality", quality_summary(page.quality)))
    return el("table", *(el("tr", el("th", n), el("td", v)) for n, v in rows if v), class_="facts")


def _lines(page: Page) -> Markup:
    texts = page.text.split("\n")
    rows = []
    for line in page.lines[:MAX_LINES]:
        raw = texts[line.n - 1] if 0 < line.n <= len(texts) else ""
        reason = (
            el("span", line.reason, class_="reason", title=_REASONS.get(line.reason, line.reason))
            if line.reason
            else ""
        )
        rows.append(
            el(
                "tr",
                el("td", line.n, class_="n"),
                el("td", str(line.label), class_=f"label label-{line.label}"),
                el("td", clip(raw), class_=f"text label-{line.label}"),
                el("td", reason),
                class_=f"line-{line.label}",
                id=f"l{line.n}",
            )
        )
    more = len(page.lines) - MAX_LINES
    note = el("p", f"{more} more lines: see the JSON", class_="note") if more > 0 else ""
    return Markup(el("table", *rows, class_="lines") + note)


def _toxicity_class(comment: Comment) -> str:
    if comment.toxicity is None:
        return ""
    band = min(int(comment.toxicity * len(TOXICITY_COLOURS)), len(TOXICITY_COLOURS) - 1)
    return f" toxicity-{band}"


def _comment(comment: Comment, duplicate: dict[str, Any] | None) -> Markup:
    facts: list[object] = [el("a", f"#{comment.index}", href=f"#c{comment.index}"), " "]
    facts.append(el("span", comment.author or NO_AUTHOR, class_="author label-comment_author"))
    shown = comment_facts(comment)
    if comment.parent is not None:  # the parent as a link
        shown.remove(f"reply to #{comment.parent}")
        facts += [" · reply to ", el("a", f"#{comment.parent}", href=f"#c{comment.parent}")]
    facts += [" · ", ", ".join(shown)]
    if comment.toxicity is not None:
        note = toxicity_note(comment) if comment.toxic else f"toxicity {comment.toxicity:.2f}"
        facts += [" · ", el("span", note, class_="toxicity")]
    if duplicate is not None:
        facts += [
            " · duplicate of ",
            el(
                "a",
                f"{duplicate['page_id']} #{duplicate['comment']}",
                href=f"{page_path(duplicate['page_id'])}#c{duplicate['comment']}",
            ),
        ]
    return el(
        "li",
        el("div", *facts, class_="head"),
        el("div", comment.text, class_="text label-comment_text"),
        class_=f"comment depth-{min(comment.depth, MAX_INDENT)}{_toxicity_class(comment)}",
        id=f"c{comment.index}",
    )


def _linked_pages(rows: list[dict[str, Any]]) -> Markup:
    return el(
        "ul",
        *(
            el(
                "li",
                el("a", row["title"] or row["id"], href=page_path(row["id"])),
                f" ({row['kind']}, similarity {row['jaccard']:.2f})" if row.get("kind") else "",
            )
            for row in rows
        ),
    )


def page_html(data: dict[str, Any]) -> Markup:
    """The view of a page (`RunStore.page`)."""
    page: Page = data["page"]
    parts: list[object] = [
        el("h1", page.title or NO_TITLE, class_=f"label-{Label.TITLE}"),
        el(
            "p",
            el("a", "lines", href="#lines"),
            " · ",
            el("a", "article", href="#article"),
            " · ",
            el("a", f"comments ({len(page.comments)})", href="#thread"),
            " · ",
            el("a", "JSON", href=page_path(page.id) + ".json"),
        ),
        _facts(page),
    ]
    if data["duplicate_of"]:
        parts += [el("h2", "Duplicate of"), _linked_pages(data["duplicate_of"])]
    if data["duplicates"]:
        parts += [el("h2", "Its duplicates"), _linked_pages(data["duplicates"])]
    parts += [
        el("h2", "Lines, by label, with the reason of each chrome line", id="lines"),
        _lines(page),
        el("h2", "Article (as the clean corpus has it)", id="article"),
        el("div", page.article or "(no article)", class_="article text"),
        el("h2", f"Comments ({len(page.comments)})", id="thread"),
        el(
            "ol",
            *(
                _comment(comment, data["comment_duplicates"].get(comment.index))
                for comment in page.comments
            ),
            class_="thread",
        ),
    ]
    host = data["host_pages"]
    if host["host"] is not None:
        parts += [
            el("h2", f"Other pages of {host['host']}"),
            _linked_pages(host["pages"]),
            el(
                "a",
                f"all {host['total']} pages of the host",
                href=url("/pages", [("host", host["host"])]),
            ),
        ]
    return el("div", *parts)


def page_json(data: dict[str, Any]) -> dict[str, Any]:
    """The JSON of a page view: the page record with its text, and its links."""
    return {
        **{key: value for key, value in data.items() if key != "page"},
        "page": data["page"].to_dict(with_text=True),
    }


def error_html(error: dict[str, Any]) -> Markup:
    """The view of a record that ended in error."""
    return el(
        "div",
        el("h1", f"Record {error['page_id']}: error"),
        el(
            "table",
            el("tr", el("th", "source"), el("td", error["source"])),
            el("tr", el("th", "message"), el("td", error["message"], class_="text")),
            class_="facts",
        ),
    )
