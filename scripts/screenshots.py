"""The README's screenshots of the viewer: the overview, a page view and its thread, of the demo
run.

Starts `threadsift serve`'s server on the run in RUN (made by `make demo`: out/demo), opens it in
headless Chromium through Playwright and writes PNGs to docs/img/. The page shown is the output
page whose thread is deepest (then longest).

    python scripts/screenshots.py [--run out/demo] [--out docs/img] [--chromium /usr/bin/chromium]
"""

from __future__ import annotations

import argparse
import shutil
import sys
import threading
from pathlib import Path

from threadsift.viewer.server import make_server
from threadsift.viewer.store import RunStore

ROOT = Path(__file__).resolve().parent.parent
#: The deepest, then longest, thread of an output page.
DEEPEST_THREAD = (
    "SELECT c.page_id FROM comments c JOIN summary s ON s.id = c.page_id"
    " WHERE s.outcome = 'output' GROUP BY 1"
    " ORDER BY count(DISTINCT c.depth) DESC, count(*) DESC, 1 LIMIT 1"
)


def main(argv: list[str] | None = None) -> int:
    """Write overview.png and page.png; 1 when no browser is found."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--run", default="out/demo", help="A run directory (make demo).")
    parser.add_argument("--out", default="docs/img", help="Where the PNGs go.")
    parser.add_argument("--chromium", default=shutil.which("chromium") or "/usr/bin/chromium")
    args = parser.parse_args(argv)
    from playwright.sync_api import sync_playwright

    store = RunStore(ROOT / args.run)
    server = make_server(store, log=False)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    page_id = store.sql(DEEPEST_THREAD)[0][0]
    out = ROOT / args.out
    out.mkdir(parents=True, exist_ok=True)
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=args.chromium)
            tab = browser.new_page(viewport={"width": 1280, "height": 900})
            tab.goto(f"{base}/")
            tab.screenshot(path=out / "overview.png")
            tab.goto(f"{base}/pages/{page_id}")
            tab.screenshot(path=out / "page.png")
            tab.goto(f"{base}/pages/{page_id}#thread")
            tab.screenshot(path=out / "thread.png")
            browser.close()
    finally:
        server.shutdown()
    for name in ("overview.png", "page.png", "thread.png"):
        print(out / name)
    return 0


if __name__ == "__main__":
    sys.exit(main())
