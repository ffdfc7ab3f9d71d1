"""Shared fixtures: the sample sites served on 127.0.0.1 and an in-process
crawl helper (the real spider and pipelines, on Twisted's asyncio reactor,
which pytest-twisted runs for the whole session)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import settings as hypothesis_settings
from scrapy.crawler import CrawlerRunner
from scrapy.utils.project import get_project_settings

from newsspider.demo.sites import serve_demo
from newsspider.spiders.news import NewsSpider
from newsspider.store import Corpus

# Property tests draw the same examples on every run, so that CI never turns red at
# random; `HYPOTHESIS_PROFILE=explore pytest` draws new ones to look for failures
# (each failure found becomes an @example of its test).
hypothesis_settings.register_profile("repeatable", derandomize=True)
hypothesis_settings.register_profile("explore", derandomize=False)
hypothesis_settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "repeatable"))

TEST_SETTINGS = {
    "NEWS_ALLOW_PRIVATE": True,  # the fixture sites live on 127.0.0.1
    "AUTOTHROTTLE_ENABLED": False,
    "DOWNLOAD_DELAY": 0,
    "RETRY_TIMES": 0,
    "NEWS_EXTRACT_WORKERS": 1,
    "LOG_LEVEL": "WARNING",
    "LOGSTATS_INTERVAL": 0,
}


@pytest.fixture
def demo(tmp_path):
    with serve_demo(tmp_path / "site") as running:
        yield running


@pytest.fixture
def db_path(tmp_path) -> Path:
    return tmp_path / "news.db"


@pytest.fixture
def crawl(db_path):
    """`await crawl(sources_path, **settings)` runs one crawl; returns its stats."""

    async def run(sources: Path, spider_args: dict | None = None, **settings):
        values = get_project_settings()
        values.setdict({**TEST_SETTINGS, "NEWS_DB": str(db_path), **settings}, priority="cmdline")
        runner = CrawlerRunner(values)
        crawler = runner.create_crawler(NewsSpider)
        await runner.crawl(crawler, sources=str(sources), **(spider_args or {}))
        return crawler.stats.get_stats()

    return run


@pytest.fixture
def rows(db_path):
    """`rows(sql, params)`: query the test corpus."""

    def query(sql: str, params=()) -> list[dict]:
        corpus = Corpus(db_path)
        try:
            cursor = corpus.db.execute(sql, params)
            names = [d[0] for d in cursor.description]
            return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
        finally:
            corpus.close()

    return query
