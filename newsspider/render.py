"""Sources that need a browser: their pages rendered by Debian's Chromium
through scrapy-playwright, in the same crawl as the plain sources.

A source with ``render = "browser"`` gets its article requests (and, with
``render_listings = true``, its section requests) marked with the
``playwright`` meta key; `configure` installs `RenderHandler` as the HTTP(S)
download handler only when a selected source needs it, and the handler
passes every request without that key to Scrapy's own HTTP handler.

For each rendered page the handler opens a fresh browser context (no
cookies or storage survive the page), and routes every request the page
makes through the address guard of newsspider/netsafety.py: sub-resources,
fetch/XHR, iframes, web sockets, and each hop of a redirect (Chromium does
not show a redirect to a route handler, so the guard follows redirects
itself, hop by hop, and hands the browser the final answer). Images, media
and fonts are not loaded. A refused request is counted in the stats
(``news/render/blocked``) and in the source's discovery ledger.
"""

from __future__ import annotations

import asyncio
import itertools
import logging
import os
from functools import cache, partial
from importlib.util import find_spec
from urllib.parse import urljoin

from scrapy.exceptions import DownloadTimeoutError, IgnoreRequest

from newsspider.netsafety import BlockedRequest, Guard, UnresolvableHost
from newsspider.sources import Source, SourcesError

HANDLER = "newsspider.render.RenderHandler"
#: resource types a rendered page does not load: the text does not need them
SKIPPED_TYPES = frozenset({"image", "media", "font"})
#: the flags tests/test_browser.py starts Chromium with (Playwright adds --headless)
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--force-webrtc-ip-handling-policy=disable_non_proxied_udp",
]


