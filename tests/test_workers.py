"""The worker pool's helpers and what the extract step hands the store."""

from __future__ import annotations

import functools
import gzip
import os
import platform
import time
from pathlib import Path

import pytest
from scrapy.utils.defer import deferred_from_coro

from newsspider.items import Page
from newsspider.workers import TaskTimeout, Workers, one_malloc_arena
from pipelines.extract import extract_archived

PAGE = Page(
    url="https://a.example/2024/05/01/rain",
    html=b"<html><body><h1>Rain</h1>" + b"<p>It rained on the harbour all day long.</p>" * 20
    + b"</body></html>",
    headers={"Content-Type": "text/html"},
)  # fmt: skip


@pytest.mark.skipif(platform.libc_ver()[0] != "glibc", reason="mallopt is glibc's")
def test_one_malloc_arena_is_set_on_glibc():
    assert one_malloc_arena() is True


def test_the_extract_step_compresses_the_page_for_the_archive():
    found = extract_archived(PAGE, archive=True)
    assert gzip.decompress(found["html_gz"]) == PAGE.html
    assert "html_gz" not in extract_archived(PAGE, archive=False)


def test_a_page_that_cannot_be_extracted_is_not_compressed():
    pdf = Page(
        url="https://a.example/x.pdf", html=b"%PDF-1.4", headers={"Content-Type": "application/pdf"}
    )
    assert extract_archived(pdf, archive=True) == {"error": "not html: application/pdf"}


def slow(seconds: float) -> int:
    time.sleep(seconds)
    return os.getpid()


def on_asyncio(test):
    """Run an async test as an asyncio task (as Scrapy runs pipeline steps)."""
    return functools.wraps(test)(lambda *a, **kw: deferred_from_coro(test(*a, **kw)))


@on_asyncio
async def test_a_task_past_the_time_limit_is_stopped_and_its_worker_replaced():
    workers = Workers(1, timeout=1)
    workers.acquire()
    try:
        first = await workers.run(os.getpid)
        start = time.monotonic()
        with pytest.raises(TaskTimeout, match="timed out after 1 s"):
            await workers.run(slow, 120)
        assert time.monotonic() - start < 10  # the limit, and at most pebble's 3 s grace
        assert await workers.run(slow, 0) != first  # a new worker took its place
        assert not Path(f"/proc/{first}").exists()
    finally:
        workers.release()
