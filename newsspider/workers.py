"""Run CPU-heavy pure functions off Scrapy's event loop.

One process pool per crawling process, shared by the pipeline steps that need
it, created on first use and shut down when the spider closes. With
``NEWS_EXTRACT_WORKERS = 0`` the functions run in a thread instead, which keeps
the event loop free but uses one core.
"""

from __future__ import annotations

import asyncio
import ctypes
import ctypes.util
import multiprocessing
import multiprocessing.forkserver
import os
import threading
import time
from collections.abc import Callable
from concurrent.futures import Executor, ProcessPoolExecutor, ThreadPoolExecutor
from typing import Any, TypeVar

T = TypeVar("T")
#: imported once by the fork server, which the workers are forked from
PRELOAD = [
    "newsspider.extraction.body", "newsspider.extraction.dates", "newsspider.extraction.fallback",
    "newsspider.extraction.html", "newsspider.extraction.metadata", "pipelines.extract",
    "pipelines.clean", "pipelines.normalise", "pipelines.dedupe",
]  # fmt: skip


class Workers:
    """A lazily started executor with an `async run(fn, *args)`."""

    def __init__(self, count: int | None) -> None:
        self.count = (os.cpu_count() or 1) if count is None else count
        self._executor: Executor | None = None
        self._users = 0

    def acquire(self) -> None:
        self._users += 1
        if self.count > 0 and self._users == 1:
            start_fork_server()

    def _start(self) -> Executor:
        one_malloc_arena()
        if self.count <= 0:
            return ThreadPoolExecutor(max_workers=1, thread_name_prefix="news-extract")
        context = start_fork_server()
        return ProcessPoolExecutor(
            max_workers=self.count, mp_context=context,
            initializer=exit_with, initargs=(os.getpid(),),
        )  # fmt: skip

    async def run(self, fn: Callable[..., T], *args: Any) -> T:
        if self._executor is None:
            self._executor = self._start()
        return await asyncio.get_running_loop().run_in_executor(self._executor, fn, *args)

    def release(self) -> None:
        """Shut the pool down once every user has released it."""
        self._users -= 1
        if self._users <= 0 and self._executor is not None:
            self._executor.shutdown(wait=True, cancel_futures=True)
            self._executor = None


def start_fork_server():
    """The fork server's context, its server started now: it imports `PRELOAD`
    (about a second) while the crawler finishes starting, instead of after
    the first page is ready."""
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(PRELOAD)
    multiprocessing.forkserver.ensure_running()
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


def exit_with(pid: int, every: float = 1.0) -> None:
    """In a worker: exit as soon as the crawling process `pid` is gone, even
    if it was killed with SIGKILL (the workers keep each other's queue pipes
    open, so they would otherwise wait forever)."""

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
        _pools[key] = Workers(None if count in (None, "") else int(count))
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
    shared pool: `await self.workers.run(fn, *args)`."""

    def __init__(self, crawler) -> None:
        self.crawler = crawler
        self.workers = workers_for(crawler)

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def close_spider(self) -> None:
        release_for(self.crawler)
