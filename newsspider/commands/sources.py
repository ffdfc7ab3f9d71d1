"""`scrapy sources`: for the people who maintain the sources file.

- ``scrapy sources check [NAME ...]`` fetches each source's listings (feeds,
  sitemaps, robots.txt, homepage and sections; no article) with the real
  `news` spider in discover-only mode, and prints per source each listing's
  status and entries, how many articles a crawl would request, why the rest
  would not be, three sample article URLs, and what the first yields, plainly
  and rendered (newsspider/sample.py).
- ``scrapy sources add URL [--name NAME] [--write]`` probes a site (its
  page, the feeds it names or common feed paths, robots.txt's sitemaps or
  common sitemap paths, ``<html lang>``), proposes a ``[[source]]`` table
  with an inferred `article_pattern`, checks the proposal the same way, and
  prints it (the check as TOML comments above it) or appends it to the
  sources file.

Every fetch goes through Scrapy, so the address guard, robots.txt, the size
caps and the timeouts apply. The corpus (NEWS_DB) is only read, never
created. Exit statuses: 0 every source would crawl something (for ``add``:
the proposal would, and was written when asked); 1 a source would crawl
nothing, or the site could not be read (the line says why, and which setting
lets a refused address through); 2 a bad sources file, an unknown source
name or a bad argument.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import scrapy
from scrapy import signals
from scrapy.commands import ScrapyCommand
from scrapy.exceptions import UsageError
from scrapy.http import TextResponse
from scrapy.settings import SETTINGS_PRIORITIES
from scrapy.utils.gz import gunzip

from newsspider.commands.crawl import NETWORK_CAUSES
from newsspider.discovery import feed_entries, parse_sitemap, robots_sitemaps
from newsspider.failures import failure_reason
from newsspider.ledger import Ledger
from newsspider.probe import FEED_PATHS, SITEMAP_PATHS, Found, page_feeds, source_name, source_table
from newsspider.sample import Samples, read_samples
from newsspider.sources import NAME_RE, SourcesError, load_sources, load_sources_text
from newsspider.spiders.news import (
    MAX_ROBOTS_BYTES,
    MAX_SITEMAP_BYTES,
    NewsSpider,
    select_sources,
)

EXIT_NOTHING = 1
EXIT_BAD_CONFIG = 2
#: child sitemaps of a sitemap index read for example articles
MAX_CHILD_SITEMAPS = 5
#: listings in the report: feeds, sitemaps, then section pages (each in fetch order)
KIND_ORDER = {"feed": 0, "sitemapindex": 1, "urlset": 1, "section": 2}
#: what both subcommands run: listings only, nothing stored
CHECK_SETTINGS = {"NEWS_DISCOVER_ONLY": True, "ITEM_PIPELINES": {}}


class Command(ScrapyCommand):
    requires_project = True
    default_settings = {"LOGSTATS_INTERVAL": 0}

    def syntax(self) -> str:
        return "check [NAME ...] | add URL [--name NAME] [--write]"

    def short_desc(self) -> str:
        return "Check the sources' listings, or propose (and add) a source for a site"

    def add_options(self, parser) -> None:
        super().add_options(parser)
        parser.add_argument("--sources", metavar="PATH",
                            help="the sources file (default: the NEWS_SOURCES setting)")  # fmt: skip
        parser.add_argument("--name", help="add: the new source's name (default: from the URL)")
        parser.add_argument("--write", action="store_true",
                            help="add: append the table to the sources file")  # fmt: skip

    def process_options(self, args, opts) -> None:
        super().process_options(args, opts)
        for key, value in CHECK_SETTINGS.items():
            self.settings.set(key, value, priority="cmdline")
        if self.settings.getpriority("LOG_LEVEL") < SETTINGS_PRIORITIES["cmdline"]:
            self.settings.set("LOG_LEVEL", "ERROR", priority="cmdline")

    def run(self, args, opts) -> None:
        self.path = opts.sources or self.settings.get("NEWS_SOURCES")
        action, *rest = args or [""]
        if action == "check":
            return self.check(list(dict.fromkeys(rest)))
        if action == "add" and len(rest) == 1:
            return self.add(rest[0], opts.name, opts.write)
        raise UsageError("give `check [NAME ...]` or `add URL`")

    def fail(self, status: int, message: str) -> None:
        print(f"error: {message}", file=sys.stderr)
        self.exitcode = status

    # -- check ----------------------------------------------------------------------

    def check(self, names: list[str]) -> None:
        try:
            sources = load_sources(self.path)
            for name in names:
                select_sources(sources, name, self.path)
        except SourcesError as exc:
            return self.fail(EXIT_BAD_CONFIG, str(exc))
        crawlers = [self.start_check(self.path, name) for name in names or [None]]
        samples = Samples()
        for crawler in crawlers:
            read_samples(self.crawler_process, crawler, samples)
        self.crawler_process.start()
        if self.crawler_process.bootstrap_failed:
            return self.fail(EXIT_NOTHING, "the check could not start (see the log above)")
        idle = [name for crawler in crawlers for name in print_reports(crawler.spider, samples)]
        if idle:
            ledgers = [crawler.spider.ledger for crawler in crawlers]
            self.fail(EXIT_NOTHING, idle_summary(idle, len(names or sources), ledgers))
        return None

    def start_check(self, path: str, name: str | None = None):
        """A discover-only crawl of the sources in `path` (or of one)."""
        crawler = self.crawler_process.create_crawler(NewsSpider)
        self.crawler_process.crawl(crawler, sources=str(path), **({"source": name} if name else {}))
        return crawler

    # -- add ------------------------------------------------------------------------

    def add(self, url: str, name: str | None, write: bool) -> None:
        if why := bad_argument(url, name):
            return self.fail(EXIT_BAD_CONFIG, why)
        name = name or source_name(url)
        if write and self.sources_text(name) is None:
            return None
        found, table, crawler = self.probe(url, name)
        if found.error or table is None:
            return self.fail(EXIT_NOTHING, f"cannot read {url}: {found.error}")
        if crawler is None or crawler.spider is None:
            return self.fail(EXIT_NOTHING, "the check of the proposal could not run (see the log above)")  # fmt: skip
        sample = self.samples.line(crawler.spider.sources[0])
        return self.report_proposal(table, crawler.spider.ledger, write, sample)

    def probe(self, url: str, name: str):
        """Probe the site, then check the source it proposes, in one reactor
        run: the check starts when the probe's spider closes, while the
        probe's crawl is still active, so the process waits for it too.
        Returns what the probe found, the proposal and the check's crawler."""
        proposal: dict = {}
        self.samples = Samples()

        def check(spider) -> None:
            if spider.found.error is None and spider.found.page_url:
                proposal["table"] = table = spider.found.proposal(name)
                path = Path(tmp) / "sources.toml"
                path.write_text(source_table(table) + "\n", encoding="utf-8")
                proposal["crawler"] = self.start_check(str(path))
                read_samples(self.crawler_process, proposal["crawler"], self.samples)

        with tempfile.TemporaryDirectory(prefix="newsspider-sources-") as tmp:
            probe = self.crawler_process.create_crawler(ProbeSpider)
            probe.signals.connect(check, signal=signals.spider_closed, weak=False)
            self.crawler_process.crawl(probe, url=url)
            self.crawler_process.start()
        return probe.spider.found, proposal.get("table"), proposal.get("crawler")

    def sources_text(self, name: str) -> str | None:
        """The sources file's text, when `name` can be added to it ("" when
        there is no file yet); None after saying why not."""
        path = Path(self.path)
        if not path.exists():
            return ""
        try:
            text = path.read_text(encoding="utf-8")
            names = {s.name for s in load_sources_text(text, str(path))}
        except (OSError, SourcesError) as exc:
            return self.fail(EXIT_BAD_CONFIG, str(exc))
        if name in names:
            return self.fail(EXIT_BAD_CONFIG, f"{path}: a source named {name!r} exists already; "
                                              "choose another with --name")  # fmt: skip
        return text

    def report_proposal(self, table: dict, ledger: Ledger, write: bool, sample: str | None) -> None:
        """Print the check (as comments, with what the sample article
        yields) and the table; with `write`, append the table to the
        sources file when the check passed."""
        text = source_table(table)
        lines = [*source_report(table["name"], ledger), *([f"  {sample}"] if sample else [])]
        print("\n".join(f"# {line}" for line in lines))
        print(text)
        if not ledger.would_crawl(table["name"]):
            return self.fail(EXIT_NOTHING, f"the proposed source would crawl nothing: {table['homepage']}"
                                           + ("; not written" if write else ""))  # fmt: skip
        if write:
            self.append(table["name"], text)
        return None

    def append(self, name: str, table: str) -> None:
        """Append `table` to the sources file, read again now (it may have
        changed during the probe), after checking that the result loads."""
        existing = self.sources_text(name)
        if existing is None:
            return
        separator = "\n" if existing.endswith("\n") else "\n\n" if existing else ""
        addition = f"{separator}{table}\n"
        try:
            load_sources_text(existing + addition, self.path)
        except SourcesError as exc:
            self.fail(EXIT_BAD_CONFIG, f"not written: {exc}")
            return
        with open(self.path, "a", encoding="utf-8") as out:
            out.write(addition)
        print(f"added source {name!r} to {self.path}", file=sys.stderr)


