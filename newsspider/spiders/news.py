"""The `news` spider: discovery only.

It reads the sources, finds article URLs in feeds, sitemaps (given, or from
robots.txt) and section pages, skips articles already stored unless they are
due for a re-check, and yields one `Page` per fetched article page. It parses
no article: the pipelines do. Feeds, sitemaps and re-checked articles are
asked for conditionally (ETag / Last-Modified), so an unchanged site costs a
few 304 answers.
"""

from __future__ import annotations

from asyncio import CancelledError
from datetime import UTC, datetime
from urllib.parse import urljoin, urlsplit

import scrapy
from scrapy.exceptions import (
    DownloadCancelledError,
    DownloadTimeoutError,
    IgnoreRequest,
    ResponseDataLossError,
)
from scrapy.spidermiddlewares.httperror import HttpError
from scrapy.utils.gz import gunzip
from twisted.internet.error import TimeoutError as TwistedTimeoutError

from newsspider import signals as news_signals
from newsspider.discovery import (
    Entry,
    feed_entries,
    looks_like_article_url,
    parse_sitemap,
    robots_sitemaps,
)
from newsspider.items import Page
from newsspider.netsafety import BlockedRequest
from newsspider.refresh import conditional_headers, is_due
from newsspider.sources import Source, SourcesError, load_sources
from newsspider.urls import canonicalize_url
from pipelines.corpus import CorpusIndex, Listing, Touch

#: the sitemap protocol's own limit, uncompressed; also the download limit of a listing
MAX_SITEMAP_BYTES = 50 * 1024 * 1024
#: robots.txt bytes read for Sitemap: lines (Google reads 500 KiB)
MAX_ROBOTS_BYTES = 512 * 1024
#: article responses we turn into a page record ourselves (after retries and redirects)
ARTICLE_STATUSES = [304, *range(400, 600)]


