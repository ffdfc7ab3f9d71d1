"""A "bad web" for tests: an HTTP server on 127.0.0.1 whose routes misbehave
on purpose (stall, trickle, truncate, bomb, redirect anywhere), and helpers
that write the pages and the sources file a crawl of it needs.

    >>> with BadWeb() as web:
    ...     web.routes["/x"] = static(b"hi", ctype="text/plain")
    ...     urlopen(web.url("/x")).read(), web.requests
    (b'hi', ['/x'])

A route is a callable given the request handler; it writes the whole
response itself, so it can break HTTP in any way a hostile server can.
"""

from __future__ import annotations

import random
import threading
import zlib
from collections.abc import Callable
from contextlib import suppress
from functools import cache
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit
from urllib.request import urlopen  # noqa: F401 (used by the doctest)

Route = Callable[[BaseHTTPRequestHandler], None]
HTML = "text/html; charset=utf-8"
#: how long a stalling route waits at most (the server's close ends it sooner)
MAX_STALL = 60.0


class _Handler(BaseHTTPRequestHandler):
    server: _Server
    protocol_version = "HTTP/1.0"  # one response per connection; a close ends a body

    def do_GET(self) -> None:
        web = self.server.web
        web._record(self.path)
        route = web.routes.get(self.path) or web.routes.get(urlsplit(self.path).path)
        with suppress(BrokenPipeError, ConnectionResetError):  # the crawler hung up on us
            (route or static(b"not found", status=404, ctype="text/plain"))(self)

    def log_message(self, format: str, *args) -> None:
        pass


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False
    request_queue_size = 256  # the crawl opens dozens of connections at once
    web: BadWeb


