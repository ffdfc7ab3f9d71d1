"""The worker pool's helpers and what the extract step hands the store."""

from __future__ import annotations

import functools
import gzip
import os
import platform
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from badweb import BadWeb, article_html, rss, sources_toml, static
from scrapy.utils.defer import deferred_from_coro

from newsspider.article import build_article
from newsspider.items import Page
from newsspider.workers import TaskTimeout, Workers, one_malloc_arena

ROOT = Path(__file__).resolve().parents[1]
PAGE = Page(
    url="https://a.example/2024/05/01/rain",
    html=b"<html><body><h1>Rain</h1>" + b"<p>It rained on the harbour all day long.</p>" * 20
    + b"</body></html>",
    headers={"Content-Type": "text/html"},
)  # fmt: skip


@pytest.mark.skipif(platform.libc_ver()[0] != "glibc", reason="mallopt is glibc's")
def test_one_malloc_arena_is_set_on_glibc():
    assert one_malloc_arena() is True


def test_the_chain_compresses_the_page_for_the_archive():
    assert gzip.decompress(build_article(PAGE, archive=True).html_gz) == PAGE.html
    assert build_article(PAGE, archive=False).html_gz is None


def test_a_page_that_cannot_be_extracted_is_not_compressed():
    pdf = Page(
        url="https://a.example/x.pdf", html=b"%PDF-1.4", headers={"Content-Type": "application/pdf"}
    )
    article = build_article(pdf, archive=True)
    assert (article.error, article.html_gz, article.done) == ("not html: application/pdf", None, {})


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


# --- workers die with the crawling process -------------------------------------------


def descendants(pid: int) -> set[int]:
    """Every process below `pid` (Linux /proc)."""
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            ppid = int(stat.read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
        children.setdefault(ppid, []).append(int(stat.parent.name))
    found, todo = set(), [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            found.add(child)
            todo.append(child)
    return found


def alive(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


@pytest.mark.skipif(platform.system() != "Linux", reason="prctl and /proc are Linux's")
def test_no_worker_outlives_a_crawl_killed_with_sigkill(tmp_path):
    with BadWeb() as web:
        hanging = article_html("Hang", body_extra="<p>" + "<a href='/x'>w</a> t " * 29_000 + "</p>")
        for name in ("hang-1", "hang-2"):
            web.routes[f"/a/{name}.html"] = static(hanging.encode())
        web.routes["/feed.xml"] = static(
            rss([web.url("/a/hang-1.html"), web.url("/a/hang-2.html")])
        )
        sources = sources_toml(tmp_path / "sources.toml", [
            {"name": "h", "homepage": web.url("/"), "feeds": [web.url("/feed.xml")],
             "article_pattern": "/a/"}])  # fmt: skip
        crawl = subprocess.Popen(
            [sys.executable, "-m", "scrapy", "crawl", "news", "-a", f"sources={sources}",
             "-s", f"NEWS_DB={tmp_path / 'news.db'}", "-s", "NEWS_ALLOW_PRIVATE=1",
             "-s", "NEWS_EXTRACT_WORKERS=2", "-s", "NEWS_PAGE_TIMEOUT=0", "-s", "LOG_LEVEL=ERROR"],
            cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        try:
            deadline = time.monotonic() + 60
            while "/a/hang-2.html" not in web.requests and time.monotonic() < deadline:
                time.sleep(0.2)
            time.sleep(2)  # both workers busy on a hanging page
            below = descendants(crawl.pid)
            assert len(below) >= 3  # the fork server and two workers
            crawl.send_signal(signal.SIGKILL)  # not reaped yet: a zombie, as under a busy parent
            deadline = time.monotonic() + 5
            while any(alive(p) for p in below) and time.monotonic() < deadline:
                time.sleep(0.1)
            assert [p for p in below if alive(p)] == []
        finally:
            crawl.kill()
            crawl.wait()
