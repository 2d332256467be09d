"""The page around every view: head, navigation, the style sheet (no script anywhere)."""

from __future__ import annotations

import hashlib
from functools import cache

from threadsift.page import Label
from threadsift.render import LABEL_STYLES
from threadsift.viewer.markup import Markup, el

#: The views, in the navigation bar: (path, name).
NAVIGATION = (("/", "Overview"), ("/pages", "Pages"), ("/errors", "Errors"))
#: Indentation steps of a thread; deeper replies are indented as much as this depth.
MAX_INDENT = 12
#: Colours of a comment's toxicity, from harmless to toxic (bands of 0.2).
TOXICITY_COLOURS = ("#e8f5e9", "#f1f8e9", "#fff8e1", "#ffe0b2", "#ffcdd2")

_BASE_CSS = """
body{font:15px/1.45 system-ui,sans-serif;margin:0;color:#1d1d1d;background:#fafafa}
header{background:#263238;color:#fff;padding:.5em 1em;display:flex;gap:1.5em;align-items:baseline}
header a{color:#cfd8dc;text-decoration:none}header a.here{color:#fff;font-weight:bold}
header .run{font-weight:bold;margin-right:1em}
main{padding:1em 1.5em;max-width:90em}
a{color:#1a5fb4}
h1{font-size:1.4em;margin:.2em 0 .6em}h2{font-size:1.15em;margin:1.4em 0 .5em}
table{border-collapse:collapse}td,th{padding:.2em .5em;vertical-align:top;text-align:left}
table.list tr:nth-child(even){background:#f0f0f0}th{border-bottom:1px solid #999}
.num{text-align:right;font-variant-numeric:tabular-nums}
.grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(500px,1fr));gap:1em}
figure{margin:0;background:#fff;border:1px solid #ddd;padding:.6em}
figcaption{font-weight:bold;margin-bottom:.4em}
svg.chart text{font:12px system-ui,sans-serif;fill:#222}svg.chart text.small{font-size:10px}
.empty,.note{color:#666;font-style:italic}
.layout{display:flex;gap:1.5em;align-items:flex-start}
.facets{min-width:15em;max-width:18em}
.facets h3{font-size:.95em;margin:.8em 0 .2em}
.facets ul{list-style:none;padding:0;margin:0}.facets li{font-size:.9em}
.facets a.chosen{font-weight:bold;color:#000}.facets a.chosen::before{content:"✓ "}
form.search input[type=search]{width:22em;padding:.3em}
.snippet{color:#444;font-size:.9em}
.pager a,.pager span{margin-right:1em}
pre,.text{white-space:pre-wrap;overflow-wrap:anywhere}
table.lines td{padding:0 .5em;font:13px/1.4 ui-monospace,monospace}
table.lines td.n{color:#888;text-align:right}
table.lines tr.line-chrome td.text{color:#8a8a8a}
.reason{font-style:italic;color:#8d6e00;white-space:nowrap}
.article{background:#fff;border:1px solid #ddd;padding:.8em;max-width:60em}
ol.thread{list-style:none;padding:0}
.comment{border-left:3px solid #b0bec5;margin:.4em 0;padding:.3em .6em}
.comment .head{font-size:.9em;color:#555}.comment .author{font-weight:bold}
.facts th{color:#555;font-weight:normal}
"""


def _label_rule(label: Label) -> str:
    """The CSS of a label: the colour and weight `threadsift split --view` gives it."""
    from rich.style import Style

    style = Style.parse(LABEL_STYLES[label])
    rules = []
    if style.color is not None:
        red, green, blue = style.color.get_truecolor()
        rules.append(f"color:#{red:02x}{green:02x}{blue:02x}")
    if style.bold:
        rules.append("font-weight:bold")
    if style.dim:
        rules.append("color:#999")
    return f".label-{label}{{{';'.join(rules)}}}"


@cache
def stylesheet() -> str:
    """The viewer's whole style sheet."""
    labels = "\n".join(_label_rule(label) for label in Label)
    indents = "\n".join(f".depth-{d}{{margin-left:{2 * d}em}}" for d in range(MAX_INDENT + 1))
    toxicity = "\n".join(
        f".toxicity-{i}{{background:{colour}}}" for i, colour in enumerate(TOXICITY_COLOURS)
    )
    return f"{_BASE_CSS}\n{labels}\n{indents}\n{toxicity}\n"


def style_hash() -> str:
    """The CSP source of the style sheet inlined in a report (``'sha256-...'``)."""
    import base64

    digest = hashlib.sha256(stylesheet().encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


def document(title: str, body: Markup, *, run: str, here: str | None, inline: bool = False) -> str:
    """A whole HTML page: `body` under the navigation (none when `inline`: a report file, with
    its style sheet inlined and a policy that lets it fetch and run nothing)."""
    if inline:
        head = [
            el(
                "meta",
                http_equiv="Content-Security-Policy",
                content=f"default-src 'none'; style-src {style_hash()}; img-src data:",
            ),
            el("style", Markup(stylesheet())),
        ]
        bar = el("header", el("span", f"threadsift report: {run}", class_="run"))
    else:
        head = [el("link", rel="stylesheet", href="/style.css")]
        links = [
            el("a", name, href=path, class_="here" if path == here else None)
            for path, name in NAVIGATION
        ]
        bar = el("header", el("span", f"threadsift: {run}", class_="run"), *links)
    return "<!doctype html>\n" + el(
        "html",
        el(
            "head",
            el("meta", charset="utf-8"),
            el("meta", name="viewport", content="width=device-width, initial-scale=1"),
            el("title", f"{title} · threadsift"),
            el("link", rel="icon", href="data:,"),  # no request for /favicon.ico
            *head,
        ),
        el("body", bar, el("main", body)),
        lang="en",
    )