def bad_argument(url: str, name: str | None) -> str | None:
    """Why `sources add URL --name NAME` cannot go on, if it cannot.

    >>> bad_argument("ftp://a.example/", "a"), bad_argument("https://a.example/", "A b")
    ("not an http(s) URL: 'ftp://a.example/'", "not a lower-case name like 'harbour-times': 'A b'")
    """
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return f"not an http(s) URL: {url!r}"
    if name is not None and not NAME_RE.match(name):
        return f"not a lower-case name like 'harbour-times': {name!r}"
    return None


def source_report(name: str, ledger: Ledger) -> list[str]:
    """What the check found for one source: a verdict, its listings, why
    URLs were not requested, and sample articles."""
    counts = ledger.counts[name]
    if ledger.would_crawl(name):
        known = f", {counts['known']} stored and not due" if counts["known"] else ""
        verdict = f"{counts['requested']} articles would be requested{known}"
    else:
        verdict = f"would crawl nothing: {idle_reason(name, ledger)}"
    lines = [f"source {name}: {verdict}"]
    for listing in sorted(ledger.listings[name], key=lambda x: KIND_ORDER.get(x["kind"], 3)):
        status = listing["status"]
        unit = "links" if listing["kind"] == "section" else "entries"
        what = f"{status}, {listing['entries']} {unit}" if status.isdigit() else status
        lines.append(f"  {listing['kind'] or 'listing'} {listing['url']}: {what}")
    lines += [f"  not requested: {line}" for line in ledger.not_requested(name)]
    lines += [f"  sample: {url}" for url in ledger.examples[name]["requested"]]
    return lines