class BadWeb:
    """Serve ``routes`` (path -> route) on 127.0.0.1 in a daemon thread;
    ``requests`` lists every request target received, in order."""

    def __init__(self, host: str = "127.0.0.1") -> None:
        self.host = host
        self.routes: dict[str, Route] = {}
        self.requests: list[str] = []
        self.closing = threading.Event()
        self._lock = threading.Lock()
        self._httpd = _Server((host, 0), _Handler)
        self._httpd.web = self
        self._thread = threading.Thread(
            target=self._httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self._thread.start()

    @property
    def port(self) -> int:
        return self._httpd.server_address[1]

    @property
    def netloc(self) -> str:
        return f"{self.host}:{self.port}"

    def url(self, path: str = "/") -> str:
        return f"http://{self.netloc}/{path.lstrip('/')}"

    def _record(self, path: str) -> None:
        with self._lock:
            self.requests.append(path)

    def close(self) -> None:
        if self.closing.is_set():
            return
        self.closing.set()  # wakes stalled routes
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join(timeout=5)

    def __enter__(self) -> BadWeb:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


# --- routes ------------------------------------------------------------------


def _head(h: BaseHTTPRequestHandler, status: int, headers: dict[str, str]) -> None:
    h.send_response(status)
    for name, value in headers.items():
        h.send_header(name, value)
    h.end_headers()
    h.wfile.flush()


def static(
    body: bytes = b"",
    *,
    status: int = 200,
    ctype: str | None = HTML,
    headers: dict[str, str] | None = None,
    length: bool = True,
) -> Route:
    """A plain response; ``length=False`` sends no Content-Length (the close ends it)."""
    all_headers = {"Content-Type": ctype} if ctype else {}
    all_headers.update(headers or {})
    if length:
        all_headers.setdefault("Content-Length", str(len(body)))

    def route(h: BaseHTTPRequestHandler) -> None:
        _head(h, status, all_headers)
        h.wfile.write(body)

    return route


def redirect(location: str, status: int = 302) -> Route:
    return static(b"", status=status, ctype=None, headers={"Location": location})


def stall_after_headers(declared: int = 5000) -> Route:
    """Headers, then nothing, until the server closes."""

    def route(h: BaseHTTPRequestHandler) -> None:
        _head(h, 200, {"Content-Type": HTML, "Content-Length": str(declared)})
        h.server.web.closing.wait(MAX_STALL)

    return route


def trickle(body: bytes, every: float = 0.5) -> Route:
    """The body one byte at a time."""

    def route(h: BaseHTTPRequestHandler) -> None:
        _head(h, 200, {"Content-Type": HTML, "Content-Length": str(len(body))})
        for i in range(len(body)):
            if h.server.web.closing.wait(every):
                return
            h.wfile.write(body[i : i + 1])
            h.wfile.flush()

    return route


def truncated(body: bytes, declared: int) -> Route:
    """Announce `declared` bytes, send `body`, hang up."""
    return static(body, headers={"Content-Length": str(declared)})


def streamed(size: int, chunk: bytes = b"<p>filler text</p>\n") -> Route:
    """`size` bytes of HTML without a Content-Length, written as they are made."""
    block = chunk * (65536 // len(chunk))

    def route(h: BaseHTTPRequestHandler) -> None:
        _head(h, 200, {"Content-Type": HTML})
        h.wfile.write(b"<html><body>")
        sent = 0
        while sent < size and not h.server.web.closing.is_set():
            h.wfile.write(block)
            sent += len(block)

    return route


def sequence(*routes: Route) -> Route:
    """The n-th request gets the n-th route; the last one repeats."""
    count = iter(range(10**9))

    def route(h: BaseHTTPRequestHandler) -> None:
        routes[min(next(count), len(routes) - 1)](h)

    return route


@cache
def bomb(expanded: int = 1 << 30, wbits: int = 31) -> bytes:
    """`expanded` bytes of zeros, compressed (gzip for wbits 31, zlib for 15):
    a 1 GiB gzip bomb is about 1 MB."""
    packer = zlib.compressobj(9, zlib.DEFLATED, wbits)
    zeros = bytes(1 << 20)
    parts = [packer.compress(zeros) for _ in range(expanded >> 20)]
    return b"".join(parts) + packer.flush()


# --- pages and sources ---------------------------------------------------------

WORDS = [
    "council",
    "harbour",
    "budget",
    "repairs",
    "ferry",
    "school",
    "library",
    "market",
    "storm",
    "tide",
    "bridge",
    "mayor",
    "residents",
    "traders",
    "volunteers",
    "funding",
    "survey",
    "plans",
    "road",
    "station",
    "museum",
    "festival",
    "river",
    "weather",
    "police",
    "hospital",
    "garden",
    "report",
    "meeting",
    "vote",
    "season",
    "fishermen",
    "boats",
    "quay",
    "lighthouse",
    "tourists",
    "summer",
    "winter",
    "families",
    "children",
]


def paragraphs(seed: str, count: int = 5) -> list[str]:
    """Distinct, plausible sentences for the article `seed` (so no two case
    pages are near-duplicates of each other)."""
    rng = random.Random(seed)
    out = []
    for _ in range(count):
        words = [rng.choice(WORDS) for _ in range(40)]
        out.append("The " + " ".join(words) + ".")
    return out


def article_html(
    title: str, seed: str | None = None, head: str = "", body_extra: str = "", charset: str = ""
) -> str:
    """A well-formed article page of about 200 words."""
    paras = "".join(f"<p>{p}</p>" for p in paragraphs(seed or title))
    meta = f'<meta charset="{charset}">' if charset else ""
    return (
        f"<!DOCTYPE html><html><head>{meta}<title>{title}</title>{head}</head><body>"
        f"<article><h1>{title}</h1>{body_extra}{paras}</article></body></html>"
    )


def rss(links: list[str], extra: str = "", doctype: str = "") -> bytes:
    items = "".join(f"<item><link>{u}</link></item>" for u in links)
    return f'<?xml version="1.0"?>{doctype}<rss><channel>{extra}{items}</channel></rss>'.encode()


def sources_toml(path: Path, sources: list[dict]) -> Path:
    """Write a sources file; each dict has name, homepage and optional feeds,
    sitemaps and sections (lists), and an article_pattern."""
    lines = []
    for s in sources:
        lines.append("[[source]]")
        for key, value in s.items():
            if isinstance(value, list):
                lines.append(f"{key} = [{', '.join(repr(v) for v in value)}]")
            else:
                lines.append(f"{key} = {value!r}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path
