"""Backfill from web archives: the pages of WARC files through the crawl's
own pipelines, behind `scrapy extract FILE.warc.gz` (`-o OUT.jsonl`, or
`--store` into the corpus) and `scrapy backfill --from CC-NEWS`.

`WarcSpider` reads local WARC files; `CCNewsSpider` first fetches each WARC
file of Common Crawl's CC-NEWS months, one at a time, to disk (through the
address guard of `newsspider.netsafety`, within `NEWS_WARC_MAXSIZE`), and
records each file done in the corpus's `backfill_files` table once every
record of it is stored, so a rerun skips it (a file cut short by a kill is
read again from its start: its records already stored are unchanged).
"""

from __future__ import annotations

import asyncio
import gzip
import http.client
import socket
import ssl
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from urllib.parse import urlsplit

import scrapy
import sqlite_utils

from newsspider.items import Page
from newsspider.netsafety import (
    BlockedRequest,
    Guard,
    host_and_port,
    is_allowed_host,
    refusal,
    resolve,
)
from newsspider.offline import Backlog, read_ahead
from newsspider.sources import Source
from newsspider.store.clock import utcnow
from newsspider.warc import CHUNK, WarcReader, WarcTally

READ = "news/warc/read"
#: a month's listing of WARC files, under NEWS_CCNEWS_BASE
CCNEWS_PATHS = "crawl-data/CC-NEWS/{year}/{month:02d}/warc.paths.gz"
#: the largest `warc.paths.gz` read (a month lists a few hundred files: ~10 KB)
MAX_LISTING = 1 << 20
DONE_TABLE = "backfill_files"


def source_for(url: str, sources: list[Source]) -> Source | None:
    """The configured source whose domains `url`'s host belongs to."""
    return next((s for s in sources if s.allows(url)), None)


