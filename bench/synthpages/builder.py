"""Write a page's HTML unit by unit, render it as crawled pages are rendered, and label every line.

Every piece of visible text goes through `Doc.unit` (or `Doc.img` for alt texts) with its label,
so the document knows, in document order, which text each rendered line can come from. After
rendering with resiliparse (`extract_plain_text(HTMLTree.parse(html), main_content=True)`, the
rendering of the real dev pages), `label` walks the rendered lines and the units together: each
non-blank line must equal the next unit's text still to come (elements the main-content filter
dropped are skipped). A line that matches no unit, a comment whose author line survived without
its text, or overlapping comment spans raise `LabelError`: the generator never guesses a label.
"""

from __future__ import annotations

import hashlib
import html
import re
from dataclasses import dataclass, field
from typing import Any

LABELS = ("title", "article", "chrome", "comment_author", "comment_text")
BLOCK_TAGS = re.compile(
    r"<\s*/?\s*(p|div|li|ul|ol|h[1-6]|br|blockquote|table|tr|td|dl|dt|dd|"
    r"article|section|header|footer|figure|figcaption|pre|hr)\b",
    re.I,
)
LIST_MARKER = re.compile(r"^(?:[•◦▪‣·\-*]|\d{1,3}\.)\s+")


class LabelError(Exception):
    """A rendered page could not be labelled by construction (the page is rejected)."""


def squeezed(text: str) -> str:
    """Whitespace-collapsed text, as compared between units and rendered lines."""
    return re.sub(r"\s+", " ", text).strip()


def inline_text(fragment: str) -> str:
    """The visible text of an inline HTML fragment (tags dropped, entities decoded)."""
    return squeezed(html.unescape(re.sub(r"<[^>]*>", "", fragment)))


@dataclass(slots=True)
class Unit:
    """One line's worth of visible text: its label and, inside a thread, its comment."""

    text: str
    label: str
    comment: int | None = None


@dataclass(slots=True)
class CommentInfo:
    """A comment as generated: who, how deep, replying to which comment."""

    author: str | None
    depth: int
    parent: int | None


@dataclass(slots=True)
class Doc:
    """An HTML page under construction, with the labelled units of its visible text."""

    title: str | None = None
    wrappers: int = 0
    parts: list[str] = field(default_factory=list)
    units: list[Unit] = field(default_factory=list)
    comments: list[CommentInfo] = field(default_factory=list)

    def raw(self, markup: str) -> None:
        """Append markup that carries no visible text."""
        self.parts.append(markup)

    def unit(self, fragment: str, label: str, comment: int | None = None) -> None:
        """Append an inline fragment whose visible text becomes one rendered line."""
        if label not in LABELS:
            raise LabelError(f"unknown label {label!r}")
        if BLOCK_TAGS.search(fragment):
            raise LabelError(f"block markup inside a unit: {fragment[:80]!r}")
        text = inline_text(fragment)
        if not text:
            raise LabelError("empty unit")
        self.parts.append(fragment)
        self.units.append(Unit(text, label, comment))

    def el(
        self,
        tag: str,
        text: str,
        label: str,
        *,
        cls: str = "",
        comment: int | None = None,
        attrs: str = "",
    ) -> None:
        """Append `<tag class=cls>text</tag>` as one unit (text is escaped)."""
        klass = f' class="{cls}"' if cls else ""
        self.raw(f"<{tag}{klass}{attrs}>")
        self.unit(html.escape(text, quote=False), label, comment)
        self.raw(f"</{tag}>")

    def img(
        self, alt: str, *, cls: str = "", label: str = "chrome", comment: int | None = None
    ) -> None:
        """Append an image; a non-empty alt text is rendered as a line of its own."""
        klass = f' class="{cls}"' if cls else ""
        self.parts.append(f'<img src="/i/{len(self.parts)}.jpg" alt="{html.escape(alt)}"{klass}>')
        if squeezed(alt):
            self.units.append(Unit(squeezed(alt), label, comment))

    def new_comment(self, author: str | None, depth: int, parent: int | None) -> int:
        """Register a comment and return its id for the units that belong to it."""
        self.comments.append(CommentInfo(author, depth, parent))
        return len(self.comments) - 1

    def html(self) -> str:
        """The page's HTML."""
        return "".join(self.parts)


def render(markup: str) -> str:
    """Render HTML to text the way the real dev pages were rendered."""
    from resiliparse.extract.html2text import extract_plain_text
    from resiliparse.parse.html import HTMLTree

    text: str = extract_plain_text(HTMLTree.parse(markup), main_content=True)
    return text


def split_lines(text: str) -> list[str]:
    """Lines as the gold numbers them: split on newline, a final newline starts no line."""
    rows = text.split("\n")
    if rows and rows[-1] == "":
        rows.pop()
    return rows


