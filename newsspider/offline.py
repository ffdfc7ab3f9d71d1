"""Run the pipelines over saved pages: the spider and writer behind
`scrapy extract` (and, later, `scrapy reextract`).

The manifest spider yields one `Page` per manifest line straight from
``start()``; the crawl's own item pipelines (minus the store) process it; the
writer writes one output line per manifest line, in manifest order.
"""

from __future__ import annotations

import asyncio
import gzip
import json
import os
import stat
import sys
import zlib
from pathlib import Path
from typing import Any

import scrapy
from scrapy import signals

from newsspider import EXTRACTOR_VERSION
from newsspider.items import Article, Page, dropped_article, output_record
from newsspider.store import CorpusIndex
from newsspider.store.clock import iso_utc

#: pages read ahead of those written, per worker process
READ_AHEAD = 16


#: the size cap of a saved page when no setting gives one (DOWNLOAD_MAXSIZE)
MAX_PAGE = 16 * 1024 * 1024
#: the longest manifest line read (a longer one is an error line)
MAX_LINE = 64 * 1024


class Unreadable(Exception):
    """A saved page that is not read, and why."""


def manifest_pages(path: Path, fetched: str, cap: int = MAX_PAGE, confine: bool = False):
    """One `Page` per manifest line (a page that cannot be read carries the error)."""
    with path.open("rb") as fh:
        for n, line in enumerate(iter(lambda: fh.readline(MAX_LINE + 1), b""), 1):
            if len(line) > MAX_LINE and not line.endswith(b"\n"):
                while (rest := fh.readline(MAX_LINE)) and not rest.endswith(b"\n"):
                    pass
                yield bad_line(n, f"longer than {MAX_LINE} bytes")
            elif line.strip():
                yield read_entry(line, path.parent, fetched, n, cap=cap, confine=confine)


def bad_line(n: int, why: str) -> Page:
    return Page(url="", id=f"line {n}", error=f"bad manifest line {n}: {why}")


def read_entry(
    line: str | bytes,
    folder: Path,
    fetched: str,
    n: int,
    cap: int = MAX_PAGE,
    confine: bool = False,
) -> Page:
    """The page a manifest line names.

    >>> read_entry('{"url": "https://a.example/x", "path": "nope.html", "id": 3}', Path("/none"), "", 1).error
    'cannot read /none/nope.html: No such file or directory'
    >>> read_entry('not json', Path("."), "", 2).error
    'bad manifest line 2: not a JSON object with "url" and "path"'
    >>> read_entry(b'{"url": "caf\\xe9", "path": "x.html"}', Path("."), "", 3).error
    'bad manifest line 3: not UTF-8 (byte 13)'
    >>> read_entry('{"url": "x", "path": "/dev/zero"}', Path("/tmp"), "", 4).error
    'cannot read /dev/zero: not a regular file'
    >>> read_entry('{"url": "x", "path": "/etc/hostname"}', Path("/tmp"), "", 5, confine=True).error
    "cannot read /etc/hostname: outside the manifest's folder (NEWS_EXTRACT_CONFINE)"
    """
    try:
        entry = parse_line(line)
    except Unreadable as exc:
        return bad_line(n, str(exc))
    try:
        fetched = fetch_time(entry.get("fetched")) or fetched
    except Unreadable as exc:
        return bad_line(n, str(exc))
    page = Page(url=entry["url"], final_url=entry["url"], id=entry.get("id"), fetched=fetched,
                hints={"via": "manifest"}, headers={"Content-Type": "text/html"})  # fmt: skip
    file = folder / entry["path"]
    try:
        if confine and not file.resolve().is_relative_to(folder.resolve()):
            raise Unreadable("outside the manifest's folder (NEWS_EXTRACT_CONFINE)")
        page.html = read_capped(file, cap)
    except (OSError, EOFError, zlib.error, ValueError, Unreadable) as exc:
        page.error = f"cannot read {file}: {getattr(exc, 'strerror', None) or exc}"
    return page


def fetch_time(value: Any) -> str:
    """A manifest line's optional `fetched` (ISO 8601; a time without a zone is
    UTC) in the form `Page.fetched` has; "" when there is none. Relative dates
    on the page ("3 hours ago") count from it.

    >>> fetch_time("2024-05-02T14:00:00+02:00"), fetch_time("2024-05-02 12:00"), fetch_time(None)
    ('2024-05-02T12:00:00+00:00', '2024-05-02T12:00:00+00:00', '')
    >>> fetch_time("yesterday")
    Traceback (most recent call last):
    ...
    newsspider.offline.Unreadable: "fetched" is not an ISO 8601 time: 'yesterday'
    """
    if value is None:
        return ""
    if (when := iso_utc(str(value))) == str(value) and not when.endswith("+00:00"):
        raise Unreadable(f'"fetched" is not an ISO 8601 time: {value!r}')
    return when


