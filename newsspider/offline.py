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
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import scrapy
from scrapy import signals

from newsspider import EXTRACTOR_VERSION
from newsspider.items import Article, Page, output_record
from pipelines.corpus import CorpusIndex
from pipelines.validate import dropped_article

#: pages read ahead of those written, per worker process
READ_AHEAD = 16


def manifest_pages(path: Path, fetched: str):
    """One `Page` per manifest line (a page that cannot be read carries the error)."""
    with path.open(encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            if not line.strip():
                continue
            yield read_entry(line, path.parent, fetched, n)


def read_entry(line: str, folder: Path, fetched: str, n: int) -> Page:
    """The page a manifest line names.

    >>> read_entry('{"url": "https://a.example/x", "path": "nope.html", "id": 3}', Path("/none"), "", 1).error
    'cannot read /none/nope.html: No such file or directory'
    >>> read_entry('not json', Path("."), "", 2).error
    'bad manifest line 2: not a JSON object with "url" and "path"'
    """
    try:
        entry = json.loads(line)
        url, rel = entry["url"], entry["path"]
        if not isinstance(url, str) or not isinstance(rel, str):
            raise TypeError
    except (ValueError, KeyError, TypeError):
        return Page(
            url="",
            id=f"line {n}",
            error=f'bad manifest line {n}: not a JSON object with "url" and "path"',
        )
    page = Page(
        url=url, final_url=url, id=entry.get("id"), fetched=fetched, hints={"via": "manifest"}
    )
    file = folder / rel
    try:
        data = file.read_bytes()
        page.html = gzip.decompress(data) if file.suffix == ".gz" else data
    except (OSError, EOFError, gzip.BadGzipFile) as exc:
        page.error = f"cannot read {file}: {getattr(exc, 'strerror', None) or exc}"
    page.headers = {"Content-Type": "text/html"}
    return page


class ManifestSpider(scrapy.Spider):
    name = "manifest"

    def __init__(self, *args, manifest: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.manifest = Path(manifest)

    async def start(self):
        stats = self.crawler.stats
        fetched = datetime.now(UTC).replace(microsecond=0).isoformat()
        limit = READ_AHEAD * max(1, self.settings.getint("NEWS_EXTRACT_WORKERS") or 2)
        read, written = "news/manifest/read", "news/manifest/written"
        for n, page in enumerate(manifest_pages(self.manifest, fetched)):
            page.hints["line"] = n
            await wait_until(
                lambda: stats.get_value(read, 0) - stats.get_value(written, 0) <= limit
            )
            stats.inc_value(read)
            yield page
        # Return only once every page is written: the engine then sees an idle
        # spider at once instead of at its next 5-second heartbeat.
        await wait_until(lambda: stats.get_value(written, 0) >= stats.get_value(read, 0))


class ArchiveSpider(scrapy.Spider):
    """`scrapy reextract`: the archived pages of the corpus, through the
    crawl's own pipelines (the store updates each article in place, keeping
    its earlier version when the new extraction differs)."""

    name = "reextract"

    def __init__(self, *args, all_pages: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.all_pages = all_pages

    async def start(self):
        index = CorpusIndex(self.settings.get("NEWS_DB"))
        stats = self.crawler.stats
        try:
            for source, url, fetched, status, headers, html, hints, options in index.archived_pages(
                self.all_pages, EXTRACTOR_VERSION
            ):
                await wait_until(lambda: stats.get_value(READ, 0) - _done(stats) <= READ_AHEAD * 4)
                stats.inc_value(READ)
                yield Page(url=url, source=source, final_url=url, status=status, headers=headers,
                           html=html, fetched=fetched, hints=hints, options=options)  # fmt: skip
        finally:
            index.close()
        await wait_until(lambda: _done(stats) >= stats.get_value(READ, 0))


READ = "news/reextract/read"


async def wait_until(ready) -> None:
    """Let the pipelines work until `ready()` holds (backpressure for the
    pages a spider yields from start(), which Scrapy does not bound)."""
    while not ready():
        await asyncio.sleep(0.01)


def _done(stats) -> int:
    """Pages through the pipelines: stored (written or still in the store's
    batch), rejected, or failed."""
    keys = ("item_scraped_count", "item_dropped_count", "news/store/errors")
    return sum(stats.get_value(k, 0) for k in keys)


class ManifestWriter:
    """Last pipeline of `scrapy extract`: one JSON line per manifest line,
    stored or rejected, in manifest order."""

    def __init__(self, crawler) -> None:
        self.crawler = crawler
        self.path = Path(crawler.settings.get("NEWS_EXTRACT_OUTPUT"))
        self.pending: dict[int, dict[str, Any]] = {}
        self.next = 0
        self.fh = None
        crawler.signals.connect(self.item_dropped, signal=signals.item_dropped)
        crawler.signals.connect(self.item_error, signal=signals.item_error)

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def open_spider(self) -> None:
        self.fh = self.path.open("w", encoding="utf-8")

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
            self.fh.write(json.dumps(self.pending.pop(self.next), ensure_ascii=False) + "\n")
            self.next += 1
            self.crawler.stats.inc_value("news/manifest/written")

    def close_spider(self) -> None:
        for line in sorted(self.pending):  # only if the crawl was cut short
            self.fh.write(json.dumps(self.pending.pop(line), ensure_ascii=False) + "\n")
        self.fh.close()


def _page(item) -> Page:
    return item.page if isinstance(item, Article) else item
