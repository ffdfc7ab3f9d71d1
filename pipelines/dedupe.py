"""Dedupe step: the near-copies of each article among the committed ones.

The body's fingerprint (`newsspider.extraction.fingerprint`) is made in the
worker trip of the extract step (`newsspider.article.build_article`); here
the crawling process looks up the committed articles that share one of its
bands, and when there are any they are compared in a worker: one more trip,
for those articles only. The store links the copies it finds.
"""

from __future__ import annotations

from newsspider.cluster import is_worker_crawl
from newsspider.extraction.fingerprint import (
    NEAR_CANDIDATES,
    NEAR_CHARS,
    NEAR_WORDS,
    fingerprint,
    near_copy,
)
from newsspider.items import Article
from newsspider.store import CorpusIndex
from pipelines.extract import ChainStep

#: the pure functions, importable from their step as before
__all__ = [
    "NEAR_CANDIDATES",
    "NEAR_CHARS",
    "NEAR_WORDS",
    "DedupePipeline",
    "fingerprint",
    "near_copy",
]


class DedupePipeline(ChainStep):
    """Compares bodies with the committed articles that share a band (in the
    worker processes). ``record["near_copy"]`` is (id, similarity, the last
    article id looked at, candidates compared)."""

    def __init__(self, crawler) -> None:
        super().__init__(crawler)
        # a cluster worker has no corpus: the writer compares near-copies alone
        self.path = None if is_worker_crawl(crawler.settings) else crawler.settings.get("NEWS_DB")
        self.threshold = crawler.settings.getfloat("NEWS_NEAR_DUPLICATE")
        self.index: CorpusIndex | None = None

    async def process_item(self, item):
        if not isinstance(item, Article) or item.error is not None:
            return item
        await self.ensure(item, "fingerprint")
        self.crawler.stats.inc_value("news/dedupe/fingerprinted")
        bands, body = item.record.get("bands"), item.record.get("body") or ""
        if bands and self.path:
            upto, candidates = self._index().near_candidates(bands, NEAR_CANDIDATES, NEAR_CHARS)
            found = (None, None)
            if candidates:
                found = await self.run(near_copy, body, candidates, self.threshold)
                self.crawler.stats.inc_value("news/dedupe/compared", len(candidates))
            item.record["near_copy"] = (*found, upto, len(candidates))
        return item

    def _index(self) -> CorpusIndex:
        if self.index is None or self.index.conn is None:  # the store creates the corpus
            self.index = CorpusIndex(self.path)
        return self.index

    def close_spider(self) -> None:
        if self.index is not None:
            self.index.close()
        super().close_spider()
