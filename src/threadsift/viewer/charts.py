"""Charts as inline SVG, drawn on the server: no script, no library, nothing fetched.

Colours are SVG presentation attributes and classes of the viewer's style sheet, never ``style``
attributes, so the Content-Security-Policy needs no ``'unsafe-inline'``.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence

from threadsift.viewer.markup import Markup, el

WIDTH = 480
ROW = 18  # height of a bar of a horizontal bar chart
LABEL_WIDTH = 200
LABEL_CHARS = 26
HISTOGRAM_HEIGHT = 150
#: Colours of the endings of the flow and of the bars (a palette legible on white).
COLOURS = {
    "output": "#2e7d32",
    "duplicate": "#f9a825",
    "filtered": "#6d4c41",
    "error": "#c62828",
    "bar": "#3f6fb5",
    "marked": "#c62828",
}


def number(value: float) -> str:
    """A count with thousands separators, a share with two decimals."""
    return f"{value:,}" if isinstance(value, int) else f"{value:.2f}"


def _short(label: str) -> str:
    return label if len(label) <= LABEL_CHARS else label[: LABEL_CHARS - 1] + "…"


def _svg(height: int, label: str, *children: object) -> Markup:
    return el(
        "svg",
        el("title", label),
        *children,
        xmlns="http://www.w3.org/2000/svg",
        width=WIDTH,
        height=height,
        viewBox=f"0 0 {WIDTH} {height}",
        role="img",
        aria_label=label,
        class_="chart",
    )


def bars(
    rows: Sequence[tuple[str, float]], label: str, *, share: bool = False, colour: str = "bar"
) -> Markup:
    """A horizontal bar per (label, value); values as counts, or as percentages if `share`."""
    if not rows:
        return el("p", "(nothing to show)", class_="empty")
    top = max(value for _, value in rows) or 1
    room = WIDTH - LABEL_WIDTH - 70
    parts = []
    for i, (name, value) in enumerate(rows):
        y = i * ROW
        shown = f"{value:.1%}" if share else number(value)
        parts.append(
            el(
                "g",
                el("title", f"{name}: {shown}"),
                el("text", _short(name), x=LABEL_WIDTH - 6, y=y + 13, text_anchor="end"),
                el(
                    "rect",
                    x=LABEL_WIDTH,
                    y=y + 3,
                    width=round(max(1.0, room * value / top), 1),
                    height=ROW - 5,
                    fill=COLOURS[colour],
                ),
                el("text", shown, x=round(LABEL_WIDTH + room * value / top + 4, 1), y=y + 13),
            )
        )
    return _svg(len(rows) * ROW + 4, label, *parts)


def histogram(
    bins: Sequence[tuple[str, int]], label: str, *, marked: Collection[int] = ()
) -> Markup:
    """Vertical bars, one per (bin label, count); the `marked` bins (by position) in the
    warning colour (what a threshold would remove)."""
    if not bins or not any(count for _, count in bins):
        return el("p", "(nothing to show)", class_="empty")
    top = max(count for _, count in bins) or 1
    width = (WIDTH - 10) / len(bins)
    plot = HISTOGRAM_HEIGHT - 34
    parts = []
    for i, (name, count) in enumerate(bins):
        height = plot * count / top
        x = 5 + i * width
        parts.append(
            el(
                "g",
                el("title", f"{name}: {number(count)}"),
                el(
                    "rect",
                    x=round(x + 1, 1),
                    y=round(14 + plot - height, 1),
                    width=round(width - 2, 1),
                    height=round(max(height, 0.5), 1),
                    fill=COLOURS["marked" if i in marked else "bar"],
                ),
                el(
                    "text",
                    number(count),
                    x=round(x + width / 2, 1),
                    y=round(11 + plot - height, 1),
                    text_anchor="middle",
                    class_="small",
                ),
                el(
                    "text",
                    _short(name),
                    x=round(x + width / 2, 1),
                    y=HISTOGRAM_HEIGHT - 6,
                    text_anchor="middle",
                    class_="small",
                ),
            )
        )
    return _svg(HISTOGRAM_HEIGHT, label, *parts)


def flow(inputs: int, endings: Sequence[tuple[str, str, int]], label: str) -> Markup:
    """Where the inputs went: one band from the inputs to each (kind, name, count) ending, its
    width proportional to the count (kind is output, duplicate, filtered or error)."""
    shown = [(kind, name, count) for kind, name, count in endings if count]
    total = max(inputs, sum(count for _, _, count in shown), 1)
    gap, room, slot = 4, 200, 15  # an ending's band is as wide as its count, its slot at least 15
    slots = [max(room * count / total, slot) for _, _, count in shown]
    height = round(sum(slots) + gap * max(0, len(shown) - 1))
    left_x, right_x, bar = 10, WIDTH - 190, 14
    parts: list[object] = [
        el("rect", x=left_x, y=0, width=bar, height=height, fill="#555"),
        el("text", f"{number(inputs)} inputs", x=left_x + bar + 4, y=12, class_="small"),
    ]
    source_y, target_y = 0.0, 0.0
    for (kind, name, count), room_of in zip(shown, slots, strict=True):
        size = room * count / total
        colour = COLOURS.get(kind, COLOURS["bar"])
        s0, s1 = source_y, source_y + height * count / total
        t0, t1 = target_y, target_y + size
        middle = (left_x + bar + right_x) / 2
        path = (
            f"M{left_x + bar},{s0:.1f} C{middle},{s0:.1f} {middle},{t0:.1f} {right_x},{t0:.1f}"
            f" L{right_x},{t1:.1f} C{middle},{t1:.1f} {middle},{s1:.1f} {left_x + bar},{s1:.1f} Z"
        )
        parts.append(
            el(
                "g",
                el("title", f"{name}: {number(count)}"),
                el("path", d=path, fill=colour, fill_opacity="0.35"),
                el(
                    "rect",
                    x=right_x,
                    y=round(t0, 1),
                    width=bar,
                    height=round(max(size, 1), 1),
                    fill=colour,
                ),
                el(
                    "text",
                    f"{_short(name)} {number(count)}",
                    x=right_x + bar + 4,
                    y=round(t0 + min(room_of, 20) / 2 + 4, 1),
                    class_="small",
                ),
            )
        )
        source_y, target_y = s1, t0 + room_of + gap
    return _svg(height, label, *parts)
