"""The chain (`newsspider.article.build_article`): the same article however
it is run, and one trip to a worker per article in a crawl."""

from __future__ import annotations

import pytest_twisted
from scrapy.statscollectors import StatsCollector
from scrapy.utils.test import get_crawler
from test_workers import on_asyncio

from newsspider.article import STAGES, build_article, build_remote, extract_article, finish
from newsspider.items import Article, Page
from pipelines.clean import CleanPipeline
from pipelines.normalise import NormalisePipeline

FETCHED = "2024-05-02T12:00:00+00:00"
PAGE = Page(
    url="https://a.example/2024/05/01/rain",
    source="harbour",
    fetched=FETCHED,
    headers={"Content-Type": "text/html; charset=utf-8"},
    html=b"<html><head><title>Rain floods the town - Daily</title></head><body><h1>Rain floods the town"
    b"</h1><p class='byline'>By Ann Lee</p><p>Share this</p>"
    + b"<p>It rained on the harbour all day, and the water rose.</p>" * 12
    + b"</body></html>",
)  # fmt: skip


def test_the_chain_runs_every_stage_in_order():
    article = build_article(PAGE)
    assert list(article.done) == list(STAGES)
    assert article.record["title"] == "Rain floods the town"
    assert article.record["source"] == "harbour"
    assert article.done["clean"] == article.done["extract"] - len(article.paragraphs)
    assert len(article.record["bands"]) == 16


def test_the_clean_stage_counts_the_blocks_it_removed():
    article = Article(page=PAGE, paragraphs=["Big news", "It rained all day in the town.", "Trending"],
                      candidates={"title": [("Big news", "h1")]}, done={"extract": 3})  # fmt: skip
    assert finish(article, "clean").done["clean"] == 2
    assert article.paragraphs == ["It rained all day in the town."] and not article.record


def test_stages_run_one_by_one_make_the_same_article():
    whole = build_article(PAGE)
    article = extract_article(PAGE)
    assert list(article.done) == ["extract"] and not article.record
    for stage in STAGES[1:]:
        finish(article, stage)
        assert list(article.done)[-1] == stage
    assert (article.record, article.provenance, article.paragraphs) == (
        whole.record,
        whole.provenance,
        whole.paragraphs,
    )


def test_what_a_worker_sends_back_has_no_page():
    article = build_remote(PAGE, archive=True)
    assert article.page is None
    assert article.html_gz and article.record["title"] == "Rain floods the town"


def test_a_page_that_makes_no_article_says_why_and_skips_the_later_stages():
    empty = build_article(Page(url="https://a.example/x", html=b"  ", fetched=FETCHED))
    assert empty.error == "not html: empty or unparseable page"
    assert (empty.done, empty.record) == ({}, {})
    failed = build_article(Page(url="https://a.example/x", error="fetch failed: timeout"))
    assert failed.error == "fetch failed: timeout"


@pytest_twisted.ensureDeferred
async def test_a_crawl_sends_each_article_to_a_worker_once(demo, crawl, rows):
    stats = await crawl(demo.sources_path)
    trips = {
        k.rsplit("/", 1)[1]: v for k, v in stats.items() if k.startswith("news/workers/trips/")
    }
    extracted = stats.get("news/extract/ok", 0) + stats.get("news/extract/failed", 0)
    assert extracted >= 10
    assert trips.pop("build_remote") == extracted
    assert set(trips) <= {"near_copy"}  # only an article sharing a band with a committed one
    assert rows("SELECT count(*) AS n FROM articles")[0]["n"] >= 10


def test_the_chain_can_stop_before_the_fingerprint():
    article = build_article(PAGE, upto="normalise")
    assert list(article.done) == ["extract", "clean", "normalise"]
    assert "bands" not in article.record and article.record["title"] == "Rain floods the town"


@on_asyncio
async def test_a_step_whose_stage_was_not_done_runs_it():
    """An article from another extract step (only extracted) gets its
    missing stages from the later steps, in a worker."""
    crawler = get_crawler(settings_dict={"NEWS_EXTRACT_WORKERS": 0})
    crawler.stats = StatsCollector(crawler)
    clean, normalise = CleanPipeline.from_crawler(crawler), NormalisePipeline.from_crawler(crawler)
    try:
        article = extract_article(PAGE)
        assert await normalise.process_item(await clean.process_item(article)) is article
    finally:
        clean.close_spider()
        normalise.close_spider()
    assert list(article.done) == ["extract", "clean", "normalise"] and article.page is PAGE
    assert article.record["title"] == "Rain floods the town"
    assert crawler.stats.get_value("news/workers/trips/finish") == 2