def _candidates(line: str) -> list[str]:
    text = squeezed(line)
    out = [text]
    for _ in range(2):
        stripped = LIST_MARKER.sub("", text, count=1)
        if stripped == text:
            break
        text = stripped
        out.append(text)
    return out


def label(doc: Doc, text: str) -> tuple[list[str], list[dict[str, Any]], str | None]:
    """Label each line of `text` (rendered from `doc`) and build the gold comments and title."""
    rows = split_lines(text)
    labels: list[str] = []
    owners: list[int | None] = []
    matched: list[tuple[int, int]] = []  # (line number, unit index)
    j = 0
    units = doc.units
    for n, row in enumerate(rows, 1):
        if not row.strip():
            labels.append("blank")
            owners.append(None)
            continue
        wanted = _candidates(row)
        k = j
        while k < len(units) and units[k].text not in wanted:
            k += 1
        if k == len(units):
            raise LabelError(f"line {n} matches no unit still to come: {row.strip()[:90]!r}")
        labels.append(units[k].label)
        owners.append(units[k].comment)
        matched.append((n, k))
        j = k + 1
    _check_unambiguous(doc, matched)
    title = _fix_title(doc, rows, labels)
    comments = _gold_comments(doc, labels, owners)
    return labels, comments, title


def _check_unambiguous(doc: Doc, matched: list[tuple[int, int]]) -> None:
    """Refuse a match when a later unit with the same text but another label or comment lies
    before the next matched unit: the line could have come from either."""
    title = squeezed(doc.title) if doc.title else None
    units = doc.units

    def role(k: int) -> tuple[str, int | None]:
        unit = units[k]
        return ("headline" if unit.text == title else unit.label), unit.comment

    for i, (n, k) in enumerate(matched):
        end = matched[i + 1][1] if i + 1 < len(matched) else len(units)
        for k2 in range(k + 1, end):
            if units[k2].text == units[k].text and role(k2) != role(k):
                raise LabelError(f"line {n} is ambiguous between units {k} and {k2}")


def _fix_title(doc: Doc, rows: list[str], labels: list[str]) -> str | None:
    """The headline's first rendered occurrence is the title; every repeat is chrome."""
    if doc.title is None:
        return None
    seen = False
    for i, row in enumerate(rows):
        if labels[i] in ("title", "chrome") and squeezed(row) == squeezed(doc.title):
            labels[i] = "chrome" if seen else "title"
            seen = True
        elif labels[i] == "title":
            labels[i] = "chrome"
    return squeezed(doc.title) if seen else None


def _gold_comments(doc: Doc, labels: list[str], owners: list[int | None]) -> list[dict[str, Any]]:
    lines_of: dict[int, list[int]] = {}
    author_line: dict[int, int] = {}
    for i, (lab, owner) in enumerate(zip(labels, owners, strict=True), 1):
        if lab in ("comment_author", "comment_text"):
            if owner is None:
                raise LabelError(f"line {i}: {lab} outside any comment")
            lines_of.setdefault(owner, []).append(i)
            if lab == "comment_author":
                if owner in author_line:
                    raise LabelError(f"line {i}: second author line of comment {owner}")
                author_line[owner] = i
    order = sorted(lines_of, key=lambda cid: min(lines_of[cid]))
    gold_index = {cid: idx for idx, cid in enumerate(order)}
    out: list[dict[str, Any]] = []
    last_end = 0
    for cid in order:
        lines = lines_of[cid]
        if cid in author_line and len(lines) == 1:
            raise LabelError(f"comment {cid}: author line rendered without its text")
        first, last = min(lines), max(lines)
        if first <= last_end:
            raise LabelError(f"comment {cid}: span {first}-{last} overlaps the previous one")
        for n in range(first, last + 1):
            if labels[n - 1] in ("article", "title"):
                raise LabelError(f"comment {cid}: line {n} inside its span is {labels[n - 1]}")
            if labels[n - 1].startswith("comment_") and owners[n - 1] != cid:
                raise LabelError(f"comment {cid}: line {n} belongs to another comment")
        last_end = last
        info = doc.comments[cid]
        parent = info.parent
        out.append(
            {
                "author": info.author if cid in author_line else None,
                "first_line": first,
                "last_line": last,
                "depth": info.depth,
                "parent": gold_index.get(parent) if parent is not None else None,
            }
        )
    return out


def gold_record(
    name: str,
    text: str,
    labels: list[str],
    comments: list[dict[str, Any]],
    title: str | None,
    notes: str,
    meta: dict[str, Any],
) -> dict[str, Any]:
    """The gold JSON record, in the format of the seed fixtures (plus depth, parent, meta)."""
    return {
        "file": name,
        "sha256": hashlib.sha256(text.encode("utf-8")).hexdigest(),
        "title": title,
        "notes": notes,
        "synthetic": meta,
        "comments": comments,
        "lines": [{"n": i, "label": lab} for i, lab in enumerate(labels, 1)],
    }
