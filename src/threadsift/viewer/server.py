"""`threadsift serve`: the viewer's HTTP server and its routes (read only, no script).

Routes are fixed: ``/`` (overview), ``/pages`` (list), ``/pages/ID`` (a page), ``/errors`` and
``/style.css``; each view answers as JSON too, with ``?format=json`` or a ``.json`` suffix
(``/index.json`` for the overview). A request's path is only ever matched against these and
looked up as a page id among the run's own rows: nothing from it reaches the file system or
becomes SQL. Every response carries a Content-Security-Policy that allows no script, no frame,
no form target elsewhere and nothing fetched but the viewer's own style sheet. Bound to a
loopback address, the server also refuses requests whose ``Host`` is not a loopback name (a
web page cannot reach it through DNS rebinding).
"""

from __future__ import annotations

import json
import re
import socket
import sys
import traceback
from collections.abc import Callable
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, cast
from urllib.parse import parse_qs, unquote, urlsplit

from threadsift.terminal import json_line, one_line
from threadsift.viewer.facets import PageQuery
from threadsift.viewer.layout import document, stylesheet
from threadsift.viewer.markup import Markup, el
from threadsift.viewer.overview_view import overview_html
from threadsift.viewer.page_view import error_html, page_html, page_json
from threadsift.viewer.pages_view import errors_html, pages_html
from threadsift.viewer.store import RunStore

POLICY = (
    "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self';"
    " base-uri 'none'; frame-ancestors 'none'"
)
HEADERS = {
    "Content-Security-Policy": POLICY,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cross-Origin-Resource-Policy": "same-origin",
    "Cache-Control": "no-store",
}
LOOPBACK = ("127.0.0.1", "localhost", "::1")
_PAGE = re.compile(r"/pages/([^/]+)")


class Response:
    """What a route answers: a status, a content type and a body."""

    def __init__(self, body: str, *, status: int = 200, kind: str = "text/html") -> None:
        self.status, self.kind, self.body = status, kind, body.encode("utf-8", "replace")


def _json(data: Any, status: int = 200) -> Response:
    # One line with no raw control character (safe on a terminal, `serve --get`), and no "<":
    # it stays inert even if something renders it as HTML.
    text = json_line(json.loads(json.dumps(data, default=str)))
    return Response(text.replace("<", "\\u003c"), status=status, kind="application/json")


class Viewer:
    """The routes of one run."""

    def __init__(self, store: RunStore) -> None:
        self.store = store

    def _html(self, title: str, body: Markup, here: str | None, status: int = 200) -> Response:
        return Response(document(title, body, run=self.store.name, here=here), status=status)

    def not_found(self, as_json: bool, what: str = "no such view") -> Response:
        """The 404 answer."""
        if as_json:
            return _json({"error": what}, status=404)
        body = el(
            "div", el("h1", "Not found"), el("p", what), el("p", el("a", "Overview", href="/"))
        )
        return self._html("Not found", body, None, status=404)

    def answer(self, target: str) -> Response:
        """The response to a GET of `target` (a path with its query)."""
        parts = urlsplit(target)
        params = parse_qs(parts.query)
        path = unquote(parts.path, errors="replace")
        as_json = (params.get("format") or [""])[-1] == "json"
        if path.endswith(".json") and path != "/.json":
            path, as_json = path.removesuffix(".json"), True
        if path == "/style.css":
            return Response(stylesheet(), kind="text/css")
        routes: dict[str, Callable[[dict[str, list[str]], bool], Response]] = {
            "/": self.overview,
            "/index": self.overview,
            "/pages": self.pages,
            "/errors": self.errors,
        }
        if path in routes:
            return routes[path](params, as_json)
        match = _PAGE.fullmatch(path)
        if match:
            return self.page(match.group(1), as_json)
        return self.not_found(as_json)

    def overview(self, params: dict[str, list[str]], as_json: bool) -> Response:
        """``/``: the run's counts and charts."""
        data = self.store.overview
        if as_json:
            return _json(data)
        return self._html("Overview", overview_html(data), "/")

    def pages(self, params: dict[str, list[str]], as_json: bool) -> Response:
        """``/pages``: the list, with facets, search, sort and paging from the parameters."""
        query = PageQuery.from_params(params)
        data = self.store.pages(query)
        if as_json:
            return _json(data)
        return self._html("Pages", pages_html(query, data), "/pages")

    def page(self, page_id: str, as_json: bool) -> Response:
        """``/pages/ID``: a page, or the record's error."""
        data = self.store.page(page_id)
        if data is None:
            return self.not_found(as_json, "no page or record with this id in the run")
        if "error" in data:
            if as_json:
                return _json(data)
            return self._html("Error", error_html(data["error"]), None)
        if as_json:
            return _json(page_json(data))
        return self._html(data["page"].title or data["page"].id, page_html(data), None)

    def errors(self, params: dict[str, list[str]], as_json: bool) -> Response:
        """``/errors``: the records that ended in error."""
        try:
            page = max(1, int((params.get("p") or ["1"])[-1]))
        except ValueError:
            page = 1
        data = self.store.errors(page)
        if as_json:
            return _json(data)
        return self._html("Errors", errors_html(data), "/errors")


def _allowed_hosts(host: str, port: int) -> frozenset[str] | None:
    """The ``Host`` values a server bound to `host` accepts (None: any, not on loopback)."""
    if host not in LOOPBACK:
        return None
    return frozenset(f"{name}:{port}".lower() for name in ("127.0.0.1", "localhost", "[::1]"))


def make_server(
    store: RunStore, host: str = "127.0.0.1", port: int = 0, *, log: bool = True
) -> ThreadingHTTPServer:
    """An HTTP server of the run in `store` on `host`:`port` (0: a free port), not started;
    `log` prints a line per request on stderr."""
    viewer = Viewer(store)

    class Server(ThreadingHTTPServer):
        address_family = socket.AF_INET6 if ":" in host else socket.AF_INET
        daemon_threads = True
        hosts: frozenset[str] | None = None

        def server_bind(self) -> None:
            super().server_bind()
            self.hosts = _allowed_hosts(host, self.server_port)  # the port is known now

    class Handler(BaseHTTPRequestHandler):
        server_version = "threadsift"
        sys_version = ""

        def do_GET(self) -> None:  # the name http.server calls
            self._respond(head=False)

        def do_HEAD(self) -> None:
            self._respond(head=True)

        def _respond(self, *, head: bool) -> None:
            allowed = cast(Server, self.server).hosts
            if allowed is not None and (self.headers.get("Host") or "").lower() not in allowed:
                response = Response(
                    "unknown host", status=HTTPStatus.MISDIRECTED_REQUEST, kind="text/plain"
                )
            else:
                try:
                    response = viewer.answer(self.path)
                except Exception:  # a bug or damaged data: one failed request, logged
                    traceback.print_exc()
                    response = Response(
                        "internal error", status=HTTPStatus.INTERNAL_SERVER_ERROR, kind="text/plain"
                    )
            self.send_response(response.status)
            self.send_header("Content-Type", f"{response.kind}; charset=utf-8")
            self.send_header("Content-Length", str(len(response.body)))
            self.end_headers()
            if not head:
                self.wfile.write(response.body)

        def end_headers(self) -> None:
            for name, value in HEADERS.items():  # on error pages of http.server too
                self.send_header(name, value)
            super().end_headers()

        def log_message(self, format: str, *args: Any) -> None:
            if log:  # the request line is the client's text: shown, never obeyed
                sys.stderr.write(one_line(f"{self.address_string()} {format % args}") + "\n")

    return Server((host, port), Handler)