def print_reports(spider: NewsSpider, samples: Samples) -> list[str]:
    """Print the check of each source of `spider`, with what its sample
    article yields; return the names of those that would crawl nothing."""
    for source in spider.sources:
        print("\n".join(source_report(source.name, spider.ledger)))
        if line := samples.line(source):
            print(f"  {line}")
    return [s.name for s in spider.sources if not spider.ledger.would_crawl(s.name)]


def idle_summary(idle: list[str], checked: int, ledgers: list[Ledger]) -> str:
    """The error line of a check where sources would crawl nothing.

    >>> idle_summary(["a"], 2, [Ledger()])
    '1 of 2 sources would crawl nothing: a'
    """
    offline = len(idle) == checked and all(no_network(ledger) for ledger in ledgers)
    return (f"{len(idle)} of {checked} sources would crawl nothing: {', '.join(idle)}"
            + ("; is there a network?" if offline else ""))  # fmt: skip


def no_network(ledger: Ledger) -> bool:
    """True when every listing failed, for a network reason.

    >>> ledger = Ledger()
    >>> ledger.failed("a", "https://a.example/rss", "feed", "fetch failed: cannot resolve host 'a.example'")
    >>> no_network(ledger), no_network(Ledger())
    (True, False)
    """
    listings = [x for source in ledger.listings.values() for x in source]
    return bool(listings) and all(x["status"].startswith(NETWORK_CAUSES) for x in listings)


