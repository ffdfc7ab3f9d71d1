"""`scrapy cluster status`: what the cluster is doing, from the broker alone
(any host can ask): the queues' depth, the writer and workers alive (Celery's
ping), the sources in flight (their locks) and each source's last run (as
the writer published it)."""

from __future__ import annotations

import json
from typing import Any

from kombu.transport.redis import PRIORITY_STEPS, Channel

from newsspider.cluster.app import CRAWL_QUEUE, PREFIX, WRITER_QUEUE
from newsspider.cluster.writer import LAST_RUNS


def queue_depth(r, queue: str) -> int:
    """Messages waiting in `queue` (Redis keeps one list per priority step)."""
    keys = [queue, *(f"{queue}{Channel.sep}{p}" for p in PRIORITY_STEPS if p)]
    return sum(r.llen(k) for k in keys)


def gather(app, r, timeout: float = 1.0) -> dict[str, Any]:
    nodes = sorted(name for reply in app.control.ping(timeout=timeout) or [] for name in reply)
    locks = sorted(r.scan_iter(f"{PREFIX}lock:*"))
    holders = r.mget(locks) if locks else []
    return {
        "crawl_queue": queue_depth(r, CRAWL_QUEUE),
        "writer_queue": queue_depth(r, WRITER_QUEUE),
        "writers": [n for n in nodes if n.startswith("writer.")],
        "workers": [n for n in nodes if n.startswith("crawl.")],
        "in_flight": {
            k.decode().removeprefix(f"{PREFIX}lock:"): (h or b"").decode()
            for k, h in zip(locks, holders, strict=True)
        },
        "last_runs": {k.decode(): json.loads(v) for k, v in r.hgetall(LAST_RUNS).items()},
    }


def report(status: dict[str, Any], broker: str) -> str:
    """The status as lines of text.

    >>> print(report({"crawl_queue": 2, "writer_queue": 0, "writers": ["writer.9@h"], "workers": [],
    ...               "in_flight": {"a": "c1d2 h 77"}, "last_runs": {"a": {"last_run": 4,
    ...               "last_crawled": "2026-12-01T10:00:00Z", "status": "ok", "new_last_run": 3,
    ...               "articles_total": 30, "last_error": None}}}, "redis://127.0.0.1:6379/0"))
    broker redis://127.0.0.1:6379/0: 2 sources queued, 0 messages for the writer
    writer: alive (writer.9@h)
    workers: none alive
    in flight: a (task c1d2 on h, pid 77)
    last runs:
      a: run 4 at 2026-12-01T10:00:00Z: ok, 3 new, 30 articles
    """
    lines = [
        f"broker {broker}: {status['crawl_queue']} sources queued, "
        f"{status['writer_queue']} messages for the writer",
        f"writer: alive ({', '.join(status['writers'])})" if status["writers"] else
        "writer: none alive (batches wait in the broker until one starts)",
        f"workers: {len(status['workers'])} alive ({', '.join(status['workers'])})"
        if status["workers"] else "workers: none alive",
    ]  # fmt: skip
    flight = [f"{name} (task {task} on {host}, pid {pid})" if pid else f"{name} ({holder})"
              for name, holder in sorted(status["in_flight"].items())
              for task, host, pid in [[*holder.split(" "), "", "", ""][:3]]]  # fmt: skip
    lines.append(f"in flight: {', '.join(flight) or 'none'}")
    lines.append("last runs:" if status["last_runs"] else "last runs: none yet")
    for name, s in sorted(status["last_runs"].items()):
        error = f" ({s['last_error']})" if s.get("last_error") else ""
        lines.append(f"  {name}: run {s['last_run']} at {s['last_crawled']}: {s['status']}{error}, "
                     f"{s['new_last_run']} new, {s['articles_total']} articles")  # fmt: skip
    return "\n".join(lines)
