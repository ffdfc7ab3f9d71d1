"""The backpressure of the offline spiders (`scrapy extract`, `reextract`,
`backfill`): driven by Scrapy's item signals, not by polling the stats."""

from __future__ import annotations

import asyncio

import pytest_twisted
from scrapy import signals
from scrapy.signalmanager import SignalManager
from scrapy.utils.defer import deferred_from_coro

from newsspider.offline import Backlog

#: how the pipelines finish with each item, in turn: stored, dropped, failed
FINISHES = [signals.item_scraped, signals.item_dropped, signals.item_error]


class Crawler:
    """What a Backlog needs of a crawler: its signals (Scrapy's own manager)."""

    def __init__(self) -> None:
        self.signals = SignalManager()


async def crawl(pages: int, limit: int) -> tuple[list[int], list[int], int]:
    """A spider feeding `pages` through a Backlog to pipelines that finish
    with one item per turn of the event loop: the pages yielded, the pages
    in flight at each, and the pages done when the feed returned."""
    crawler = Crawler()
    backlog = Backlog(crawler)
    queue: asyncio.Queue[int] = asyncio.Queue()
    in_flight: list[int] = []

    async def pipelines() -> None:
        for n in range(pages):
            item = await queue.get()
            await asyncio.sleep(0)
            crawler.signals.send_catch_log(FINISHES[n % 3], item=item, response=None, spider=None)

    worker = asyncio.ensure_future(pipelines())
    yielded = []
    async for page in backlog.feed(range(pages), limit):
        in_flight.append(backlog.read - backlog.done)
        yielded.append(page)
        queue.put_nowait(page)
    done = backlog.done
    await worker
    return yielded, in_flight, done


@pytest_twisted.ensureDeferred
async def test_the_spider_waits_while_the_pipelines_are_behind_and_ends_when_all_are_done():
    yielded, in_flight, done = await deferred_from_coro(crawl(pages=40, limit=3))
    assert yielded == list(range(40))
    assert max(in_flight) == 4  # `limit` in flight, then one more read
    assert done == 40  # the feed returned once every page was stored, dropped or failed


@pytest_twisted.ensureDeferred
async def test_a_spider_with_nothing_to_read_returns_at_once():
    yielded, _, done = await deferred_from_coro(crawl(pages=0, limit=3))
    assert yielded == [] and done == 0
