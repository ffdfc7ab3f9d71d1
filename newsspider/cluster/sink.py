"""The store step's sink in a cluster worker: each batch, and the run's end,
as a message on the writer's queue.

A crawl's run is known by its key (the crawl task's id and try), which the
writer maps to its `runs` row: a crawl taken over after its worker died
keeps the same key, so it ends in the same row. Batch ids (key, attempt,
number) let the writer apply each batch once however often it arrives; the
run's end says how many batches its attempt sent, so that the writer closes
the run only when it has them all.
"""

from __future__ import annotations

import uuid
from typing import Any

from kombu.exceptions import KombuError, OperationalError
from redis.exceptions import RedisError

from newsspider.cluster.app import FINISH_TASK, WRITE_TASK, WRITER_QUEUE, configure, safe_url
from newsspider.cluster.payload import encode_batch, jsonable
from newsspider.items import Batch
from newsspider.store.clock import utcnow

#: how often a message is tried before the batch counts as lost (the store
#: step then keeps its articles as rejects and the crawl exits non-zero)
PUBLISH_RETRY = {"max_retries": 5, "interval_start": 0.5, "interval_step": 1, "interval_max": 5}


class BrokerSink:
    """`Corpus`'s writing methods, sending to the writer instead."""

    def __init__(self, settings) -> None:
        self.app = configure(settings)
        self.broker = safe_url(settings.get("NEWS_BROKER"))
        self.run: dict[str, Any] = {"key": settings.get("NEWS_CLUSTER_RUN") or uuid.uuid4().hex}
        self.attempt = uuid.uuid4().hex[:12]
        self.sent = 0

    def start_run(self, spider: str, sources: list[dict[str, str]]) -> str:
        """The run's key; the writer makes its `runs` row with the first message."""
        self.run |= {"spider": spider, "sources": sources, "started": utcnow()}
        return self.run["key"]

    def write(self, run_id: str, batch: Batch, archive: bool = True) -> list[str]:
        """Send the batch; each article's outcome is "sent" (the writer counts
        new, updated, unchanged and duplicates when it applies it)."""
        self._send(WRITE_TASK, {"id": f"{self.run['key']}/{self.attempt}/{self.sent}",
                                "archive": archive, "batch": encode_batch(batch)})  # fmt: skip
        self.sent += 1
        return ["sent"] * len(batch.articles)

    def finish_run(self, run_id, reason, counts, stats, per_source, discovery=(), causes=None):
        self._send(FINISH_TASK, {
            "batches": self.sent, "reason": reason, "counts": counts, "stats": jsonable(stats),
            "per_source": per_source, "discovery": jsonable(list(discovery)),
            "causes": causes or {},
        })  # fmt: skip

    def _send(self, task: str, payload: dict[str, Any]) -> None:
        message = {"run": self.run, "attempt": self.attempt, **payload}
        try:
            self.app.send_task(task, args=[message], queue=WRITER_QUEUE, retry=True,
                               retry_policy=PUBLISH_RETRY)  # fmt: skip
        except (KombuError, OperationalError, RedisError) as exc:
            raise ConnectionError(f"cannot reach the broker at {self.broker}: {exc}") from exc

    def close(self) -> None:
        pass
