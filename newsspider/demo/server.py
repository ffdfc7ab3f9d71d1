"""A tiny static HTTP server on 127.0.0.1 for the demo and for crawl tests.

    >>> with SiteServer() as server:
    ...     server.base_url.startswith("http://127.0.0.1:")
    True

The port is chosen by the OS and known as soon as the server is built, so a
site whose pages hold absolute links can be generated afterwards and ``root``
set before the first request.
"""

from __future__ import annotations

import io
import os
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

# Route overrides: path -> (status, headers, body).
Route = tuple[int, dict[str, str], bytes]

CONTENT_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".htm": "text/html; charset=utf-8",
    ".xml": "application/xml",
    ".rss": "application/rss+xml",
    ".atom": "application/atom+xml",
    ".pdf": "application/pdf",
    ".txt": "text/plain; charset=utf-8",
    ".json": "application/json",
}


class _Handler(SimpleHTTPRequestHandler):
    """Serves ``server.site.root``; quiet; no directory listings; keeps
    connections open like a real web server (every response has a length)."""

    server: _HTTPServer
    protocol_version = "HTTP/1.1"

    def send_head(self) -> Any:
        site = self.server.site
        site._record(self.path)
        route = site.routes.get(self.path) or site.routes.get(urlsplit(self.path).path)
        if route is not None:
            return self._send_route(*route)
        if site.root is None:
            self.send_error(404, "No site root set")
            return None
        self.directory = os.fspath(site.root)
        return super().send_head()

    def _send_route(self, status: int, headers: dict[str, str], body: bytes) -> io.BytesIO:
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        if not any(name.lower() == "content-length" for name in headers):
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)

    def list_directory(self, path: str | os.PathLike[str]) -> None:
        self.send_error(404, "Not Found")
        return None

    def guess_type(self, path: str | os.PathLike[str]) -> str:
        name = os.path.basename(os.fspath(path))
        if name == "robots.txt":
            return "text/plain; charset=utf-8"
        suffix = os.path.splitext(name)[1].lower()
        return CONTENT_TYPES.get(suffix) or super().guess_type(path)

    def log_message(self, format: str, *args: Any) -> None:
        pass


class _HTTPServer(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False
    site: SiteServer


class SiteServer:
    """Serve the directory ``root`` over HTTP on 127.0.0.1 in a daemon thread.

    ``requests`` lists every request target received (path and query), in
    order. ``routes`` maps a path to ``(status, headers, body)`` and overrides
    the file system, e.g. ``{"/x.html": (500, {}, b"boom")}``.
    """

    def __init__(self, root: Path | str | None = None) -> None:
        self.root = root
        self.routes: dict[str, Route] = {}
        self.requests: list[str] = []
        self._lock = threading.Lock()
        self._closed = False
        self._httpd = _HTTPServer(("127.0.0.1", 0), _Handler)
        self._httpd.site = self
        self._thread = threading.Thread(
            target=self._httpd.serve_forever,
            kwargs={"poll_interval": 0.05},
            name=f"SiteServer:{self.port}",
            daemon=True,
        )
        self._thread.start()

    @property
    def root(self) -> Path | None:
        return self._root

    @root.setter
    def root(self, value: Path | str | None) -> None:
        self._root = None if value is None else Path(value)

    @property
    def port(self) -> int:
        return self._httpd.server_address[1]

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/"

    def url(self, path: str = "") -> str:
        """The absolute URL of ``path`` on this server."""
        return self.base_url + path.lstrip("/")

    def _record(self, path: str) -> None:
        with self._lock:
            self.requests.append(path)

    def close(self) -> None:
        """Stop serving and release the port; safe to call twice."""
        if self._closed:
            return
        self._closed = True
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join(timeout=5)

    def __enter__(self) -> SiteServer:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"SiteServer({self.base_url!r}, root={str(self.root)!r})"
