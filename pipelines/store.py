"""Store step: batches articles, rejects and look-up updates into the corpus
(`pipelines.corpus`, the only SQLite code) and keeps the run's row.

Stored articles are also returned as flat records, so feed exports
(`-O articles.jsonl`) keep working.
"""

from __future__ import annotations

import logging
import resource

from scrapy import signals

from newsspider import signals as news_signals
from newsspider.items import Article, Page, output_record
from pipelines.corpus import COUNTS, Batch, Corpus, Listing, Reject

logger = logging.getLogger(__name__)


TRANSIENT = ("fetch failed", "http 5", "http 429", "http 408", "error:")
PERMANENT = ("fetch failed: too large", "fetch failed: redirect loop", "fetch failed: too many redirects",
             "fetch failed: redirected off-site")  # fmt: skip


def is_transient(reason: str) -> bool:
    """A failure worth retrying next run (so listings are fetched in full again).

    >>> is_transient("http 503"), is_transient("fetch failed: timeout"), is_transient("http 404")
    (True, True, False)
    >>> is_transient("fetch failed: too large: 20971520 bytes"), is_transient("not an article: 3 words")
    (False, False)
    """
    return reason.startswith(TRANSIENT) and not reason.startswith(PERMANENT)


class StorePipeline:
    def __init__(self, crawler) -> None:
        settings = crawler.settings
        self.crawler = crawler
        self.path = settings.get("NEWS_DB")
        self.batch_size = settings.getint("NEWS_BATCH_SIZE")
        self.archive = settings.getbool("NEWS_ARCHIVE_HTML")
        self.near_duplicate = settings.getfloat("NEWS_NEAR_DUPLICATE")
        self.corpus: Corpus | None = None
        self.run_id: int | None = None
        self.batch = Batch()
        self.listings: list[Listing] = []
        self.counts = dict.fromkeys(COUNTS, 0)
        self.per_source: dict[str, dict[str, int]] = {}
        self.configured: set[str] = set()
        for handler, signal in (
            (self.item_dropped, signals.item_dropped),
            (self.item_error, signals.item_error),
            (self.spider_closed, signals.spider_closed),
            (self.listing_fetched, news_signals.listing_fetched),
            (self.not_modified, news_signals.not_modified),
        ):
            crawler.signals.connect(handler, signal=signal)

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def open_spider(self) -> None:
        spider = self.crawler.spider
        self.corpus = Corpus(self.path, self.near_duplicate)
        sources = [{"name": s.name, "homepage": s.homepage} for s in getattr(spider, "sources", [])]
        self.run_id = self.corpus.start_run(spider.name, sources)
        for s in sources:
            self.per_source[s["name"]] = {}
        # only a crawl of configured sources says anything about their health
        self.configured = set(self.per_source)
        logger.info("Storing into %s (run %s)", self.path, self.run_id)

    def process_item(self, item):
        if not isinstance(item, Article):
            return item
        self._add(self.batch.articles, item)
        return output_record(item)

    def listing_fetched(self, listing) -> None:
        # Kept until the run has finished: a feed or sitemap is only asked for
        # conditionally once every article it lists was dealt with.
        self.listings.append(listing)

    def not_modified(self, touch, source: str) -> None:
        self._add(self.batch.touches, touch)
        self._count(source, "unchanged")
        self._count(source, "stored")

    def item_dropped(self, item, response, exception, spider=None) -> None:
        self._reject(item, str(exception), "rejected")

    def item_error(self, item, response, spider=None, failure=None) -> None:
        error = failure.value if failure is not None else "unknown"
        self._reject(item, f"error: {type(error).__name__}: {error}", "errors")

    def _reject(self, item, reason: str, counter: str) -> None:
        page = item.page if isinstance(item, Article) else item
        if isinstance(page, Page):
            self._add(self.batch.rejects, Reject.of(page, reason))
            self._count(page.source, counter)
            if is_transient(reason):
                self._count(page.source, "transient")

    def _add(self, queue: list, entry) -> None:
        queue.append(entry)
        if len(self.batch) >= self.batch_size:
            self.flush()

    def _count(self, source: str, outcome: str) -> None:
        if outcome in self.counts:
            self.counts[outcome] += 1
        per = self.per_source.setdefault(source, {})
        per[outcome] = per.get(outcome, 0) + 1
        self.crawler.stats.inc_value(f"news/store/{outcome}")

    def flush(self) -> None:
        if not len(self.batch) or self.corpus is None:
            return
        batch, self.batch = self.batch, Batch()
        outcomes = self.corpus.write(self.run_id, batch, self.archive)
        for article, outcome in zip(batch.articles, outcomes, strict=True):
            self._count(article.page.source, "duplicates" if outcome == "duplicate" else outcome)
            self._count(article.page.source, "stored")

    def close_spider(self) -> None:
        self.flush()

    def spider_closed(self, spider, reason: str) -> None:
        """Close the run's row once Scrapy knows why the crawl ended."""
        if self.corpus is None:
            return
        if reason == "finished":
            self.batch.listings = [
                listing for listing in self.listings
                if not self.per_source.get(listing.source, {}).get("transient")
            ]  # fmt: skip
        self.flush()  # rejects of requests that failed while closing; listings
        stats = self.crawler.stats
        # Scrapy samples the peak only every minute: the run's row gets the true one
        stats.max_value("memusage/max", resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024)
        for name, per in self.per_source.items():
            for key in ("skipped_known", "listing_failed", "not_modified"):
                per[key] = stats.get_value(f"news/discover/{name}/{key}", 0)
            per["skipped"] = per["skipped_known"] + per["not_modified"]
        crawled = {n: per for n, per in self.per_source.items() if n in self.configured}
        self.corpus.finish_run(self.run_id, reason, dict(self.counts), stats.get_stats(), crawled)
        self.corpus.close()
        self.corpus = None
