"""The `news` spider: discovery only.

It reads the sources, finds article URLs in feeds, sitemaps (given, or from
robots.txt) and section pages, skips articles already stored unless they are
due for a re-check, and yields one `Page` per fetched article page. It parses
no article: the pipelines do. Feeds, sitemaps and re-checked articles are
asked for conditionally (ETag / Last-Modified), so an unchanged site costs a
few 304 answers.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from difflib import get_close_matches
from urllib.parse import urljoin, urlsplit

import scrapy
from scrapy.utils.gz import gunzip

from newsspider import render
from newsspider import signals as news_signals
from newsspider.discovery import (
    Entry,
    entry_verdict,
    feed_entries,
    join_url,
    parse_sitemap,
    robots_sitemaps,
)
from newsspider.failures import failure_reason
from newsspider.items import Listing, Page, Touch
from newsspider.ledger import Ledger
from newsspider.netsafety import BlockedRequest, allowed_hosts
from newsspider.refresh import conditional_headers, is_due
from newsspider.sources import Source, SourcesError, load_sources
from newsspider.store import open_index
from newsspider.store.clock import utcnow
from newsspider.urls import canonicalize_url

#: the sitemap protocol's own limit, uncompressed; also the download limit of a listing
MAX_SITEMAP_BYTES = 50 * 1024 * 1024
#: robots.txt bytes read for Sitemap: lines (Google reads 500 KiB)
MAX_ROBOTS_BYTES = 512 * 1024
#: article responses we turn into a page record ourselves (after retries and redirects)
ARTICLE_STATUSES = [304, *range(400, 600)]
#: a link to something that is no web page (mailto:, javascript:, tel:, data:)
OTHER_SCHEME = re.compile(r"\s*(?!https?:)[a-z][a-z0-9+.-]*:", re.I)


class NewsSpider(scrapy.Spider):
    name = "news"
    #: the spider's arguments (``-a NAME=VALUE``); any other is refused
    arguments = {"source": "NAME", "sources": "PATH"}

    def __init__(self, *args, source: str | None = None, sources: str | None = None, **kwargs):
        check_arguments(kwargs)
        super().__init__(*args, **kwargs)
        self.only = source
        self.sources_path = sources

    @classmethod
    def from_crawler(cls, crawler, *args, **kwargs):
        spider = super().from_crawler(crawler, *args, **kwargs)
        path = spider.sources_path or crawler.settings.get("NEWS_SOURCES")
        spider.sources = select_sources(load_sources(path), spider.only, path)
        render.configure(crawler, spider.sources)
        spider.by_name = {s.name: s for s in spider.sources}  # names are unique (sources.py)
        spider.allowed_domains = sorted({d for s in spider.sources for d in s.allowed_domains})
        spider.ledger = Ledger.of(crawler)
        spider.requested = set()  # canonical URLs of this run's article and section requests
        crawler.signals.connect(spider.report, signal=scrapy.signals.spider_closed)
        spider.logger.info("Crawling %s into %s (%d sources)", path,
                           crawler.settings.get("NEWS_DB"), len(spider.sources))  # fmt: skip
        return spider

    async def start(self):
        self.index = open_index(self.settings)
        self.crawler.signals.connect(self.index.close, signal=scrapy.signals.spider_closed)
        for source in self.sources:
            for request in self.configured_listings(source):
                # two sources may name the same listing: each reads it for itself.
                # Not robots.txt, which no source names: the first source of the
                # host reads it and the sitemaps it lists (a race otherwise)
                yield request.replace(dont_filter=request.meta["listing"] != "robots.txt")

    def configured_listings(self, source: Source):
        """The requests for the listings `source` names, and its robots.txt."""
        for url in source.feeds:
            yield self.listing_request(source, url, self.parse_feed, "feed")
        for url in source.sitemaps:
            yield self.listing_request(source, url, self.parse_sitemap, "sitemap")
        if not source.sitemaps:
            yield self.listing_request(source, urljoin(source.homepage, "/robots.txt"),
                                       self.parse_robots, "robots.txt")  # fmt: skip
        for url in dict.fromkeys((source.homepage, *source.sections)):
            self.requested.add(canonicalize_url(url))
            yield self.listing_request(source, url, self.parse_section, "section")

    # -- listings -----------------------------------------------------------------

    def listing_request(self, source: Source, url: str, callback, kind: str) -> scrapy.Request:
        """A request for a listing the source names (or its robots.txt or
        sitemap index names): allowed whatever `allowed_domains` says, which
        only confines the articles. Feeds and sitemaps are asked for
        conditionally, but not a sitemap index: an unchanged index may list
        sitemaps that changed."""
        meta = {"source": source.name, "listing": kind, "allow_offsite": True}
        if kind == "section":
            meta.update(render.request_meta(source, listing=True))
            return scrapy.Request(url, callback, errback=self.listing_failed,
                                  meta={**meta, "section_depth": 0})  # fmt: skip
        if kind == "robots.txt":
            return scrapy.Request(url, callback, errback=self.listing_failed, meta=meta)
        seen = None if self.discover_only else self.index.listing(url)
        return scrapy.Request(
            url, callback, errback=self.listing_failed,
            headers=conditional_headers(seen) if seen and seen["kind"] != "sitemapindex" else {},
            meta={**meta, "handle_httpstatus_list": [304],
                  "download_maxsize": max(MAX_SITEMAP_BYTES, self.settings.getint("DOWNLOAD_MAXSIZE"))},
        )  # fmt: skip

    @property
    def discover_only(self) -> bool:
        return self.settings.getbool("NEWS_DISCOVER_ONLY")

    def listing_seen(self, response, source: Source, kind: str, entries: int) -> bool:
        """Record a feed's or sitemap's validators; False when it did not change."""
        url = response.request.meta.get("redirect_urls", [response.url])[0]
        self.ledger.listing(source.name, url, kind, str(response.status), entries)
        if response.status == 304:
            self.ledger.add(source.name, "not_modified", url)
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
            yield self.listing_request(source, url, self.parse_sitemap, "sitemap")

    def parse_sitemap(self, response):
        source = self.source_of(response)
        body = response.body
        if body[:2] == b"\x1f\x8b":
            try:
                body = gunzip(body, max_size=MAX_SITEMAP_BYTES)
            except (OSError, EOFError, ValueError) as exc:  # a bomb, or broken gzip
                self.crawler.stats.inc_value(f"news/discover/{source.name}/bad_sitemap")
                self.logger.warning("Bad gzip sitemap %s: %s", response.url, exc)
                self.ledger.failed(source.name, response.url, "sitemap", f"bad gzip: {exc}")
                return
        sitemap = parse_sitemap(body, response.url)
        if not self.listing_seen(response, source, sitemap.kind, len(sitemap.entries)):
            return
        if sitemap.kind == "sitemapindex":
            for entry in sitemap.entries:
                if entry.url is None:
                    self.ledger.add(source.name, "malformed", entry.raw)
                else:
                    yield self.listing_request(source, entry.url, self.parse_sitemap, "sitemap")
            return
        if not sitemap.kind:
            self.crawler.stats.inc_value(f"news/discover/{source.name}/bad_sitemap")
            self.logger.warning("Not a sitemap: %s", response.url)
        for entry in sitemap.entries:
            self.ledger.add(source.name, "sitemap_entries")
            yield from self.article_request(source, entry, "sitemap", listed=sitemap.news)

    def parse_feed(self, response):
        source = self.source_of(response)
        entries = [] if response.status == 304 else feed_entries(response.body, response.url)
        if not self.listing_seen(response, source, "feed", len(entries)):
            return
        if not entries:
            self.crawler.stats.inc_value(f"news/discover/{source.name}/empty_feed")
            self.logger.warning("No entries in feed %s", response.url)
        for entry in entries:
            self.ledger.add(source.name, "feed_entries")
            yield from self.article_request(source, entry, "feed", listed=True)

    def parse_section(self, response):
        source = self.source_of(response)
        depth = response.meta.get("section_depth", 0)
        if not hasattr(response, "xpath"):
            self.ledger.listing(source.name, response.url, "section", "not html")
            return
        # lxml's strings, not a parsel Selector per link (24 s for 200,000 links)
        hrefs = response.selector.root.xpath("//a/@href")
        links = [str(h) for h in hrefs if not OTHER_SCHEME.match(h)]
        self.ledger.listing(source.name, response.url, "section", str(response.status), len(links))
        self.ledger.add(source.name, "section_links", n=len(links))
        cap = self.settings.getint("NEWS_MAX_LISTING_LINKS")
        if over := links[cap:]:
            self.ledger.add(source.name, "over_cap", over[0], n=len(over))
        section_path = urlsplit(response.url).path
        for href in links[:cap]:
            url = join_url(response.url, href)
            url = url and canonicalize_url(url)
            verdict = entry_verdict(source, url, listed=False)
            if verdict == "off_pattern" and depth < self.settings.getint("NEWS_SECTION_DEPTH") \
                    and urlsplit(url).path.startswith(section_path):  # fmt: skip
                if url in self.requested:
                    self.ledger.add(source.name, "duplicate", url)
                    continue
                self.requested.add(url)
                self.ledger.add(source.name, "followed", url)
                yield response.follow(url, self.parse_section, errback=self.listing_failed,
                                      meta={"source": source.name, "listing": "section",
                                            "section_depth": depth + 1,
                                            **render.request_meta(source, listing=True)})  # fmt: skip
            elif verdict:
                self.ledger.add(source.name, verdict, url or href)
            else:
                yield from self.request_article(source, Entry(url), url, "section")

    def article_request(self, source: Source, entry: Entry, via: str, listed: bool):
        """The request for a discovered article, or the reason there is none
        (in the ledger)."""
        url = entry.url
        canonical = url and canonicalize_url(url)  # the pattern sees no tracking parameters
        if verdict := entry_verdict(source, canonical, listed):
            self.ledger.add(source.name, verdict, url or entry.raw)
            self.crawler.stats.inc_value(f"news/discover/{source.name}/{verdict}")
            return
        yield from self.request_article(source, entry, canonical, via)

    def request_article(self, source: Source, entry: Entry, canonical: str, via: str):
        """The request for an article `entry_verdict` let through, unless it
        was requested already, timed out lately or is known and not due."""
        url = entry.url
        if canonical in self.requested:
            self.ledger.add(source.name, "duplicate", url)
            return
        self.requested.add(canonical)
        if self.index.timed_out_within(url, self.settings.getfloat("NEWS_TIMED_OUT_EVERY")):
            self.ledger.add(source.name, "timed_out", url)
            self.crawler.stats.inc_value(f"news/discover/{source.name}/skipped_timed_out")
            self.logger.info("Skipped %s: its extraction timed out (NEWS_TIMED_OUT_EVERY)", url)
            return
        stored = self.index.article(canonical, url)
        headers = {}
        if stored is not None:
            settings = self.settings
            if not is_due(stored, datetime.now(UTC), settings.getfloat("NEWS_REFRESH_WITHIN"),
                          settings.getfloat("NEWS_REFRESH_EVERY")):  # fmt: skip
                self.ledger.add(source.name, "known", url)
                self.crawler.stats.inc_value(f"news/discover/{source.name}/skipped_known")
                return
            headers = conditional_headers(stored)
            via = "refresh"
        self.ledger.add(source.name, "requested", url)
        self.crawler.stats.inc_value(f"news/discover/{source.name}/{via}")
        if self.discover_only:
            return
        yield scrapy.Request(
            url, self.parse_article, errback=self.article_failed, headers=headers,
            meta={"source": source.name, "handle_httpstatus_list": ARTICLE_STATUSES,
                  **render.request_meta(source)},
            cb_kwargs={"hints": {**entry.hints(via), **render.hints(source)}},
        )  # fmt: skip

    def listing_failed(self, failure):
        request = failure.request
        reason = failure_reason(failure.value, request) or "forbidden by robots.txt"
        source, kind = request.meta["source"], request.meta.get("listing", "listing")
        if kind == "robots.txt" and reason.startswith("http 4"):
            return  # no robots.txt: nothing forbidden, and no sitemap named
        self.logger.warning("Listing failed: %s: %s", request.url, reason)
        self.ledger.failed(source, request.url, kind, reason)
        self.crawler.stats.inc_value(f"news/discover/{source}/listing_failed")

    def report(self, spider) -> None:
        """Warn about each source whose listings gave entries but no request."""
        for source in self.sources:
            if line := self.ledger.warning(source.name):
                self.logger.warning(line)

    # -- articles -----------------------------------------------------------------

    def parse_article(self, response, hints):
        source = self.source_of(response)
        redirects = response.request.meta.get("redirect_urls")
        url = redirects[0] if redirects else response.url
        if redirects and self.index.article(canonicalize_url(response.url), response.url):
            self.ledger.add(source.name, "redirected_to_known", url)
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
        if isinstance(failure.value, BlockedRequest):
            self.ledger.add(source.name, "blocked", url)
        yield Page(url=url, source=source.name, status=0, fetched=utcnow(),
                   error=reason, options=source.options())  # fmt: skip


def header_of(response, name: str) -> str | None:
    value = response.headers.get(name)
    return value.decode("latin-1") if value else None


class ConfigurationError(SourcesError):
    """A ``-a`` argument the spider does not take, or a setting it cannot read:
    reported like a mistake of the sources file (one line, exit status 2)."""


def check_configuration(given: dict, settings) -> None:
    """Refuse unknown spider arguments and a ``NEWS_ALLOW_HOSTS`` that names no host."""
    check_arguments(given)
    try:
        allowed_hosts(settings)
    except ValueError as exc:
        raise ConfigurationError(str(exc)) from exc


def check_arguments(given: dict) -> None:
    """Refuse spider arguments other than ``NewsSpider.arguments``.

    >>> try:
    ...     check_arguments({"sorces": "my.toml"})
    ... except ConfigurationError as exc:
    ...     print(exc)
    the news spider takes no argument 'sorces' (did you mean 'sources'?); it takes -a source=NAME, -a sources=PATH
    """
    for key in given:
        if key not in NewsSpider.arguments:
            close = get_close_matches(key, NewsSpider.arguments, n=1)
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            known = ", ".join(f"-a {k}={v}" for k, v in NewsSpider.arguments.items())
            raise ConfigurationError(
                f"the news spider takes no argument {key!r}{hint}; it takes {known}"
            )


def select_sources(sources: list[Source], only: str | None, path: str) -> list[Source]:
    if not only:
        return sources
    chosen = [s for s in sources if s.name == only]
    if not chosen:
        names = ", ".join(s.name for s in sources)
        raise SourcesError(f"{path}: no source named {only!r} (known: {names})")
    return chosen
