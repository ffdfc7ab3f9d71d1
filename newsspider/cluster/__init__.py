"""Crawling on many machines into one corpus (`scrapy cluster`), on Celery and Redis.

Workers crawl one source at a time with the same `news` spider and
pipelines; what the store step would write goes to one writer through the
broker, and what the spider reads of the corpus comes from a read model the
writer keeps in Redis. docs/scale-out.md describes the whole.

The crawl reaches it through the store package's two seams,
`newsspider.store.open_index` (what the spider reads of the corpus) and
`open_writer` (where the store step sends its batches), which import nothing
of Celery or Redis for a crawl that does not use them.
"""

from __future__ import annotations


def is_worker_crawl(settings) -> bool:
    """Whether this crawl runs for a cluster worker (``NEWS_CLUSTER_WORKER``)."""
    return settings.getbool("NEWS_CLUSTER_WORKER")