class NewsSpider(scrapy.Spider):
    name = "news"

    def __init__(self, *args, source: str | None = None, sources: str | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.only = source
        self.sources_path = sources

    @classmethod
    def from_crawler(cls, crawler, *args, **kwargs):
        spider = super().from_crawler(crawler, *args, **kwargs)
        path = spider.sources_path or crawler.settings.get("NEWS_SOURCES")
        spider.sources = select_sources(load_sources(path), spider.only, path)
        spider.by_name = {s.name: s for s in spider.sources}  # names are unique (sources.py)
        spider.allowed_domains = sorted({d for s in spider.sources for d in s.allowed_domains})
        return spider

    async def start(self):
        self.index = CorpusIndex(self.settings.get("NEWS_DB"))
        self.crawler.signals.connect(self.index.close, signal=scrapy.signals.spider_closed)
        for source in self.sources:
            for url in source.feeds:
                yield self.listing_request(source, url, self.parse_feed)
            for url in source.sitemaps:
                yield self.listing_request(source, url, self.parse_sitemap)
            if not source.sitemaps:
                url = urljoin(source.homepage, "/robots.txt")
                yield scrapy.Request(url, self.parse_robots, meta={"source": source.name},
                                     errback=self.listing_failed)  # fmt: skip
            for url in dict.fromkeys((source.homepage, *source.sections)):
                yield scrapy.Request(url, self.parse_section, errback=self.listing_failed,
                                     meta={"source": source.name, "section_depth": 0})  # fmt: skip

    # -- listings -----------------------------------------------------------------

    def listing_request(self, source: Source, url: str, callback) -> scrapy.Request:
        """A conditional request for a feed or sitemap. Not for a sitemap
        index: an unchanged index may list sitemaps that changed."""
        seen = self.index.listing(url)
        return scrapy.Request(
            url, callback, errback=self.listing_failed,
            headers=conditional_headers(seen) if seen and seen["kind"] != "sitemapindex" else {},
            meta={"source": source.name, "handle_httpstatus_list": [304],
                  "download_maxsize": max(MAX_SITEMAP_BYTES, self.settings.getint("DOWNLOAD_MAXSIZE"))},
        )  # fmt: skip

    def listing_seen(self, response, source: Source, kind: str, entries: int) -> bool:
        """Record a feed's or sitemap's validators; False when it did not change."""
        url = response.request.meta.get("redirect_urls", [response.url])[0]
        if response.status == 304:
            self.crawler.stats.inc_value(f"news/discover/{source.name}/not_modified")
            return False
        listing = Listing(url, source.name, kind, utcnow(), header_of(response, "ETag"),
                          header_of(response, "Last-Modified"), entries)  # fmt: skip
        self.crawler.signals.send_catch_log(news_signals.listing_fetched, listing=listing)
        return True

    def source_of(self, response_or_request) -> Source:
        return self.by_name[response_or_request.meta["source"]]

    def parse_robots(self, response):
        source = self.source_of(response)
        if response.status != 200:
            return  # an error page is no robots.txt; the section pages still run
        text = response.body[:MAX_ROBOTS_BYTES].decode("utf-8", "replace")
        for url in robots_sitemaps(text, response.url):
            yield self.listing_request(source, url, self.parse_sitemap)

    def parse_sitemap(self, response):
        source = self.source_of(response)
        body = response.body
        if body[:2] == b"\x1f\x8b":
            try:
                body = gunzip(body, max_size=MAX_SITEMAP_BYTES)
            except (OSError, EOFError, ValueError) as exc:  # a bomb, or broken gzip
                self.crawler.stats.inc_value(f"news/discover/{source.name}/bad_sitemap")
                self.logger.warning("Bad gzip sitemap %s: %s", response.url, exc)
                return
        sitemap = parse_sitemap(body, response.url)
        if not self.listing_seen(response, source, sitemap.kind, len(sitemap.entries)):
            return
        if sitemap.kind == "sitemapindex":
            for entry in sitemap.entries:
                if source.allows(entry.url):
                    yield self.listing_request(source, entry.url, self.parse_sitemap)
            return
        if not sitemap.kind:
            self.crawler.stats.inc_value(f"news/discover/{source.name}/bad_sitemap")
            self.logger.warning("Not a sitemap: %s", response.url)
        for entry in sitemap.entries:
            yield from self.article_request(source, entry, "sitemap")

    def parse_feed(self, response):
        source = self.source_of(response)
        entries = [] if response.status == 304 else feed_entries(response.body, response.url)
        if not self.listing_seen(response, source, "feed", len(entries)):
            return
        if not entries:
            self.crawler.stats.inc_value(f"news/discover/{source.name}/empty_feed")
            self.logger.warning("No entries in feed %s", response.url)
        for entry in entries:
            yield from self.article_request(source, entry, "feed")

    def parse_section(self, response):
        source = self.source_of(response)
        depth = response.meta.get("section_depth", 0)
        if not hasattr(response, "xpath"):
            return
        section_path = urlsplit(response.url).path
        for href in response.xpath("//a/@href").getall():
            url = canonicalize_url(urljoin(response.url, href))
            if not source.allows(url) or urlsplit(url).scheme not in ("http", "https"):
                continue
            if self.is_article(source, url):
                yield from self.article_request(source, Entry(url), "section")
            elif depth < self.settings.getint("NEWS_SECTION_DEPTH") and urlsplit(
                url
            ).path.startswith(section_path):
                yield response.follow(url, self.parse_section, errback=self.listing_failed,
                                      meta={"source": source.name, "section_depth": depth + 1})  # fmt: skip

    def is_article(self, source: Source, url: str) -> bool:
        if source.article_pattern:
            return source.is_article_url(url)
        return looks_like_article_url(url)

    def article_request(self, source: Source, entry: Entry, via: str):
        url = entry.url
        if not source.allows(url) or not self.is_article(source, url):
            self.crawler.stats.inc_value(f"news/discover/{source.name}/off_pattern")
            return
        if self.index.timed_out_within(url, self.settings.getfloat("NEWS_TIMED_OUT_EVERY")):
            self.crawler.stats.inc_value(f"news/discover/{source.name}/skipped_timed_out")
            self.logger.info("Skipped %s: its extraction timed out (NEWS_TIMED_OUT_EVERY)", url)
            return
        stored = self.index.article(canonicalize_url(url), url)
        headers = {}
        if stored is not None:
            settings = self.settings
            if not is_due(stored, datetime.now(UTC), settings.getfloat("NEWS_REFRESH_WITHIN"),
                          settings.getfloat("NEWS_REFRESH_EVERY")):  # fmt: skip
                self.crawler.stats.inc_value(f"news/discover/{source.name}/skipped_known")
                return
            headers = conditional_headers(stored)
            via = "refresh"
        self.crawler.stats.inc_value(f"news/discover/{source.name}/{via}")
        yield scrapy.Request(
            url, self.parse_article, errback=self.article_failed, headers=headers,
            meta={"source": source.name, "handle_httpstatus_list": ARTICLE_STATUSES},
            cb_kwargs={"hints": entry.hints(via)},
        )  # fmt: skip

    def listing_failed(self, failure):
        self.logger.warning("Listing failed: %s: %s", failure.request.url, failure.value)
        self.crawler.stats.inc_value(
            f"news/discover/{failure.request.meta['source']}/listing_failed"
        )

    # -- articles -----------------------------------------------------------------

    def parse_article(self, response, hints):
        source = self.source_of(response)
        url = response.request.meta.get("redirect_urls", [response.url])[0]
        if response.status == 304:
            touch = Touch(
                url, utcnow(), header_of(response, "ETag"), header_of(response, "Last-Modified")
            )
            self.crawler.signals.send_catch_log(
                news_signals.not_modified, touch=touch, source=source.name
            )
            return
        yield Page(
            url=url,
            source=source.name,
            final_url=response.url,
            status=response.status,
            headers={
                k.decode("latin-1"): b", ".join(v).decode("latin-1")
                for k, v in response.headers.items()
            },
            html=response.body,
            fetched=utcnow(),
            hints=hints,
            options=source.options(),
            error=self.index.known_timeout(url, response.body),  # not extracted again
        )

    def article_failed(self, failure):
        request = failure.request
        reason = failure_reason(failure.value, request)
        if reason is None:
            return  # robots.txt: not ours to fetch, not a reject
        source = self.source_of(request)
        url = request.meta.get("redirect_urls", [request.url])[0]  # as discovered
        yield Page(url=url, source=source.name, status=0, fetched=utcnow(),
                   error=reason, options=source.options())  # fmt: skip


def failure_reason(error: BaseException, request=None) -> str | None:
    """The stable ``rejects`` reason for a request that failed, or None when
    the request was not ours to make (forbidden by robots.txt).

    >>> failure_reason(DownloadTimeoutError("Getting http://a.example/x took longer than 2 seconds."))
    'fetch failed: timeout: Getting http://a.example/x took longer than 2 seconds.'
    >>> failure_reason(IgnoreRequest("max redirections reached"))
    'fetch failed: too many redirects'
    >>> failure_reason(IgnoreRequest("Forbidden by robots.txt")) is None
    True
    """
    message = " ".join(str(error).split())[:300]
    if isinstance(error, BlockedRequest):
        return message
    if isinstance(error, IgnoreRequest):
        if message.startswith("Forbidden by robots.txt"):
            return None
        if message.startswith("Filtered offsite request"):
            target = request.url if request is not None else message
            return f"fetch failed: redirected off-site: {target}"
        if message == "max redirections reached":
            return "fetch failed: too many redirects"
        if message.startswith("redirect loop"):
            return f"fetch failed: {message}"
        if "DOWNLOAD_MAXSIZE" in message:
            return f"fetch failed: too large: {message}"
        return f"fetch failed: ignored: {message}"
    if isinstance(error, DownloadTimeoutError | TimeoutError | TwistedTimeoutError):
        return f"fetch failed: timeout: {message}"
    if isinstance(error, DownloadCancelledError | CancelledError) and (
        "max size" in message or not message
    ):
        return f"fetch failed: too large: {message or 'larger than DOWNLOAD_MAXSIZE'}"
    if isinstance(error, ResponseDataLossError):
        return "fetch failed: truncated: the connection closed before the whole body arrived"
    if isinstance(error, HttpError):
        return f"http {error.response.status}"
    return f"fetch failed: {type(error).__name__}: {message}".strip()


def header_of(response, name: str) -> str | None:
    value = response.headers.get(name)
    return value.decode("latin-1") if value else None


def utcnow() -> str:
    return datetime.now(UTC).replace(microsecond=0).isoformat()


def select_sources(sources: list[Source], only: str | None, path: str) -> list[Source]:
    if not only:
        return sources
    chosen = [s for s in sources if s.name == only]
    if not chosen:
        names = ", ".join(s.name for s in sources)
        raise SourcesError(f"{path}: no source named {only!r} (known: {names})")
    return chosen
