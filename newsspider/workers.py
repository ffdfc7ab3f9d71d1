"""Run CPU-heavy pure functions off Scrapy's event loop.

One process pool per crawling process, shared by the pipeline steps that need
it, created on first use and shut down when the spider closes. A task that
runs longer than ``NEWS_PAGE_TIMEOUT`` seconds is stopped: its worker process
is killed and replaced (pebble's `ProcessPool`), and the caller gets
`TaskTimeout`. Workers, and the fork server they are forked from, die with the
crawling process, even when it is killed with SIGKILL (`die_with_parent`).

With ``NEWS_EXTRACT_WORKERS = 0`` the functions run in a thread instead, which
keeps the event loop free but uses one core; a thread cannot be stopped, so
there is no time limit in that mode.
"""

from __future__ import annotations

import asyncio
import ctypes
import ctypes.util
import multiprocessing
import multiprocessing.forkserver
import os
import signal
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

from pebble import ProcessPool

T = TypeVar("T")
#: imported once by the fork server, which the workers are forked from
PRELOAD = [
    "newsspider.workers", "newsspider.extraction.body", "newsspider.extraction.dates",
    "newsspider.extraction.authors", "newsspider.extraction.titles", "newsspider.extraction.html",
    "newsspider.extraction.metadata", "newsspider.extraction.fingerprint", "newsspider.article",
    "newsspider.warmup",  # last: runs the chain once, for every worker forked after it
]  # fmt: skip
#: set (to the crawling process's pid) only while that process starts its fork server
FORK_SERVER_OF = "NEWS_FORK_SERVER_OF"
#: Linux prctl() option: the signal this process gets when its parent ends
PR_SET_PDEATHSIG = 1


class TaskTimeout(Exception):
    """A task ran past the time limit; its worker process was killed and replaced."""

    def __init__(self, seconds: float) -> None:
        super().__init__(f"timed out after {seconds:g} s")
        self.seconds = seconds


class Workers:
    """A lazily started pool with an `async run(fn, *args)`; each call may
    run `timeout` seconds at most (None: no limit)."""

    def __init__(self, count: int | None, timeout: float | None = None) -> None:
        self.count = (os.cpu_count() or 1) if count is None else count
        self.timeout = timeout or None
        self._pool: ProcessPool | ThreadPoolExecutor | None = None
        self._users = 0

    def acquire(self) -> None:
        self._users += 1
        if self.count > 0 and self._users == 1:
            start_fork_server()

    def _start(self) -> ProcessPool | ThreadPoolExecutor:
        one_malloc_arena()
        if self.count <= 0:
            return ThreadPoolExecutor(max_workers=1, thread_name_prefix="news-extract")
        context = start_fork_server()
        server = multiprocessing.forkserver._forkserver._forkserver_pid
        return ProcessPool(
            max_workers=self.count, context=context,
            initializer=worker_started, initargs=(server, os.getpid()),
        )  # fmt: skip

    async def run(self, fn: Callable[..., T], *args: Any) -> T:
        """`fn(*args)` in a worker; TaskTimeout when it ran past the limit."""
        if self._pool is None:
            self._pool = self._start()
        if isinstance(self._pool, ThreadPoolExecutor):
            return await asyncio.get_running_loop().run_in_executor(self._pool, fn, *args)
        future = self._pool.schedule(fn, args, timeout=self.timeout)
        try:
            return await asyncio.wrap_future(future)
        except TimeoutError as exc:
            if exc.args[:1] == ("Task timeout",):  # pebble's, not one `fn` raised
                raise TaskTimeout(self.timeout or 0) from None
            raise

    def release(self) -> None:
        """Shut the pool down once every user has released it."""
        self._users -= 1
        if self._users > 0 or self._pool is None:
            return
        if isinstance(self._pool, ThreadPoolExecutor):
            self._pool.shutdown(wait=True, cancel_futures=True)
        else:
            self._pool.stop()
            self._pool.join()
        self._pool = None


