"""The viewer's commands of the command line: `serve` and `report` (added to `cli.cli`)."""

from __future__ import annotations

import errno
import os

import click

from threadsift.cli_errors import reports_errors
from threadsift.errors import ConfigError, OutputError
from threadsift.terminal import one_line, printable


@click.command("serve")
@click.argument("out", metavar="DIR")
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help="Address to listen on (another than localhost shows the run to the network).",
)
@click.option("--port", type=int, default=0, help="Port to listen on (default: a free one).")
@click.option("--open", "open_browser", is_flag=True, help="Open the viewer in a browser.")
@click.option(
    "--get",
    metavar="PATH",
    help="Print the answer to one request, e.g. /pages.json?q=word, and exit (no server).",
)
@click.option("-q", "--quiet", is_flag=True, help="Do not log requests.")
@reports_errors
def serve_command(
    out: str, host: str, port: int, open_browser: bool, get: str | None, quiet: bool
) -> None:
    """Browse a run in a web browser: overview, pages, each page's lines and thread, errors.

    A local web app over the run in DIR, read only: the overview (where every input ended,
    charts), the pages (facets, full-text search, sort), a page (its lines coloured by label
    with the reason of each chrome line, its article, its comment thread), and the errors.
    Each view also answers as JSON (add ?format=json, or .json to the path). Prints the
    address, then serves until interrupted (Ctrl-C); `threadsift serve DIR --open` also opens
    it in a browser. With --get, prints one view (exit status 1 if it is not found) and exits.

    \b
    Example:
        d=$(mktemp -d); threadsift run -q tests/data/demo --out $d
        threadsift serve $d --get "/pages.json?q=windows"
    """
    from threadsift.viewer.server import Viewer, make_server
    from threadsift.viewer.store import RunStore

    store = RunStore(out)
    if get is not None:
        response = Viewer(store).answer(get)
        click.echo(printable(response.body.decode("utf-8")))
        click.get_current_context().exit(0 if response.status == 200 else 1)
    try:
        server = make_server(store, host, port, log=not quiet)
    except (OSError, OverflowError) as error:  # a name that does not resolve, a port in use...
        taken = isinstance(error, OSError) and error.errno in (errno.EADDRINUSE, errno.EACCES)
        reason = getattr(error, "strerror", None) or str(error)
        raise ConfigError(
            f"cannot listen on {host}:{port}: {reason}", option="--port" if taken else "--host"
        ) from None
    name = f"[{host}]" if ":" in host else host
    address = f"http://{name}:{server.server_address[1]}/"
    click.echo(f"threadsift: serving {one_line(out)} at {address} (Ctrl-C to stop)", err=True)
    if open_browser:
        import webbrowser

        webbrowser.open(address)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


@click.command("report")
@click.argument("out", metavar="DIR")
@click.option(
    "-o", "--output", metavar="FILE", help="Where to write the report (default: DIR/report.html)."
)
@reports_errors
def report_command(out: str, output: str | None) -> None:
    """Write a run's overview as one self-contained HTML file (charts and styles inside).

    The file fetches nothing and runs no script when it is opened, so it can be attached to a
    data card or a pull request. Prints the file's path. `threadsift run` writes it into its
    directory at the end.

    \b
    Example:
        d=$(mktemp -d); threadsift run -q --no-report tests/data/demo --out $d
        threadsift report $d -o $d/overview.html
    """
    from threadsift.viewer.report import REPORT, write_report

    if output is not None and os.path.isdir(output):
        raise ConfigError("is a directory; name the report's file", option="--output")
    try:
        path = write_report(out, output)
    except OSError as error:
        what = os.strerror(error.errno).lower() if error.errno else str(error)
        raise OutputError(what, path=output or os.path.join(out, REPORT)) from None
    click.echo(printable(str(path)))