def idle_reason(name: str, ledger: Ledger) -> str:
    """Why a source would crawl nothing: the main outcome of its entries, or
    its failed listings."""
    if warning := ledger.warning(name):
        return warning.removeprefix(name + ": ")
    failures = ledger.failures.get(name)
    if failures:
        return f"{len(failures)} listings failed, e.g. {failures[0][0]}: {failures[0][1]}"
    return "its listings gave no article URL"


class ProbeSpider(scrapy.Spider):
    """Fetches a site's page, its feeds and its sitemaps for `sources add`;
    what it found is in ``spider.found``."""

    name = "sources-probe"

    def __init__(self, *args, url: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.found = Found(url)

    async def start(self):
        yield scrapy.Request(self.found.url, self.parse_page, errback=self.page_failed)

    def fetch(self, url: str, callback, errback=None, **kwargs) -> scrapy.Request:
        return scrapy.Request(url, callback, errback=errback or self.skip, cb_kwargs=kwargs,
                              meta={"download_maxsize": MAX_SITEMAP_BYTES})  # fmt: skip

    def page_failed(self, failure) -> None:
        self.found.error = (
            failure_reason(failure.value, failure.request) or "forbidden by robots.txt"
        )

    def skip(self, failure) -> None:
        self.logger.info("Not found: %s: %s", failure.request.url, failure.value)

    def parse_page(self, response):
        if not isinstance(response, TextResponse):
            self.found.error = f"not an HTML page ({response.headers.get('Content-Type')})"
            return
        self.found.page_url, self.found.page = response.url, response.text
        feeds = page_feeds(response.text, response.url)
        for url in feeds or [urljoin(response.url, path) for path in FEED_PATHS]:
            yield self.fetch(url, self.parse_feed)
        robots = urljoin(response.url, "/robots.txt")
        yield self.fetch(robots, self.parse_robots, errback=self.guess_sitemaps)

    def parse_feed(self, response) -> None:
        if entries := feed_entries(response.body, response.url):
            self.found.feeds[response.url] = entries

    def parse_robots(self, response):
        text = response.body[:MAX_ROBOTS_BYTES].decode("utf-8", "replace")
        named = robots_sitemaps(text, response.url)
        if not named:
            yield from self.guess_sitemaps(None)
        for url in named:
            yield self.fetch(url, self.parse_sitemap, top=True)

    def guess_sitemaps(self, failure):
        for path in SITEMAP_PATHS:
            yield self.fetch(urljoin(self.found.page_url, path), self.parse_sitemap, top=True)

    def parse_sitemap(self, response, top: bool):
        body = response.body
        if body[:2] == b"\x1f\x8b":
            try:
                body = gunzip(body, max_size=MAX_SITEMAP_BYTES)
            except (OSError, EOFError, ValueError):
                return
        sitemap = parse_sitemap(body, response.url)
        if sitemap.kind and top:
            self.found.sitemaps.append(response.url)
        if sitemap.kind == "sitemapindex":
            for entry in [e for e in sitemap.entries if e.url][:MAX_CHILD_SITEMAPS]:
                yield self.fetch(entry.url, self.parse_sitemap, top=False)
        elif sitemap.kind:
            self.found.sitemap_entries += [(entry, sitemap.news) for entry in sitemap.entries]
