"""`threadsift report`: the overview of a run as one self-contained HTML file.

Styles and charts (inline SVG) are inside the file, and its Content-Security-Policy lets it
fetch nothing and run nothing, so it can be attached to a data card or a pull request.
"""

from __future__ import annotations

import os
from pathlib import Path

from threadsift.viewer.layout import document
from threadsift.viewer.overview_view import overview_html
from threadsift.viewer.store import RunStore

#: The report's file name in a run directory.
REPORT = "report.html"


def write_report(out: str | os.PathLike[str], path: str | os.PathLike[str] | None = None) -> Path:
    """Write the overview of the run in `out` to `path` (default ``DIR/report.html``).

    Returns:
        The path written.

    Raises:
        InputError: `out` holds no run.
        OSError: the file cannot be written.
    """
    store = RunStore(out, pages=False)
    store.close()  # the overview is all a report needs
    html = document(
        "Report",
        overview_html(store.overview, linked=False),
        run=store.name,
        here=None,
        inline=True,
    )
    target = Path(path) if path is not None else Path(out) / REPORT
    tmp = target.with_name(target.name + ".tmp")
    tmp.write_text(html, encoding="utf-8")
    os.replace(tmp, target)
    return target
