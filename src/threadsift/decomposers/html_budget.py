"""The shape of HTML the DOM decomposer can afford, and a cheap rendering for pages beyond it.

The HTML parser and the text renderer are C code that no timer can interrupt, and both grow
faster than linearly on hostile shapes: attributes on one element (20,000 take the parser one
second, and the time grows with their square) and element nesting (16,000 levels take the
renderer seven seconds). So the page's shape is checked before it gets there: its size and its
most attributes on one element on the markup, its depth on the parsed tree (parsing a deep tree
is cheap). A page beyond the budget is read by `plain_text`, a linear tag stripper, and
decomposed as text. Real pages stay far below: in the development pool (1,696 pages) the
deepest nests 42 elements, the most attributes on one tag are a few hundred.
"""

from __future__ import annotations

import functools
import html
import re
from typing import Any

from threadsift.budget import Budget

# One attribute of an opening tag (name, and value if any). Atomic groups and possessive
# quantifiers: a tag that has fewer attributes fails at once, without backtracking.
_ATTRIBUTE = r"""(?>\s++[^\s"'<>/=]++(?>\s*+=\s*+(?>"[^"]*+"|'[^']*+'|[^\s"'<>]*+))?+)"""
_TOKEN = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9]*)[^>]*>|<!--.*?-->|[^<]+|<", re.S)
_BLOCKS = frozenset(
    {"address", "article", "aside", "blockquote", "br", "dd", "div", "dl", "dt", "figcaption"}
    | {"figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li"}
    | {"main", "nav", "ol", "p", "pre", "section", "table", "td", "th", "tr", "ul"}
)
_HIDDEN = frozenset({"script", "style", "noscript", "template", "head"})


def markup_problem(markup: str, budget: Budget) -> str | None:
    """Why `markup` is over the budget before parsing (size, attributes), or None."""
    if len(markup) > budget.html_chars:
        return f"HTML over {budget.html_chars >> 20} M characters"
    if _many_attributes(budget.html_attributes + 1).search(markup):
        return f"an element with over {budget.html_attributes} attributes"
    return None


@functools.cache
def _many_attributes(count: int) -> re.Pattern[str]:
    """An opening tag with at least `count` attributes."""
    return re.compile(rf"<[a-zA-Z][^\s/>]*+{_ATTRIBUTE}{{{count}}}")


def tree_problem(tree: Any, budget: Budget) -> str | None:
    """Why a parsed tree is over the budget (nesting), or None; one selector match in C."""
    if tree.document.query_selector(" > ".join(["*"] * (budget.html_depth + 1))) is not None:
        return f"elements nested over {budget.html_depth} deep"
    return None


def main_text(markup: str, budget: Budget) -> str:
    """The text the HTML decomposer reads first: resiliparse's main-content rendering, or
    `plain_text` for a page over the budget."""
    from resiliparse.extract.html2text import extract_plain_text
    from resiliparse.parse.html import HTMLTree

    if markup_problem(markup, budget) is not None:
        return plain_text(markup)
    tree = HTMLTree.parse(markup)
    if tree_problem(tree, budget) is not None:
        return plain_text(markup)
    return str(extract_plain_text(tree, main_content=True))


def plain_text(markup: str) -> str:
    """The text of `markup`, a line per block element, without scripts and styles (linear)."""
    parts: list[str] = []
    hidden: str | None = None
    for match in _TOKEN.finditer(markup):
        closing, name = match.group(1), match.group(2)
        if name is None:
            if hidden is None and not match.group().startswith("<!--"):
                parts.append(match.group())
            continue
        name = name.lower()
        if hidden is not None:
            hidden = None if closing and name == hidden else hidden
        elif name in _HIDDEN and not closing:
            hidden = name
        elif name in _BLOCKS:
            parts.append("\n")
    lines = (" ".join(html.unescape(line).split()) for line in "".join(parts).split("\n"))
    return "\n".join(line for line in lines if line) + "\n"
