"""`duizhao serve`: the built site over HTTP on this machine, exactly as `duizhao build` made it."""
from __future__ import annotations

import functools
import http.server
from pathlib import Path

from build_scripts.errors import UserError


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    # HTTP/1.1 keeps a connection open between requests: a search loads up to ~25 small shard files at once, and a
    # new connection for each (HTTP/1.0) costs a round of accept and thread start per file on a loaded machine.
    protocol_version = "HTTP/1.1"
    timeout = 60  # an idle kept-alive connection is closed after this many seconds (it holds a thread)
    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map, ".js": "text/javascript",
                      ".json": "application/json", ".txt": "text/plain; charset=utf-8"}

    def log_message(self, format, *args):  # one line per request is noise for a preview
        pass


def make_server(site: Path, host: str = "127.0.0.1", port: int = 8000) -> http.server.ThreadingHTTPServer:
    if not (Path(site) / "index.html").is_file():
        raise UserError("no site to serve: run `duizhao build` first", str(site))
    handler = functools.partial(QuietHandler, directory=str(site))
    try:
        return http.server.ThreadingHTTPServer((host, port), handler)
    except OSError as err:
        raise UserError(f"cannot listen on {host}:{port}: {err.strerror}") from None


def serve(site: Path, host: str = "127.0.0.1", port: int = 8000) -> None:
    server = make_server(site, host, port)
    print(f"serving {site}/ at http://{host}:{server.server_port}/ (English interface: /en/); Ctrl-C stops",
          flush=True)
    try:
        server.serve_forever()
    finally:
        server.server_close()
