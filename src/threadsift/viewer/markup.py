"""HTML built by construction: text is always escaped, only `el` and `Markup` make markup.

Crawled text is hostile, so no template pastes strings into HTML. `el(tag, *children, **attrs)`
escapes every child that is a plain `str` and every attribute value; a child that is `Markup`
(made by `el` or `join`) goes in as it is. Tags and attribute names are only ever written in this
package's code, never taken from data.
"""

from __future__ import annotations

from collections.abc import Iterable
from html import escape
from urllib.parse import urlencode

#: Elements without an end tag.
_VOID = frozenset({"br", "hr", "img", "input", "link", "meta"})


class Markup(str):
    """A string of HTML that is safe to insert as it is."""

    __slots__ = ()


def text(value: object) -> Markup:
    """`value` as escaped text (None is empty)."""
    if value is None:
        return Markup("")
    if isinstance(value, Markup):
        return value
    return Markup(escape(str(value), quote=True))


def join(children: Iterable[object]) -> Markup:
    """Children one after another, each escaped unless it is `Markup` (lists are flattened)."""
    parts: list[str] = []
    for child in children:
        if isinstance(child, str | int | float) or child is None:
            parts.append(text(child))
        else:
            parts.append(join(child))  # type: ignore[arg-type]
    return Markup("".join(parts))


def el(tag: str, *children: object, **attrs: object) -> Markup:
    """The element `tag` with escaped `attrs` and `children`.

    An attribute whose value is None or False is left out, True writes it bare; a trailing
    underscore is dropped (``class_``) and other underscores become dashes (``aria_label``).
    """
    rendered = []
    for name, value in attrs.items():
        if value is None or value is False:
            continue
        name = name.rstrip("_").replace("_", "-")
        rendered.append(f" {name}" if value is True else f' {name}="{text(value)}"')
    opening = f"<{tag}{''.join(rendered)}>"
    if tag in _VOID:
        return Markup(opening)
    return Markup(f"{opening}{join(children)}</{tag}>")


def url(path: str, params: Iterable[tuple[str, str]] = ()) -> str:
    """A link within the viewer: `path` (written by this package) and query parameters."""
    query = urlencode(list(params))
    return f"{path}?{query}" if query else path
