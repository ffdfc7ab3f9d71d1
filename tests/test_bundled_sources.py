"""The bundled data/sources.toml is right by the rules, checked offline: each
listing it names is fetched (not dropped by the offsite filter), its
homepage's site is one articles may come from, and its article pattern takes
a typical article URL of the site and none of its listing pages."""

from __future__ import annotations

from pathlib import Path

import pytest
from scrapy.downloadermiddlewares.offsite import OffsiteMiddleware
from scrapy.exceptions import IgnoreRequest
from scrapy.utils.test import get_crawler

from newsspider.discovery import entry_verdict
from newsspider.sources import load_sources
from newsspider.spiders.news import NewsSpider
from newsspider.urls import canonicalize_url

BUNDLED = Path(__file__).resolve().parents[1] / "data" / "sources.toml"
SOURCES = load_sources(BUNDLED)
#: the shape of an article URL each bundled source's feeds list (as listed,
#: tracking parameters and all); a new bundled source needs one here
TYPICAL_ARTICLE = {
    "bbc-news": "https://www.bbc.com/news/articles/c0k8xl2v9dvo?at_medium=RSS&at_campaign=rss",
    "the-guardian": "https://www.theguardian.com/world/2026/dec/03/a-story-headline",
    "npr": "https://www.npr.org/2026/12/03/nx-s1-5212345/a-story-headline",
    "al-jazeera": "https://www.aljazeera.com/news/2026/12/3/a-story-headline",
    "tagesschau": "https://www.tagesschau.de/inland/ein-artikel-100.html",
}


async def listing_requests() -> list:
    crawler = get_crawler(NewsSpider, {"NEWS_DB": "/nonexistent/news.db"})
    spider = NewsSpider.from_crawler(crawler, sources=str(BUNDLED))
    crawler.spider = spider
    return [request async for request in spider.start()], crawler


def test_every_bundled_source_has_a_typical_article():
    assert set(TYPICAL_ARTICLE) == {s.name for s in SOURCES}


@pytest.mark.parametrize("source", SOURCES, ids=lambda s: s.name)
def test_a_typical_article_would_be_requested(source):
    url = canonicalize_url(TYPICAL_ARTICLE[source.name])
    assert entry_verdict(source, url, listed=True) is None


@pytest.mark.parametrize("source", SOURCES, ids=lambda s: s.name)
def test_no_listing_page_is_taken_for_an_article(source):
    for url in (source.homepage, *source.sections, *source.feeds, *source.sitemaps):
        assert entry_verdict(source, canonicalize_url(url), listed=False) is not None, url


@pytest.mark.parametrize("source", SOURCES, ids=lambda s: s.name)
def test_the_homepage_site_is_allowed(source):
    assert source.allows(source.homepage)


async def test_the_offsite_filter_drops_no_configured_listing():
    requests, crawler = await listing_requests()
    offsite = OffsiteMiddleware.from_crawler(crawler)
    offsite.spider_opened(crawler.spider)
    configured = {u for s in SOURCES for u in (*s.feeds, *s.sitemaps, *s.sections, s.homepage)}
    assert configured <= {r.url for r in requests}
    dropped = []
    for request in requests:
        try:
            offsite.process_request(request)
        except IgnoreRequest:
            dropped.append(request.url)
    assert dropped == []