def parse_line(line: str | bytes) -> dict[str, Any]:
    """A manifest line's JSON object, with string `url` and `path`.

    >>> parse_line('{"url": "https://a.example/", "path": "a.html", "id": 1}')["id"]
    1
    >>> parse_line('{"url": "\\ud800", "path": "a.html"}')
    Traceback (most recent call last):
    ...
    newsspider.offline.Unreadable: not valid Unicode
    """
    try:
        text = line.decode("utf-8") if isinstance(line, bytes) else line
    except UnicodeDecodeError as exc:
        raise Unreadable(f"not UTF-8 (byte {exc.start + 1})") from None
    try:
        entry = json.loads(text)
        if not (isinstance(entry["url"], str) and isinstance(entry["path"], str)):
            raise TypeError
    except (ValueError, KeyError, TypeError, IndexError):
        raise Unreadable('not a JSON object with "url" and "path"') from None
    try:
        json.dumps(entry, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError:
        raise Unreadable("not valid Unicode") from None
    return entry


def read_capped(file: Path, cap: int) -> bytes:
    """A saved page's bytes, unpacked if it ends in .gz, read as a stream
    that stops past `cap` bytes; only a regular file is read.

    >>> read_capped(Path("/dev/null"), 10)
    Traceback (most recent call last):
    ...
    newsspider.offline.Unreadable: not a regular file
    """
    fd = os.open(file, os.O_RDONLY | os.O_NONBLOCK)  # a FIFO must not wait for a writer
    if not stat.S_ISREG(os.fstat(fd).st_mode):
        os.close(fd)
        raise Unreadable("not a regular file")
    with open(fd, "rb") as fh:
        packed = file.suffix == ".gz"
        data = (gzip.GzipFile(fileobj=fh) if packed else fh).read(cap + 1)
    if len(data) > cap:
        raise Unreadable(f"over the size cap of {cap} bytes{' unpacked' if packed else ''}")
    return data


class Backlog:
    """The pages a spider yields from ``start()`` that the pipelines have not
    finished with (stored, written, rejected or failed): Scrapy does not bound
    what ``start()`` yields, so the spider waits (`within`) while too many are
    in flight. Each item the pipelines finish with (the `item_scraped`,
    `item_dropped` and `item_error` signals) wakes the spider once the backlog
    is short enough: nothing polls."""

    def __init__(self, crawler) -> None:
        self.read = 0  #: pages yielded
        self.done = 0  #: pages the pipelines finished with
        self.limit = -1  #: the backlog the waiting spider waits for
        self.ready = asyncio.Event()
        for signal in (signals.item_scraped, signals.item_dropped, signals.item_error):
            crawler.signals.connect(self.finished, signal=signal)

    def finished(self, **kwargs) -> None:
        self.done += 1
        if self.read - self.done <= self.limit:
            self.ready.set()

    async def admit(self, limit: int) -> None:
        """Count one more page in flight, once at most `limit` are."""
        await self.within(limit)
        self.read += 1

    async def within(self, limit: int) -> None:
        """Return once at most `limit` pages are in flight (0: every page is done)."""
        while self.read - self.done > limit:
            self.limit = limit
            self.ready.clear()
            await self.ready.wait()
        self.limit = -1

    async def feed(self, pages, limit: int):
        """`pages`, each yielded once at most `limit` are in flight; the last
        once every page is done (the engine then sees an idle spider at once
        instead of at its next 5-second heartbeat)."""
        for page in pages:
            await self.admit(limit)
            yield page
        await self.within(0)


def read_ahead(settings) -> int:
    """The pages an offline spider keeps in flight: READ_AHEAD per worker process."""
    return READ_AHEAD * max(1, settings.getint("NEWS_EXTRACT_WORKERS") or 2)


class ManifestSpider(scrapy.Spider):
    name = "manifest"

    def __init__(self, *args, manifest: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.manifest = Path(manifest)
        self.lines: int | None = None  #: the manifest's lines, once read to the end

    async def start(self):
        self.backlog = Backlog(self.crawler)
        fetched = ""  # unknown: a line's own `fetched`, else relative dates count from the clock
        cap = self.settings.getint("DOWNLOAD_MAXSIZE") or MAX_PAGE
        confine = self.settings.getbool("NEWS_EXTRACT_CONFINE")
        async for page in self.backlog.feed(
            self.numbered(manifest_pages(self.manifest, fetched, cap, confine)),
            read_ahead(self.settings),
        ):
            yield page

    def numbered(self, pages):
        stats = self.crawler.stats
        n = -1
        for n, page in enumerate(pages):
            page.hints["line"] = n
            stats.inc_value("news/manifest/read")
            yield page
        self.lines = n + 1  # read to the end
        stats.set_value("news/manifest/lines", self.lines)


class ArchiveSpider(scrapy.Spider):
    """`scrapy reextract`: the archived pages of the corpus, through the
    crawl's own pipelines (the store updates each article in place, keeping
    its earlier version when the new extraction differs)."""

    name = "reextract"

    def __init__(self, *args, all_pages: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.all_pages = all_pages

    async def start(self):
        self.backlog = Backlog(self.crawler)
        async for page in self.backlog.feed(self.pages(), READ_AHEAD * 4):
            yield page

    def pages(self):
        index = CorpusIndex(self.settings.get("NEWS_DB"))
        try:
            for source, url, fetched, status, headers, html, hints, options in index.archived_pages(
                self.all_pages, EXTRACTOR_VERSION
            ):
                self.crawler.stats.inc_value("news/reextract/read")
                yield Page(url=url, source=source, final_url=url, status=status, headers=headers,
                           html=html, fetched=fetched, hints=hints, options=options)  # fmt: skip
        finally:
            index.close()


class ManifestWriter:
    """Last pipeline of `scrapy extract`: one JSON line per manifest line,
    stored or rejected, in manifest order."""

    def __init__(self, crawler) -> None:
        self.crawler = crawler
        self.path = crawler.settings.get("NEWS_EXTRACT_OUTPUT")  # "-": standard output
        self.pending: dict[int, dict[str, Any]] = {}
        self.next = 0
        self.fh = None
        self.written = 0  #: lines written
        self.error: str | None = None  #: why the output refused a line, if it did
        self.reason: str | None = None  #: why the crawl finished
        crawler.news_output = self
        crawler.signals.connect(self.item_dropped, signal=signals.item_dropped)
        crawler.signals.connect(self.item_error, signal=signals.item_error)
        crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    @staticmethod
    def progress(crawler) -> dict[str, Any]:
        """How far the crawl's manifest was written: lines written, read and
        in all (None unless read to the end), why the crawl finished, and
        why the output refused a line."""
        writer, spider = crawler.news_output, crawler.spider
        backlog = getattr(spider, "backlog", None)
        return {"written": writer.written, "read": backlog.read if backlog else 0,
                "lines": spider.lines, "reason": writer.reason, "error": writer.error}  # fmt: skip

    def spider_closed(self, spider, reason: str) -> None:
        self.reason = reason

    def open_spider(self) -> None:
        if self.path == "-":
            self.fh = sys.stdout
        else:  # line-buffered: a line the output refuses fails at once, not at close
            self.fh = open(self.path, "w", encoding="utf-8", buffering=1)  # noqa: SIM115

    def process_item(self, item):
        if isinstance(item, Article):
            self._write(item.page, self._row(item))
        return item

    def item_dropped(self, item, response, exception, spider=None) -> None:
        item = dropped_article(item, exception) or item
        self._write(_page(item), self._row(item, str(exception)))

    def item_error(self, item, response, spider=None, failure=None) -> None:
        error = failure.value if failure is not None else "unknown"
        self._write(_page(item), self._row(item, f"error: {type(error).__name__}: {error}"))

    def _row(self, item, error: str | None = None) -> dict[str, Any]:
        article = item if isinstance(item, Article) else Article(page=item)
        row = output_record(article, error)
        row["canonical_url"], row["url"] = row["url"], article.page.url
        return row

    def _write(self, page: Page, row: dict[str, Any]) -> None:
        self.pending[page.hints["line"]] = row
        while self.next in self.pending:
            self._line(self.pending.pop(self.next))
            self.next += 1

    def _line(self, row: dict[str, Any]) -> None:
        """One output line; a line the output refuses (disk full, a closed
        pipe) is not counted as written, so the run ends incomplete."""
        self.crawler.stats.inc_value("news/manifest/handled")
        try:
            self.fh.write(json.dumps(row, ensure_ascii=False) + "\n")
        except OSError as exc:
            self.error = str(exc)
            self.crawler.stats.set_value("news/manifest/output_error", self.error)
        else:
            self.written += 1
            self.crawler.stats.inc_value("news/manifest/written")

    def close_spider(self) -> None:
        for line in sorted(self.pending):  # only if the crawl was cut short
            self._line(self.pending.pop(line))
        try:
            self.fh.flush() if self.fh is sys.stdout else self.fh.close()
        except OSError as exc:
            self.error = str(exc)
            self.crawler.stats.set_value("news/manifest/output_error", self.error)


def _page(item) -> Page:
    return item.page if isinstance(item, Article) else item
