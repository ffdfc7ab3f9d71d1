"""The Celery tasks: a source's crawl (on a worker) and the writer's two.

A crawl runs the `news` spider in a child process (``scrapy cluster crawl
NAME``): Twisted's reactor cannot be started twice in one process, so a
long-lived worker starts a fresh one per source (forked from a fork server
that imported Scrapy and the pipelines once), waits for it, and tries the
source again when it fails. While the child runs, the worker holds the
source's lock in Redis (SET NX PX with a token naming the task), renewed a
few times per lifetime: a source is never crawled by two workers at once.

- The lock held by another task: the source is being crawled for another
  enqueue; this one is dropped (crawled once).
- The lock held by this very task: an earlier delivery of it still runs, or
  its worker died and the lock has not expired yet; tried again later.
- Done: a task that finished is marked so, and a copy delivered again later
  (its first worker was slow to acknowledge) does nothing.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import socket
import threading
from contextlib import contextmanager
from functools import wraps

import redis

from newsspider.cluster.app import CRAWL_TASK, FINISH_TASK, PREFIX, WRITE_TASK, app
from newsspider.store import STORE_ERRORS

logger = logging.getLogger(__name__)

#: what the worker or writer command set up: the settings, the corpus, Redis
STATE: dict = {}
#: how long the marks of a finished crawl are kept
DONE_FOR = 7 * 24 * 3600
#: seconds between two tries of a batch the writer could not write
WRITE_RETRY = 10


def key(kind: str, name: str) -> str:
    """A key of the cluster's own in Redis.

    >>> key("lock", "harbour-times")
    'newsspider:lock:harbour-times'
    """
    return f"{PREFIX}{kind}:{name}"


def client() -> redis.Redis:
    if "redis" not in STATE:
        STATE["redis"] = redis.Redis.from_url(
            STATE["settings"].get("NEWS_BROKER"), socket_connect_timeout=5, socket_timeout=30
        )
    return STATE["redis"]


# -- crawling -------------------------------------------------------------------


@app.task(name=CRAWL_TASK, bind=True, max_retries=None)
def crawl_source(self, name: str) -> str:
    """Crawl one source, once, with its lock held."""
    settings, r, task_id = STATE["settings"], client(), self.request.id
    if r.exists(key("done", task_id)):
        return "done before"
    ttl = settings.getfloat("NEWS_CLUSTER_LOCK_TTL")
    token = f"{task_id} {socket.gethostname()} {os.getpid()}"
    # released only while still ours: a lock that expired (Redis away, no renewal) and
    # went to another worker is left to it
    lock = r.lock(key("lock", name), timeout=ttl, blocking=False, thread_local=False,
                  raise_on_release_error=False)  # fmt: skip
    if not lock.acquire(token=token):
        holder = (r.get(key("lock", name)) or b"").decode()
        if holder.split(" ")[0] == task_id:
            raise self.retry(countdown=ttl / 2)
        logger.warning(
            "Source %s is being crawled already (%s): not crawling it twice", name, holder
        )
        return "in flight elsewhere"
    try:
        with renewing(lock, ttl / 3):
            # one run per try: a crawl taken over from a dead worker goes on in its run
            tries = int(r.get(key("failures", task_id)) or 0)
            status = run_crawl(name, f"{task_id}.{tries}")
    finally:
        lock.release()
    return settle(self, name, status)


def settle(task, name: str, status: int) -> str:
    """After the child: done, or tried again (NEWS_CLUSTER_RETRIES times)."""
    r, task_id = client(), task.request.id
    if status != 0:
        failures = r.incr(key("failures", task_id))
        r.expire(key("failures", task_id), DONE_FOR)
        # exit 2: the worker's sources file or settings are wrong; trying again will not help
        if status != 2 and failures <= STATE["settings"].getint("NEWS_CLUSTER_RETRIES"):
            logger.warning("Crawl of %s failed (exit %s): trying it again", name, status)
            raise task.retry(countdown=5)
        logger.error("Crawl of %s failed %d times (exit %s): giving up", name, failures, status)
    r.set(key("done", task_id), status, ex=DONE_FOR)
    if (r.get(key("queued", name)) or b"").decode() == task_id:
        r.delete(key("queued", name))
    return "crawled" if status == 0 else "failed"


@contextmanager
def renewing(lock, every: float):
    """Keep `lock` alive while the block runs."""
    stop = threading.Event()

    def renew() -> None:
        while not stop.wait(every):
            try:
                lock.reacquire()
            except (redis.RedisError, redis.exceptions.LockError) as exc:
                logger.warning("Could not renew the lock %s: %s", lock.name, exc)

    thread = threading.Thread(target=renew, daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join()


def run_crawl(name: str, run_key: str) -> int:
    """Crawl `name` in a child process with the worker's own settings; its exit status."""
    from newsspider.cluster.child import crawl

    argv = ["scrapy", "cluster", "crawl", name, *STATE["child_args"],
            "-s", f"NEWS_CLUSTER_RUN={run_key}"]  # fmt: skip
    logger.info("Crawling source %s (run %s)", name, run_key)
    child = crawl_context().Process(target=crawl, args=(argv,), name=f"crawl {name}")
    child.start()
    try:
        child.join()
    except BaseException:
        child.terminate()
        child.join()
        raise
    return child.exitcode


def crawl_context():
    """Where crawls are forked from: a fork server that imported what a
    crawl needs once (`newsspider.cluster.child`)."""
    if "context" not in STATE:
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(["newsspider.cluster.child"])
        STATE["context"] = context
    return STATE["context"]


# -- writing --------------------------------------------------------------------


def kept_on_failure(task):
    """A writer task that cannot write (disk full, database locked, Redis
    away) is tried again every WRITE_RETRY seconds until it can, rather than
    dropped: its message stays in the broker until then."""

    @wraps(task)
    def run(self, message: dict) -> str:
        try:
            return task(self, message)
        except (*STORE_ERRORS, redis.RedisError) as exc:
            logger.error("Could not apply %s: %s; trying again in %d s",
                         message.get("id", "a run's end"), exc, WRITE_RETRY)  # fmt: skip
            raise self.retry(countdown=WRITE_RETRY) from exc

    return run


@app.task(name=WRITE_TASK, bind=True, max_retries=None)
@kept_on_failure
def write_batch(self, message: dict) -> str:
    """Apply one batch of a worker (once), then update the read model."""
    from newsspider.cluster.writer import published

    corpus = STATE["corpus"]
    outcomes = corpus.apply_batch(message)
    # again for a batch applied before: the writer may have died before this
    published(corpus, client(), message)
    return "applied before" if outcomes is None else f"{len(outcomes)} articles"


@app.task(name=FINISH_TASK, bind=True, max_retries=None)
@kept_on_failure
def finish_run(self, message: dict) -> str:
    """Close a worker's run once its batches are all in (waiting a while for
    batches a killed writer held, which the broker gives back)."""
    from newsspider.cluster.writer import publish_last_runs

    corpus = STATE["corpus"]
    missing = corpus.missing_batches(message)
    waited = self.request.retries * 2
    if missing and waited < 2 * STATE["settings"].getint("NEWS_CLUSTER_WRITER_VISIBILITY") + 60:
        raise self.retry(countdown=2)
    if corpus.apply_finish(message, missing) is None:
        return "closed before"
    names = [s["name"] for s in message["run"].get("sources") or []]
    publish_last_runs(corpus, client(), names)
    return "closed"