class WarcSpider(scrapy.Spider):
    """Each page of the WARC files, yielded to the pipelines with
    backpressure. With `store`, pages are given the configured source their
    host belongs to (or their host) and its extraction options; without,
    each carries its line number for the output writer."""

    name = "backfill"

    def __init__(self, *args, warcs=(), store: bool = False, sources=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.warcs = [Path(p) for p in warcs]
        self.store = store
        self.wanted: list[Source] = list(sources)  # not `sources`: a backfill is no crawl of them
        self.tally = WarcTally()
        self.line = 0

    async def start(self):
        self.backlog = Backlog(self.crawler)
        limit = read_ahead(self.settings)
        async for warc in self.warc_files():
            failed = isinstance(warc, Page)  # a file that could not be fetched: its reject
            pages = [warc] if failed else WarcReader(warc, self.tally, self.max_size).pages()
            for page in self.keep(pages):
                await self.backlog.admit(limit)
                self.crawler.stats.inc_value(READ)
                yield page
            if not failed:
                await self.file_read(warc)
        await self.backlog.within(0)
        self.count_tally()

    @property
    def max_size(self) -> int:
        return self.settings.getint("DOWNLOAD_MAXSIZE")

    async def warc_files(self) -> AsyncIterator[Path | Page]:
        for warc in self.warcs:
            yield warc

    async def file_read(self, warc: Path) -> None:
        """Called once every page of `warc` has been yielded."""
        self.count_tally()

    def keep(self, pages: Iterator[Page]) -> Iterator[Page]:
        for page in pages:
            if self.store:
                source = source_for(page.url, self.wanted)
                page.source = page.source or (source.name if source else host_of(page.url))
                page.options = page.options or (source.options() if source else {})
            else:
                page.hints["line"] = self.line
                self.line += 1
            yield page

    def count_tally(self) -> None:
        stats = self.crawler.stats
        stats.set_value("news/warc/records", self.tally.records)
        stats.set_value("news/warc/pages", self.tally.pages)
        for reason, n in self.tally.skipped.items():
            stats.set_value(f"news/warc/skipped/{reason}", n)


def host_of(url: str) -> str:
    """A URL's host, lower case, without its port.

    >>> host_of("https://News.Example:8080/a")
    'news.example'
    """
    return host_and_port(url)[0]


# -- CC-NEWS ------------------------------------------------------------------


def months(since: str, until: str | None = None) -> list[tuple[int, int]]:
    """The (year, month) pairs from `since` to `until` (YYYY-MM), both included.

    >>> months("2023-11", "2024-02")
    [(2023, 11), (2023, 12), (2024, 1), (2024, 2)]
    >>> months("2024-03")
    [(2024, 3)]
    """
    y, m = (int(x) for x in since.split("-"))
    end = tuple(int(x) for x in (until or since).split("-"))
    found = []
    while (y, m) <= end:
        found.append((y, m))
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return found


class DownloadFailed(RuntimeError):
    """A WARC file or listing could not be fetched; the message says why."""


class CCNewsSpider(WarcSpider):
    """`scrapy backfill --from CC-NEWS`: the WARC files of each month, fetched
    one by one; only records of the configured sources (all, with
    `all_hosts`) go to the pipelines, which store them."""

    def __init__(self, *args, months=(), all_hosts: bool = False, **kwargs):
        super().__init__(*args, store=True, **kwargs)
        self.months = list(months)
        self.all_hosts = all_hosts
        self.failed: list[str] = []

    async def warc_files(self) -> AsyncIterator[Path | Page]:
        settings = self.settings
        self.base = settings.get("NEWS_CCNEWS_BASE").rstrip("/") + "/"
        self.folder = Path(f"{settings.get('NEWS_DB')}.backfill")
        self.folder.mkdir(parents=True, exist_ok=True)
        self.guard = Guard(self.crawler)
        self.files = DoneFiles(settings.get("NEWS_DB"))
        for year, month in self.months:
            urls = await self.listing(year, month)
            if isinstance(urls, Page):
                yield urls
                continue
            for url in urls:
                if self.files.is_done(url):
                    self.crawler.stats.inc_value("news/backfill/files_skipped_done")
                    continue
                self.current = (url, f"{year}-{month:02d}", self.tally.pages)
                warc = await self.fetch(url, settings.getint("NEWS_WARC_MAXSIZE"))
                if isinstance(warc, Path):
                    self.crawler.stats.inc_value("news/backfill/files_fetched")
                yield warc

    async def listing(self, year: int, month: int) -> list[str] | Page:
        """The WARC files of a month (`warc.paths.gz`), or why they are unknown."""
        url = self.base + CCNEWS_PATHS.format(year=year, month=month)
        path = await self.fetch(url, MAX_LISTING)
        if isinstance(path, Page):
            return path
        try:
            lines = gzip.decompress(path.read_bytes()).decode("utf-8", "replace").split()
        except (OSError, EOFError) as exc:
            self.failed.append(f"{url}: bad listing: {exc}")
            return Page(url=url, status=0, error=f"bad listing: {exc}", hints={"via": "backfill"})
        finally:
            path.unlink()
        return [self.base + line.lstrip("/") for line in lines if line.endswith(".warc.gz")]

    async def fetch(self, url: str, max_size: int) -> Path | Page:
        """`url` downloaded into the backfill folder (a partial download from
        an interrupted run starts over), or a page saying why it failed."""
        dest = self.folder / Path(urlsplit(url).path).name
        if dest.exists():  # downloaded whole by a run that stopped before storing it all
            return dest
        try:
            address = await vetted_address(self.guard, url)
            await asyncio.to_thread(
                download, url, address, dest, max_size, self.settings.getfloat("DOWNLOAD_TIMEOUT"),
                self.settings.get("USER_AGENT"),
            )  # fmt: skip
        except (BlockedRequest, DownloadFailed, OSError, http.client.HTTPException) as exc:
            reason = str(exc) if isinstance(exc, BlockedRequest) else f"fetch failed: {exc}"
            self.failed.append(f"{url}: {reason}")
            self.logger.warning("Backfill: %s: %s", url, reason)
            self.crawler.stats.inc_value("news/backfill/files_failed")
            return Page(url=url, status=0, error=reason, hints={"via": "backfill"})
        return dest

    def keep(self, pages: Iterator[Page]) -> Iterator[Page]:
        for page in pages:
            ours = page.hints.get("via") == "backfill" or not page.url.startswith("http")
            if self.all_hosts or ours or source_for(page.url, self.wanted) is not None:
                yield from super().keep([page])
            else:
                self.tally.skipped["not a configured source"] += 1

    async def file_read(self, warc: Path) -> None:
        """Once every page of `warc` is stored: the file is done."""
        await self.backlog.within(0)
        store = next(
            (p for p in self.crawler.engine.scraper.itemproc.middlewares if hasattr(p, "flush")),
            None,
        )
        if store is not None:
            store.flush()
        url, month, pages_before = self.current
        self.files.mark_done(url, month, self.tally.pages - pages_before)
        warc.unlink(missing_ok=True)
        self.count_tally()


async def vetted_address(guard: Guard, url: str) -> str:
    """The address to connect to for `url`: the guard's checks (scheme,
    allow-lists, non-public addresses), then the address resolved again
    and checked once more, as the one the connection will use (a DNS answer
    that changed in between cannot slip through)."""
    await guard.check(url)
    host, _ = host_and_port(url)
    addresses = await resolve(host, guard.dns_timeout)
    allowed = guard.allow_private or is_allowed_host(url, guard.allow_hosts)
    if not allowed and (why := refusal(host, addresses)):
        raise BlockedRequest(why)
    return addresses[0]


def connection(url: str, address: str, timeout: float) -> http.client.HTTPConnection:
    """An HTTP(S) connection to `url`'s host that connects to `address` only."""
    parts = urlsplit(url)
    port = parts.port or (443 if parts.scheme == "https" else 80)
    if parts.scheme == "https":
        conn = http.client.HTTPSConnection(parts.hostname, port, timeout=timeout)
        context = ssl.create_default_context()

        def connect() -> None:
            sock = socket.create_connection((address, port), timeout)
            conn.sock = context.wrap_socket(sock, server_hostname=parts.hostname)

    else:
        conn = http.client.HTTPConnection(parts.hostname, port, timeout=timeout)

        def connect() -> None:
            conn.sock = socket.create_connection((address, port), timeout)

    conn.connect = connect
    return conn


def download(url: str, address: str, dest: Path, max_size: int, timeout: float, agent: str) -> int:
    """Stream `url` into `dest` (through `dest`.part, renamed once whole);
    its size. Raises DownloadFailed past `max_size`, on a status other than
    200 (redirects are not followed) or a body shorter than announced."""
    parts = urlsplit(url)
    conn = connection(url, address, timeout)
    part = dest.with_name(dest.name + ".part")
    try:
        conn.request("GET", parts.path + (f"?{parts.query}" if parts.query else ""),
                     headers={"User-Agent": agent})  # fmt: skip
        response = conn.getresponse()
        if response.status != 200:
            raise DownloadFailed(f"http {response.status}")
        declared = int(response.getheader("Content-Length") or -1)
        if declared > max_size:
            raise DownloadFailed(f"too large: {declared} bytes (maximum {max_size})")
        size = 0
        with part.open("wb") as out:
            while chunk := response.read(CHUNK):
                size += len(chunk)
                if size > max_size:
                    raise DownloadFailed(f"too large: over {max_size} bytes")
                out.write(chunk)
        if declared >= 0 and size != declared:
            raise DownloadFailed(f"truncated: {size} of {declared} bytes")
        part.rename(dest)
        return size
    finally:
        conn.close()
        part.unlink(missing_ok=True)


class DoneFiles:
    """The corpus's `backfill_files` table: each WARC file whose records are
    all stored, so a rerun does not fetch it again."""

    def __init__(self, db_path: str) -> None:
        self.db = sqlite_utils.Database(db_path)
        self.db.execute("PRAGMA busy_timeout = 10000")
        if not self.db[DONE_TABLE].exists():
            self.db[DONE_TABLE].create(
                {"url": str, "month": str, "pages": int, "finished": str}, pk="url"
            )

    def is_done(self, url: str) -> bool:
        return bool(self.db.execute(f"SELECT 1 FROM {DONE_TABLE} WHERE url = ?", [url]).fetchone())

    def mark_done(self, url: str, month: str, pages: int) -> None:
        finished = utcnow()
        with self.db.atomic():
            self.db[DONE_TABLE].upsert(
                {"url": url, "month": month, "pages": pages, "finished": finished}, pk="url"
            )
