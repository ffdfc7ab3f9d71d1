"""Crawling on many machines into one corpus (`scrapy cluster`), on Celery and Redis.

Workers crawl one source at a time with the same `news` spider and
pipelines; what the store step would write goes to one writer through the
broker, and what the spider reads of the corpus comes from a read model the
writer keeps in Redis. docs/scale-out.md describes the whole.

The two seams the one-machine crawl goes through are here, so that nothing
of Celery or Redis is imported by a crawl that does not use them:

- `open_index`: what the spider (and the dedupe step) read of the corpus;
- `open_sink`: where the store step sends its batches.
"""

from __future__ import annotations


def is_worker_crawl(settings) -> bool:
    """Whether this crawl runs for a cluster worker (``NEWS_CLUSTER_WORKER``)."""
    return settings.getbool("NEWS_CLUSTER_WORKER")


def open_index(settings):
    """The read model the spider asks what is stored: the corpus's
    `CorpusIndex`, or in a cluster worker the one the writer keeps in Redis."""
    if is_worker_crawl(settings):
        from newsspider.cluster.readmodel import RedisIndex

        return RedisIndex(settings.get("NEWS_BROKER"))
    from pipelines.corpus import CorpusIndex

    return CorpusIndex(settings.get("NEWS_DB"))


def open_sink(settings):
    """Where the store step writes its batches: the local `Corpus`, or in a
    cluster worker the writer's queue (`BrokerSink`), both with
    ``start_run``, ``write``, ``finish_run`` and ``close``."""
    if is_worker_crawl(settings):
        from newsspider.cluster.sink import BrokerSink

        return BrokerSink(settings)
    from pipelines.corpus import Corpus

    return Corpus(settings.get("NEWS_DB"), settings.getfloat("NEWS_NEAR_DUPLICATE"))
