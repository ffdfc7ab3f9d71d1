"""The Celery application: queues, task names, serializer and the broker's
transport options for each role.

Two queues: ``newsspider-crawl`` (one message per source to crawl, taken by
any worker) and ``newsspider-writer`` (batches and run ends, consumed by
exactly one process, the writer). Messages are JSON, never pickle. Tasks
are acknowledged after they ran (``acks_late``), so a message whose
consumer vanished goes back to its queue after the visibility timeout; the
writer's messages have their own unacked keys and a short timeout, the
crawls a longer one (NEWS_CLUSTER_VISIBILITY).
"""

from __future__ import annotations

import re

from celery import Celery

CRAWL_QUEUE = "newsspider-crawl"
WRITER_QUEUE = "newsspider-writer"
CRAWL_TASK = "newsspider.crawl_source"
WRITE_TASK = "newsspider.write_batch"
FINISH_TASK = "newsspider.finish_run"
#: prefix of the keys the cluster keeps in Redis beside Celery's
PREFIX = "newsspider:"

app = Celery("newsspider", set_as_current=False)
app.conf.update(
    task_serializer="json",
    accept_content=["json"],
    result_serializer="json",
    task_ignore_result=True,
    task_acks_late=True,
    task_reject_on_worker_lost=True,
    worker_prefetch_multiplier=1,
    task_default_queue=CRAWL_QUEUE,
    task_routes={
        CRAWL_TASK: {"queue": CRAWL_QUEUE},
        WRITE_TASK: {"queue": WRITER_QUEUE},
        FINISH_TASK: {"queue": WRITER_QUEUE},
    },
    broker_connection_retry_on_startup=True,
    broker_connection_max_retries=None,  # a worker waits for the broker as long as it takes
    worker_hijack_root_logger=False,
    worker_redirect_stdouts=False,
    worker_enable_remote_control=True,
)


def transport_options(role: str, settings) -> dict:
    """The Redis transport's options for `role` ("writer", "worker" or a
    client): how long a message held by a vanished consumer waits before it
    is given to another, and how often that is checked.

    >>> from scrapy.settings import Settings
    >>> s = Settings({"NEWS_CLUSTER_VISIBILITY": 3600, "NEWS_CLUSTER_WRITER_VISIBILITY": 300})
    >>> transport_options("writer", s)["unacked_key"], transport_options("worker", s)["visibility_timeout"]
    ('newsspider:writer-unacked', 3600)
    """
    writer = role == "writer"
    timeout = settings.getint(
        "NEWS_CLUSTER_WRITER_VISIBILITY" if writer else "NEWS_CLUSTER_VISIBILITY"
    )
    options = {
        "visibility_timeout": timeout,
        "unacked_restore_interval": max(1, min(10, timeout // 4)),
        "unacked_restore_throttle": 1,
        "socket_connect_timeout": 5,
        "socket_timeout": 30,
        "health_check_interval": 10,
    }
    if writer:  # the writer's unacked messages are restored on its own, shorter clock
        options |= {f"unacked{part}_key": f"{PREFIX}writer-unacked{part.replace('_', '-')}"
                    for part in ("", "_index", "_mutex")}  # fmt: skip
    return options


def configure(settings, role: str = "client") -> Celery:
    """The app, pointed at ``NEWS_BROKER`` with `role`'s transport options."""
    app.conf.update(
        broker_url=settings.get("NEWS_BROKER"),
        broker_transport_options=transport_options(role, settings),
    )
    return app


def safe_url(url: str) -> str:
    """The broker URL without its password, for messages and logs.

    >>> safe_url("redis://:s3cret@10.0.0.5:6379/0"), safe_url("redis://127.0.0.1:6379/0")
    ('redis://:***@10.0.0.5:6379/0', 'redis://127.0.0.1:6379/0')
    """
    return re.sub(r"(//[^:/@]*:)[^@/]*@", r"\1***@", url)
