"""The corpus: a SQLite database only this package writes.

- `schema`: the tables; `clock`: the one format of every time it holds;
- `writer.Corpus`: runs, batches (articles, rejects, listings), each
  source's health (`health`) and the dedupe decisions (`dedupe`);
- `index.CorpusIndex`: the read model the spider looks up (`ReadModel`);
- `lock`: one crawl at a time per corpus, and whether this process may write;
- `report.run_summary`: what the latest run left.

`open_index` and `open_writer` are the one place the crawl gets its read
model and its writer: another implementation (e.g. for a cluster of
crawling machines) is chosen there.
"""

from __future__ import annotations

from newsspider.store.health import source_status
from newsspider.store.index import CorpusIndex, ReadModel
from newsspider.store.lock import CorpusBusy, CorpusLock, CorpusUnwritable, lock_path, unwritable
from newsspider.store.report import run_summary
from newsspider.store.schema import COUNTS, SCHEMA
from newsspider.store.writer import STORE_ERRORS, Corpus

__all__ = [
    "COUNTS",
    "SCHEMA",
    "STORE_ERRORS",
    "Corpus",
    "CorpusBusy",
    "CorpusIndex",
    "CorpusLock",
    "CorpusUnwritable",
    "ReadModel",
    "lock_path",
    "open_index",
    "open_writer",
    "run_summary",
    "source_status",
    "unwritable",
]  # fmt: skip


def open_index(settings) -> ReadModel:
    """The read model the spider looks up, for the crawl's settings: the
    corpus, or in a cluster worker's crawl the one the writer keeps in Redis."""
    if settings.getbool("NEWS_CLUSTER_WORKER"):
        from newsspider.cluster.readmodel import RedisIndex

        return RedisIndex(settings.get("NEWS_BROKER"))
    return CorpusIndex(settings.get("NEWS_DB"))


def open_writer(settings):
    """The writer the store step writes through, for the crawl's settings: the
    corpus, or in a cluster worker's crawl the writer's queue (`BrokerSink`),
    both with ``start_run``, ``write``, ``finish_run`` and ``close``."""
    if settings.getbool("NEWS_CLUSTER_WORKER"):
        from newsspider.cluster.sink import BrokerSink

        return BrokerSink(settings)
    return Corpus(settings.get("NEWS_DB"), settings.getfloat("NEWS_NEAR_DUPLICATE"))
