"""Dedupe step: fingerprint each body so the store can link copies.

Exact copies (same content hash under another URL) are stored once, their
URL kept as an alias; near-copies (the same wire story, lightly edited) are
stored but linked through ``duplicate_of`` with their similarity.

Finding candidates stays cheap at millions of rows with MinHash LSH: a
32-bin one-permutation MinHash of the body's word 4-grams (each 4-gram hashed
once, kept as the minimum of its bin), cut into 16 bands of 2 bins; each
band's hash is indexed. Measured on 800-word texts: bodies with Jaccard
similarity 0.45 or more share a band 98% of the time or more, unrelated ones
never did in 300 tries. Only rows sharing a band are compared, by their exact
similarity, and only the first NEAR_CANDIDATES of them on the first
NEAR_WORDS words of each body: crafted bodies that all share a band cost no
more than that. The comparison runs here, in the worker processes, against
the articles already committed; the store compares only the few written since
(the same batch), with the same bounds.

    >>> a = ("The council approved the new bridge on Monday after a long debate about its cost. "
    ...      "Work starts in spring and should take two years. The old crossing stays open until then.")
    >>> b = a.replace("Monday", "Tuesday")
    >>> round(similarity(a, b), 2), bool(set(lsh_bands(minhash(a))) & set(lsh_bands(minhash(b))))
    (0.75, True)
"""

from __future__ import annotations

import hashlib

from newsspider.cluster import is_worker_crawl
from newsspider.items import Article
from newsspider.store import CorpusIndex
from newsspider.store.dedupe import (
    NEAR_CANDIDATES,
    NEAR_CHARS,
    near_copy,
    shingles,
    similarity,  # noqa: F401 (the example above)
)
from newsspider.workers import OffloadingPipeline

BINS = 32
ROWS_PER_BAND = 2
EMPTY = (1 << 64) - 1


def _h64(data: str) -> int:
    return int.from_bytes(hashlib.blake2b(data.encode(), digest_size=8).digest(), "big")


def minhash(text: str) -> list[int]:
    """The body's one-permutation MinHash signature ([] for an empty body):
    each 4-gram hashed once into one of BINS bins; an empty bin borrows the
    next bin's value (densification), so short texts still compare.

    >>> len(minhash("the cat sat on the mat today")), minhash("")
    (32, [])
    """
    bins = [EMPTY] * BINS
    for gram in shingles(text):
        h = _h64(" ".join(gram))
        b, v = h % BINS, h // BINS
        if v < bins[b]:
            bins[b] = v
    if all(v == EMPTY for v in bins):
        return []
    for i in range(BINS):
        j = i
        while bins[j % BINS] == EMPTY:
            j += 1
        bins[i] = bins[j % BINS] if bins[i] == EMPTY else bins[i]
    return bins


def lsh_bands(signature: list[int]) -> list[int]:
    """One signed 63-bit hash per band of the signature (what SQLite indexes).

    >>> len(lsh_bands(minhash("a b c d e f"))), lsh_bands([])
    (16, [])
    """
    out = []
    for i in range(0, len(signature), ROWS_PER_BAND):
        band = ",".join(map(str, signature[i : i + ROWS_PER_BAND]))
        out.append(_h64(f"{i}:{band}") >> 1)
    return out


def fingerprint(body: str) -> list[int]:
    """The LSH band hashes the store indexes for `body`."""
    return lsh_bands(minhash(body))


class DedupePipeline(OffloadingPipeline):
    """Fingerprints bodies and compares them with the committed articles that
    share a band (both in the worker processes). ``record["near_copy"]`` is
    (id, similarity, the last article id looked at, candidates compared)."""

    def __init__(self, crawler) -> None:
        super().__init__(crawler)
        # a cluster worker has no corpus: the writer compares near-copies alone
        self.path = None if is_worker_crawl(crawler.settings) else crawler.settings.get("NEWS_DB")
        self.threshold = crawler.settings.getfloat("NEWS_NEAR_DUPLICATE")
        self.index: CorpusIndex | None = None

    async def process_item(self, item):
        if isinstance(item, Article) and item.error is None:
            body = item.record.get("body") or ""
            item.record["bands"] = bands = await self.workers.run(fingerprint, body)
            self.crawler.stats.inc_value("news/dedupe/fingerprinted")
            if bands and self.path:
                upto, candidates = self._index().near_candidates(bands, NEAR_CANDIDATES, NEAR_CHARS)
                found = (None, None)
                if candidates:
                    found = await self.workers.run(near_copy, body, candidates, self.threshold)
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