class FailedPageFilter(logging.Filter):
    """Drops scrapy-playwright's warning (with a traceback) about a page that
    failed: the crawl reports it as a reject with its reason."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not str(record.msg).startswith("Closing page due to failed request")


class BrowserMissing(SourcesError):
    """A selected source needs a browser this machine does not have."""


def rendered(sources: list[Source], listings_only: bool = False) -> list[str]:
    """The names of the sources whose pages are rendered (with
    `listings_only`, as when only the listings are fetched: whose section
    pages are).

    >>> app = Source("app", "https://app.example/", render="browser")
    >>> rendered([app, Source("plain", "https://plain.example/")]), rendered([app], listings_only=True)
    (['app'], [])
    """
    return [s.name for s in sources
            if s.render == "browser" and (s.render_listings or not listings_only)]  # fmt: skip


def browser_missing(settings) -> str | None:
    """Why pages cannot be rendered on this machine (one line saying how to
    install what is missing), or None when they can.

    >>> browser_missing({"NEWS_CHROMIUM": "/nonexistent/chromium"})
    "no Chromium at /nonexistent/chromium: install it with 'apt-get install chromium' (or set NEWS_CHROMIUM)"
    """
    path = settings.get("NEWS_CHROMIUM")
    if not (os.path.isfile(path) and os.access(path, os.X_OK)):
        return f"no Chromium at {path}: install it with 'apt-get install chromium' (or set NEWS_CHROMIUM)"
    if find_spec("scrapy_playwright") is None:
        return "scrapy-playwright is not installed: pip install 'newsspider[render]'"
    return None


def require_browser(sources: list[Source], settings) -> None:
    """Raise BrowserMissing (one line, saying how to install it) when a
    source of `sources` needs Chromium or scrapy-playwright and it is not there."""
    names = rendered(sources, settings.getbool("NEWS_DISCOVER_ONLY"))
    if not names or not (why := browser_missing(settings)):
        return
    who = f'source {names[0]!r} has render = "browser"{" (and more)" if len(names) > 1 else ""}'
    if why.startswith("no Chromium"):
        why = f"there is {why}, or leave the source out with -a source=NAME"
    raise BrowserMissing(f"{who} but {why}")


def configure(crawler, sources: list[Source]) -> None:
    """Check the browser and, when a source needs it, install the rendering
    download handler and its settings (before the crawler freezes them)."""
    settings = crawler.settings
    require_browser(sources, settings)
    if not rendered(sources, settings.getbool("NEWS_DISCOVER_ONLY")):
        return
    handlers = {**settings.getdict("DOWNLOAD_HANDLERS"), "http": HANDLER, "https": HANDLER}
    launch = {"executable_path": settings.get("NEWS_CHROMIUM"), "args": CHROMIUM_ARGS}
    for name, value in {
        "DOWNLOAD_HANDLERS": handlers,
        "PLAYWRIGHT_BROWSER_TYPE": "chromium",
        "PLAYWRIGHT_LAUNCH_OPTIONS": {**launch, "headless": True},
        "PLAYWRIGHT_MAX_CONTEXTS": settings.getint("NEWS_RENDER_CONCURRENCY"),
        "PLAYWRIGHT_DEFAULT_NAVIGATION_TIMEOUT": settings.getfloat("NEWS_RENDER_TIMEOUT") * 1000,
        "PLAYWRIGHT_PROCESS_REQUEST_HEADERS": None,  # the browser's, with our User-Agent
    }.items():
        settings.set(name, value, priority="spider")
    log = logging.getLogger("scrapy-playwright")
    if not any(isinstance(f, FailedPageFilter) for f in log.filters):
        log.addFilter(FailedPageFilter())


def request_meta(source: Source, listing: bool = False) -> dict:
    """The meta keys that have a request of `source` rendered (none for a
    plain source, or for a listing unless ``render_listings``).

    >>> request_meta(Source("a", "https://a.example/", render="browser"))
    {'playwright': True}
    >>> request_meta(Source("a", "https://a.example/", render="browser"), listing=True)
    {}
    """
    if source.render != "browser" or (listing and not source.render_listings):
        return {}
    return {"playwright": True}


def hints(source: Source) -> dict:
    """What a page's hints say about how it was fetched (kept in `pages.hints`).

    >>> hints(Source("a", "https://a.example/", render="browser")), hints(Source("a", "https://a.example/"))
    ({'render': 'browser'}, {})
    """
    return {"render": "browser"} if source.render == "browser" else {}


def __getattr__(name: str):
    """`RenderHandler`, made on first use: scrapy-playwright and Playwright
    (0.5 s to import) are loaded only by a crawl that renders."""
    if name == "RenderHandler":
        return _render_handler()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


@cache
def _render_handler() -> type:
    from scrapy_playwright.handler import ScrapyPlaywrightDownloadHandler

    return type(
        "RenderHandler", (RenderMixin, ScrapyPlaywrightDownloadHandler), {"__module__": __name__}
    )


class RenderMixin:
    """What `RenderHandler` adds to scrapy-playwright's handler: a fresh
    context per page, the address guard on every request the page makes, a
    time limit and a size cap."""

    def __init__(self, crawler) -> None:
        super().__init__(crawler)
        self.news_crawler = crawler
        self.guard = Guard(crawler)
        settings = crawler.settings
        self.time_limit = settings.getfloat("NEWS_RENDER_TIMEOUT")
        self.max_redirects = settings.getint("REDIRECT_MAX_TIMES")
        self.context_kwargs = {
            "user_agent": settings.get("USER_AGENT"),
            "service_workers": "block",
            "accept_downloads": False,
        }
        self.pages = itertools.count(1)

    async def download_request(self, request, spider=None):
        if not request.meta.get("playwright"):
            return await super().download_request(request)
        name = f"news-render-{next(self.pages)}"
        request.meta.update(
            playwright_context=name,
            playwright_context_kwargs=self.context_kwargs,
            playwright_page_init_callback=self.guard_page,
            playwright_page_goto_kwargs={"wait_until": "networkidle"},
        )
        try:
            response = await super().download_request(request)
        except Exception as exc:
            raise self.failure(request, exc) from exc
        finally:
            await self.close_context(name)
        return self.capped(request, response)

    def failure(self, request, exc: Exception) -> Exception:
        """The error Scrapy's errback sees for a page that could not be rendered."""
        from playwright.async_api import TimeoutError as PlaywrightTimeout

        if refused := request.meta.get("render_refused"):
            return BlockedRequest(refused)
        if isinstance(exc, PlaywrightTimeout | asyncio.TimeoutError):
            request.meta["dont_retry"] = True  # a page that did not settle will not settle again
            return DownloadTimeoutError(
                f"rendering {request.url[:200]} took longer than {self.time_limit:g} s "
                "(NEWS_RENDER_TIMEOUT)"
            )
        return exc

    def capped(self, request, response):
        limit = request.meta.get(
            "download_maxsize", self.news_crawler.settings.getint("DOWNLOAD_MAXSIZE")
        )
        if limit and len(response.body) > limit:
            raise IgnoreRequest(
                f"rendered page of {len(response.body)} bytes is larger than "
                f"DOWNLOAD_MAXSIZE ({limit} bytes)"
            )
        response.flags.append("rendered")
        return response

    async def close_context(self, name: str) -> None:
        if wrapper := self.context_wrappers.get(name):
            await wrapper.context.close()

    async def guard_page(self, page, request) -> None:
        """Route every request and web socket of `page` through the guard
        (registered after scrapy-playwright's route, so it is asked first)."""
        await page.route("**", partial(self.route, request))
        await page.route_web_socket("**", partial(self.route_socket, request))

    async def route(self, request, route, browser_request) -> None:
        from playwright.async_api import Error as PlaywrightError

        try:
            if browser_request.resource_type in SKIPPED_TYPES:
                await self.check(request, browser_request.url)  # counted if refused
                self.news_crawler.stats.inc_value("news/render/skipped_resources")
                return await route.abort("blockedbyclient")
            response = await self.fetch_guarded(request, route, browser_request)
        except BlockedRequest as exc:
            if (
                browser_request.is_navigation_request()
                and browser_request.frame.parent_frame is None
            ):
                request.meta.setdefault("render_refused", str(exc))
            return await route.abort("blockedbyclient")
        except PlaywrightError:
            return await route.abort("failed")
        await route.fulfill(response=response)

    async def fetch_guarded(self, request, route, browser_request):
        """The answer to `browser_request`, each redirect hop checked by the
        guard before it is fetched; BlockedRequest when one is refused."""
        url = browser_request.url
        for _ in range(self.max_redirects + 1):
            await self.check(request, url)
            response = await route.fetch(url=url, max_redirects=0, timeout=self.time_limit * 1000)
            location = response.headers.get("location")
            if not (300 <= response.status < 400 and location):
                return response
            url = urljoin(url, location)
        raise BlockedRequest(
            f"blocked: more than {self.max_redirects} redirects from {browser_request.url[:200]}"
        )

    async def route_socket(self, request, socket) -> None:
        try:
            await self.check(request, socket.url.replace("ws", "http", 1))
        except BlockedRequest:
            return await socket.close()
        socket.connect_to_server()

    async def check(self, request, url: str) -> None:
        """The guard's check of a request the browser makes, counted when refused."""
        try:
            await self.guard.check(url, f"browser request to {url[:200]}: ")
        except UnresolvableHost:
            raise
        except BlockedRequest:
            self.news_crawler.stats.inc_value("news/render/blocked")
            spider = self.news_crawler.spider
            if (ledger := getattr(spider, "ledger", None)) and request.meta.get("source"):
                ledger.add(request.meta["source"], "render_blocked", url)
            raise
