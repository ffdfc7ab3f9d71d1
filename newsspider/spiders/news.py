"""The `news` spider: discovery only.

It reads the sources, finds article URLs in feeds, sitemaps (given, or from
robots.txt) and section pages, skips URLs already stored, and yields one
`Page` per fetched article page. It parses no article: the pipelines do.
"""

from __future__ import annotations

from datetime import UTC, datetime
from urllib.parse import urljoin, urlsplit

import scrapy
from scrapy.exceptions import IgnoreRequest

from newsspider.discovery import (
    Entry,
    feed_entries,
    looks_like_article_url,
    parse_sitemap,
    robots_sitemaps,
)
from newsspider.items import Page
from newsspider.netsafety import BlockedRequest
from newsspider.sources import Source, SourcesError, load_sources
from newsspider.urls import canonicalize_url
from pipelines.store import known_urls

MAX_SITEMAP_BYTES = 50 * 1024 * 1024
#: article responses we turn into a reject ourselves (after retries and redirects)
ERROR_STATUSES = list(range(400, 600))


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
        spider.allowed_domains = sorted({d for s in spider.sources for d in s.allowed_domains})
        return spider

    async def start(self):
        known = known_urls(self.settings.get("NEWS_DB"))
        self.known = known
        for source in self.sources:
            meta = {"source": source.name}
            for url in source.feeds:
                yield scrapy.Request(url, self.parse_feed, meta=meta, errback=self.listing_failed)
            sitemaps = source.sitemaps or [urljoin(source.homepage, "/robots.txt")]
            for url in sitemaps:
                callback = self.parse_robots if url.endswith("/robots.txt") else self.parse_sitemap
                yield scrapy.Request(url, callback, meta=meta, errback=self.listing_failed)
            for url in dict.fromkeys((source.homepage, *source.sections)):
                yield scrapy.Request(
                    url,
                    self.parse_section,
                    meta=meta | {"section_depth": 0},
                    errback=self.listing_failed,
                )

    # -- listings -----------------------------------------------------------------

    def source_of(self, response) -> Source:
        name = response.meta["source"]
        return next(s for s in self.sources if s.name == name)

    def parse_robots(self, response):
        for url in robots_sitemaps(response.text, response.url):
            yield response.follow(
                url,
                self.parse_sitemap,
                meta={"source": response.meta["source"]},
                errback=self.listing_failed,
            )

    def parse_sitemap(self, response):
        source = self.source_of(response)
        body = response.body
        if body[:2] == b"\x1f\x8b":
            from scrapy.utils.gz import gunzip

            body = gunzip(body, max_size=MAX_SITEMAP_BYTES)
        sitemap = parse_sitemap(body, response.url)
        if sitemap.kind == "sitemapindex":
            for entry in sitemap.entries:
                if source.allows(entry.url):
                    yield response.follow(
                        entry.url,
                        self.parse_sitemap,
                        meta={"source": source.name},
                        errback=self.listing_failed,
                    )
            return
        if not sitemap.kind:
            self.crawler.stats.inc_value(f"news/discover/{source.name}/bad_sitemap")
            self.logger.warning("Not a sitemap: %s", response.url)
        for entry in sitemap.entries:
            yield from self.article_request(source, entry, "sitemap")

    def parse_feed(self, response):
        source = self.source_of(response)
        entries = feed_entries(response.body, response.url)
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
                yield response.follow(
                    url,
                    self.parse_section,
                    errback=self.listing_failed,
                    meta={"source": source.name, "section_depth": depth + 1},
                )

    def is_article(self, source: Source, url: str) -> bool:
        if source.article_pattern:
            return source.is_article_url(url)
        return looks_like_article_url(url)

    def article_request(self, source: Source, entry: Entry, via: str):
        url = entry.url
        if not source.allows(url) or (via == "section" and not self.is_article(source, url)):
            return
        if source.article_pattern and not source.is_article_url(url):
            self.crawler.stats.inc_value(f"news/discover/{source.name}/off_pattern")
            return
        if canonicalize_url(url) in self.known or url in self.known:
            self.crawler.stats.inc_value(f"news/discover/{source.name}/skipped_known")
            return
        self.crawler.stats.inc_value(f"news/discover/{source.name}/{via}")
        yield scrapy.Request(
            url,
            self.parse_article,
            errback=self.article_failed,
            meta={"source": source.name, "handle_httpstatus_list": ERROR_STATUSES},
            cb_kwargs={"hints": entry.hints(via)},
        )

    def listing_failed(self, failure):
        self.logger.warning("Listing failed: %s: %s", failure.request.url, failure.value)
        self.crawler.stats.inc_value(
            f"news/discover/{failure.request.meta['source']}/listing_failed"
        )

    # -- articles -----------------------------------------------------------------

    def parse_article(self, response, hints):
        source = self.source_of(response)
        yield Page(
            url=response.request.meta.get("redirect_urls", [response.url])[0],
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
        )

    def article_failed(self, failure):
        request = failure.request
        error = failure.value
        if isinstance(error, IgnoreRequest) and not isinstance(error, BlockedRequest):
            return  # robots.txt or offsite: not ours to fetch, not a reject
        reason = f"fetch failed: {type(error).__name__}: {error}".strip()
        source = next(s for s in self.sources if s.name == request.meta["source"])
        yield Page(
            url=request.url,
            source=source.name,
            status=0,
            fetched=utcnow(),
            error=reason,
            options=source.options(),
        )


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
