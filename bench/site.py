"""A web site served from memory on 127.0.0.1, for the feed benchmark and the tests of fetching and feeds.

``pages[path] = (status, content type, body)`` (a 301/302's body is its Location; a body is text or bytes).
Every 200 carries an ETag and answers a matching If-None-Match with 304; ``slow[path]`` delays a path by
that many seconds; ``hits[path]`` counts the requests (the query string is not part of the path),
``not_modified[path]`` those answered 304 (``conditional = False``: validators ignored, every page sent).
HTTP/1.1
keep-alive, headers and body sent without Nagle's delay (no 40 ms delayed-ACK stall per page).
"""

from __future__ import annotations

import hashlib
import sys
import threading
import time
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


class Site:
    def __init__(self) -> None:
        self.pages: dict[str, tuple[int, str, str | bytes]] = {}
        self.slow: dict[str, float] = {}
        self.hits: Counter[str] = Counter()
        self.not_modified: Counter[str] = Counter()
        self.conditional = True
        site = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            disable_nagle_algorithm = True

            def do_GET(self) -> None:  # noqa: N802 - the http.server name
                path = self.path.split("?")[0]
                site.hits[path] += 1
                time.sleep(site.slow.get(path, 0.0))
                status, kind, body = site.pages.get(path, (404, "text/plain", "not found"))
                data = body.encode() if isinstance(body, str) else body
                tag = '"' + hashlib.sha256(data).hexdigest()[:16] + '"'
                if status == 200 and site.conditional and self.headers.get("If-None-Match") == tag:
                    status, data = 304, b""
                    site.not_modified[path] += 1
                self.send_response(status)
                if status in (301, 302):
                    self.send_header("Location", data.decode())
                if status in (200, 304):
                    self.send_header("ETag", tag)
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args: object) -> None:
                pass

        self.server = _QuietServer(("127.0.0.1", 0), Handler)
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


class _QuietServer(ThreadingHTTPServer):
    """A client that hangs up early (a fetcher's size or time limit) is expected here: not printed to stderr,
    where it would land in whatever test is running then."""

    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        if isinstance(sys.exc_info()[1], (BrokenPipeError, ConnectionResetError)):
            return
        super().handle_error(request, client_address)
