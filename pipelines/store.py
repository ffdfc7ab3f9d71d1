"""Store step: batches articles, rejects and look-up updates into the corpus
(`newsspider.store`, the only SQLite code) and keeps the run's row.

Stored articles are also returned as flat records, so feed exports
(`-O articles.jsonl`) keep working.
"""

from __future__ import annotations

import logging
import re
import resource
from collections import Counter

from scrapy import signals

from newsspider import signals as news_signals
from newsspider.items import Article, Batch, Listing, Page, Reject, output_record
from newsspider.ledger import Ledger
from newsspider.store import COUNTS, STORE_ERRORS, Corpus, open_writer, source_status

logger = logging.getLogger(__name__)


TRANSIENT = ("fetch failed", "http 5", "http 429", "http 408", "error:")
PERMANENT = ("fetch failed: too large", "fetch failed: redirect loop", "fetch failed: too many redirects",
             "fetch failed: redirected off-site")  # fmt: skip


def is_fetch_failure(reason: str) -> bool:
    """A page that could not be fetched (counted in `errors`, not `rejected`).

    >>> is_fetch_failure("fetch failed: timeout"), is_fetch_failure("http 403"), is_fetch_failure("blocked: x")
    (True, True, True)
    >>> is_fetch_failure("not an article: 3 words")
    False
    """
    return reason.startswith(("fetch failed", "http ", "blocked:"))


def cause_of(reason: str) -> str:
    """A failure's reason without the URL it names, so that the failures of
    one source add up to a cause.

    >>> cause_of("fetch failed: timeout: Getting http://a.example/x took longer than 30.0 seconds.")
    'fetch failed: timeout'
    >>> cause_of("fetch failed: cannot resolve host a.example"), cause_of("http 503")
    ('fetch failed: cannot resolve host a.example', 'http 503')
    """
    head, _, detail = reason.partition(": ")
    kind, _, rest = detail.partition(": ")
    return f"{head}: {kind}" if rest and re.search(r"https?://", rest) else reason


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
        self.corpus: Corpus | None = None
        self.failed: str | None = None  #: the first error that lost a batch
        self.unwritten: list[Reject] = []
        self.run_id: int | None = None
        self.batch = Batch()
        self.listings: list[Listing] = []
        self.counts = dict.fromkeys(COUNTS, 0)
        self.per_source: dict[str, dict[str, int]] = {}
        self.configured: set[str] = set()
        self.failures: dict[str, Counter] = {}  # per source, why its fetches failed
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
        self.corpus = open_writer(self.crawler.settings)
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
        reason = str(exception)
        self._reject(item, reason, "errors" if is_fetch_failure(reason) else "rejected")

    def item_error(self, item, response, spider=None, failure=None) -> None:
        error = failure.value if failure is not None else "unknown"
        self._reject(item, f"error: {type(error).__name__}: {error}", "errors")

    def _reject(self, item, reason: str, counter: str) -> None:
        page = item.page if isinstance(item, Article) else item
        if isinstance(page, Page):
            self._add(self.batch.rejects, Reject.of(page, reason))
            self._count(page.source, counter)
            if counter == "errors":
                self.failures.setdefault(page.source, Counter())[cause_of(reason)] += 1
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
        if not (len(self.batch) or self.unwritten) or self.corpus is None:
            return
        batch, self.batch = self.batch, Batch()
        # rejects a failed batch left: written as soon as the corpus takes them
        batch.rejects[:0], self.unwritten = self.unwritten, []
        outcomes = self._write(batch)
        if outcomes is None:
            return
        for article, outcome in zip(batch.articles, outcomes, strict=True):
            self._count(article.page.source, "duplicates" if outcome == "duplicate" else outcome)
            self._count(article.page.source, "stored")

    def _write(self, batch: Batch) -> list[str] | None:
        """Write a batch, trying twice; None if it could not be written."""
        for attempt in (1, 2):
            try:
                return self.corpus.write(self.run_id, batch, self.archive)
            except STORE_ERRORS as exc:
                logger.warning(
                    "Could not write a batch to %s (try %d): %s", self.path, attempt, exc
                )
                error = exc
        self._lost(batch, f"{type(error).__name__}: {error}")
        return None

    def _lost(self, batch: Batch, error: str) -> None:
        """A batch the corpus refused twice: each of its articles becomes a
        reject (retried next run), kept with its rejects for the next write."""
        self.failed = self.failed or error
        Ledger.of(self.crawler).store_lost(error, len(batch.articles))
        stats = self.crawler.stats
        stats.set_value("news/store/failed", self.failed)
        stats.inc_value("news/store/lost_batches")
        stats.inc_value("news/store/lost_articles", len(batch.articles))
        logger.error("Could not write %d articles and %d rejects to %s: %s",
                     len(batch.articles), len(batch.rejects), self.path, error)  # fmt: skip
        self.unwritten = batch.rejects
        for article in batch.articles:
            page = article.page
            self.unwritten.append(Reject(page.url, f"error: store failed: {error}", page.source,
                                         page.status))  # fmt: skip
            self._count(page.source, "errors")
            self._count(page.source, "transient")

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
        ledger = Ledger.of(self.crawler)
        for name, per in self.per_source.items():
            self._add_discovery(name, per, ledger)
        crawled = {n: per for n, per in self.per_source.items() if n in self.configured}
        if crawled and all(source_status(per) == "failing" for per in crawled.values()):
            reason = "failed"  # every source failed: the summary names each cause
        if self.failed:
            reason = f"store failed: {self.failed}"
        causes = {n: self.failures[n].most_common(1)[0][0] for n in crawled if n in self.failures}
        try:
            self.corpus.finish_run(self.run_id, reason, dict(self.counts), stats.get_stats(),
                                   crawled, ledger.rows(self.run_id), causes)  # fmt: skip
        except STORE_ERRORS as exc:
            ledger.store_lost(f"{type(exc).__name__}: {exc}")
            stats.set_value("news/store/failed", ledger.store_error)
            logger.error("Could not close run %s in %s: %s", self.run_id, self.path, exc)
        finally:
            self.corpus.close()
            self.corpus = None
        if self.unwritten:
            logger.error("%d rejects could not be written to %s", len(self.unwritten), self.path)

    def _add_discovery(self, name: str, per: dict[str, int], ledger: Ledger) -> None:
        """A source's discovery counts and failed listings, from the ledger."""
        counts = ledger.counts.get(name, {})
        for key, outcome in (("skipped_known", "known"), ("listing_failed", "listing_failed"),
                             ("not_modified", "not_modified")):  # fmt: skip
            per[key] = counts.get(outcome, 0)
        per["skipped"] = per["skipped_known"] + per["not_modified"]
        per["errors"] = per.get("errors", 0) + per["listing_failed"]
        self.counts["errors"] += per["listing_failed"]
        for _url, why in ledger.failures.get(name, ()):
            self.failures.setdefault(name, Counter())[why] += 1