def start_fork_server():
    """The fork server's context, its server started now: it imports `PRELOAD`
    (about a second) while the crawler finishes starting, instead of after
    the first page is ready."""
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(PRELOAD)
    os.environ[FORK_SERVER_OF] = str(os.getpid())
    try:
        multiprocessing.forkserver.ensure_running()
    finally:
        del os.environ[FORK_SERVER_OF]
    return context


#: glibc's mallopt() parameter for the most memory arenas
M_ARENA_MAX = -8


def one_malloc_arena() -> bool:
    """Make glibc's malloc keep every thread of this process in one arena.

    The pool's threads pickle pages to the workers and unpickle their
    results; with an arena of their own each, freed page buffers are not
    reused by the event loop's thread and the crawling process grows with
    the run (216 MiB instead of 144 MiB after 10,000 pages). The GIL already
    serialises these threads, so one arena costs nothing. False where the C
    library is not glibc.
    """
    name = ctypes.util.find_library("c")
    try:
        libc = ctypes.CDLL(name)
        return bool(libc.mallopt(M_ARENA_MAX, 1))
    except (OSError, AttributeError, TypeError):
        return False


def die_with_parent(parent: int) -> bool:
    """Have the kernel kill this process (SIGKILL) the moment its parent
    `parent` ends, however it ends, even by SIGKILL; exit now if it already
    has. False where there is no prctl() (not Linux)."""
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c"), use_errno=True)
        if libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) != 0:
            return False
    except (OSError, AttributeError, TypeError):
        return False
    if os.getppid() != parent:  # it ended before the line above
        os._exit(1)
    return True


def worker_started(fork_server: int, crawl: int) -> None:
    """A worker's initializer. Its parent is the fork server, which dies with
    the crawling process (see the end of this module), so the worker dies
    with both; without prctl it watches the crawling process instead."""
    if not die_with_parent(fork_server):
        exit_with(crawl)


def exit_with(pid: int, every: float = 1.0) -> None:
    """In a worker where prctl() is missing: exit once the crawling process
    `pid` is gone. Weaker than `die_with_parent`: a killed crawl that its own
    parent has not reaped yet (a zombie) still reads as alive."""

    def watch() -> None:
        while True:
            time.sleep(every)
            try:
                os.kill(pid, 0)
            except ProcessLookupError:
                os._exit(1)
            except PermissionError:
                pass  # alive, another user's: cannot happen for our parent, but harmless

    threading.Thread(target=watch, name="news-exit-with-parent", daemon=True).start()


_pools: dict[int, Workers] = {}


def workers_for(crawler: Any) -> Workers:
    """The crawler's shared pool (one per crawler, sized by NEWS_EXTRACT_WORKERS)."""
    key = id(crawler)
    if key not in _pools:
        count = crawler.settings.get("NEWS_EXTRACT_WORKERS")
        timeout = crawler.settings.getfloat("NEWS_PAGE_TIMEOUT", 60)
        _pools[key] = Workers(None if count in (None, "") else int(count), timeout)
    pool = _pools[key]
    pool.acquire()
    return pool


def release_for(crawler: Any) -> None:
    pool = _pools.get(id(crawler))
    if pool is not None:
        pool.release()
        if pool._users <= 0:
            del _pools[id(crawler)]


class OffloadingPipeline:
    """Base of the pipeline steps that run a pure function in the crawler's
    shared pool: `await self.run(fn, *args)`."""

    def __init__(self, crawler) -> None:
        self.crawler = crawler
        self.workers = workers_for(crawler)

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    async def run(self, fn: Callable[..., T], *args: Any) -> T:
        """`fn(*args)` in the pool: a trip to a worker, counted per function
        (``news/workers/trips/NAME``)."""
        self.crawler.stats.inc_value(f"news/workers/trips/{fn.__name__}")
        return await self.workers.run(fn, *args)

    def close_spider(self) -> None:
        release_for(self.crawler)


# The fork server imports this module first (PRELOAD), with FORK_SERVER_OF
# naming its parent: there, and only there, tie its life to the crawling
# process. Python's fork server would otherwise outlive a crawl killed with
# SIGKILL: every worker holds the pipe whose end tells it to stop.
if os.environ.get(FORK_SERVER_OF) == str(os.getppid()):
    die_with_parent(os.getppid())
