"""A run made once for the viewer's tests (the demo corpus and a hostile page) and a server
of it on a free port."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

import threadsift
from devtools.warc import members, response
from tests.viewer.hostile import HOSTILE_HTML, HOSTILE_URL
from threadsift.viewer.server import make_server
from threadsift.viewer.store import RunStore

DEMO = Path(__file__).resolve().parent.parent / "data" / "demo"


@pytest.fixture(scope="session")
def viewer_run(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A finished run over the demo corpus and the hostile page (do not write to it)."""
    root = tmp_path_factory.mktemp("viewer")
    warc = root / "hostile.warc.gz"
    warc.write_bytes(members([response(HOSTILE_URL, HOSTILE_HTML.encode(), "hostile")]))
    out = root / "run"
    threadsift.run([DEMO / "crawl.warc.gz", DEMO / "pages.jsonl", warc], out, jobs=1)
    return out


@pytest.fixture(scope="session")
def store(viewer_run: Path) -> RunStore:
    """The run opened for viewing."""
    return RunStore(viewer_run)


@pytest.fixture(scope="session")
def base_url(store: RunStore) -> Iterator[str]:
    """The address of a viewer server of the run (``http://127.0.0.1:PORT``)."""
    server = make_server(store, log=False)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="session")
def hostile_id(store: RunStore) -> str:
    """The page id of the hostile page."""
    return str(store.sql("SELECT id FROM summary WHERE url = ?", [HOSTILE_URL])[0][0])
