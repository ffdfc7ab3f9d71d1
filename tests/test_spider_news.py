"""In-process crawls of the sample sites on 127.0.0.1: exactly which pages
are stored and which are rejected, and why."""

from __future__ import annotations

import json

import pytest_twisted

from newsspider.demo.build import disallowed_urls
from newsspider.urls import canonicalize_url

REASON_PREFIX = {"not-found": "http 404", "not-html": "not html", "not-article": "not an article"}


@pytest_twisted.ensureDeferred
async def test_every_sample_article_is_stored_once(demo, crawl, rows):
    await crawl(demo.sources_path)
    stored = {r["url"] for r in rows("SELECT url FROM articles")}
    assert stored == {canonicalize_url(a.url) for a in demo.expected.articles}
    assert len(rows("SELECT url FROM articles")) == len(demo.expected.articles)


@pytest_twisted.ensureDeferred
async def test_non_articles_are_rejected_with_their_reason(demo, crawl, rows):
    await crawl(demo.sources_path)
    rejects = {r["url"]: r["reason"] for r in rows("SELECT url, reason FROM rejects")}
    expected = {r.url: REASON_PREFIX[r.why] for r in demo.expected.rejects}
    assert set(rejects) == set(expected)
    for url, prefix in expected.items():
        assert rejects[url].startswith(prefix), (url, rejects[url])


@pytest_twisted.ensureDeferred
async def test_robots_txt_disallowed_page_is_never_fetched(demo, crawl, rows):
    await crawl(demo.sources_path)
    private = disallowed_urls(demo.base_urls)
    served = {p for s in demo.servers.values() for p in s.requests}
    assert private and not any(
        url.split("/", 3)[3] in {p.lstrip("/") for p in served} for url in private
    )
    assert not rows("SELECT url FROM rejects WHERE url LIKE '%/private/%'")


@pytest_twisted.ensureDeferred
async def test_seed_page_is_stored_clean(demo, crawl, rows):
    await crawl(demo.sources_path)
    seed = next(a for a in demo.expected.articles if a.title.startswith("Kim Jong Un"))
    (row,) = rows("SELECT * FROM articles WHERE url = ?", [canonicalize_url(seed.url)])
    assert row["title"] == "Kim Jong Un Set To Join China’s Victory Day Military Parade"
    assert json.loads(row["authors"]) == ["Ubaid"]
    assert row["published"] == seed.published
    assert row["body"].startswith("North Korean leader Kim Jong is expected to attend")
    for text in seed.must_not_contain:
        assert text not in row["body"]


@pytest_twisted.ensureDeferred
async def test_fields_match_what_each_page_shows(demo, crawl, rows):
    await crawl(demo.sources_path)
    got = {r["url"]: r for r in rows("SELECT * FROM articles")}
    wrong = []
    for a in demo.expected.articles:
        row = got[canonicalize_url(a.url)]
        if row["title"] != a.title:
            wrong.append((a.url, "title", row["title"], a.title))
        if json.loads(row["authors"]) != list(a.authors):
            wrong.append((a.url, "authors", row["authors"], a.authors))
        if row["published"] != a.published:
            wrong.append((a.url, "published", row["published"], a.published))
        missing = [s for s in a.must_contain if s not in row["body"]]
        leaked = [s for s in a.must_not_contain if s in row["body"]]
        if missing or leaked:
            wrong.append((a.url, "body", missing, leaked))
    assert wrong == []


@pytest_twisted.ensureDeferred
async def test_a_second_run_fetches_no_stored_article_again(demo, crawl, rows):
    await crawl(demo.sources_path)
    before = {p for s in demo.servers.values() for p in s.requests}
    for server in demo.servers.values():
        server.requests.clear()
    stats = await crawl(demo.sources_path)
    refetched = {p for s in demo.servers.values() for p in s.requests}
    articles = {"/" + a.url.split("/", 3)[3] for a in demo.expected.articles}
    assert articles <= before
    assert not (articles & refetched)
    assert stats.get("news/store/new", 0) == 0
    runs = rows("SELECT new, rejected, finish_reason FROM runs ORDER BY id")
    assert [r["new"] for r in runs] == [len(demo.expected.articles), 0]
    assert {r["finish_reason"] for r in runs} == {"finished"}


@pytest_twisted.ensureDeferred
async def test_source_argument_crawls_one_source(demo, crawl, rows):
    await crawl(demo.sources_path, {"source": "metro-wire"})
    assert {r["source"] for r in rows("SELECT DISTINCT source FROM articles")} == {"metro-wire"}
    served = [p for name, s in demo.servers.items() if name != "metro-wire" for p in s.requests]
    assert served == []


@pytest_twisted.ensureDeferred
async def test_run_row_counts_what_happened(demo, crawl, rows):
    await crawl(demo.sources_path)
    (run,) = rows("SELECT * FROM runs")
    assert run["new"] == len(demo.expected.articles)
    not_found = [r for r in demo.expected.rejects if r.why == "not-found"]
    assert run["errors"] == len(not_found)  # failed fetches are errors, not rejects
    assert run["rejected"] == len(demo.expected.rejects) - len(not_found)
    assert run["finished"] >= run["started"]
    assert json.loads(run["stats"])["news/store/new"] == run["new"]


@pytest_twisted.ensureDeferred
async def test_raw_html_is_archived_compressed(demo, crawl, rows):
    import gzip

    await crawl(demo.sources_path)
    pages = rows("SELECT p.html_gz, a.title FROM pages p JOIN articles a ON a.id = p.article_id")
    assert len(pages) == len(demo.expected.articles)
    html = gzip.decompress(pages[0]["html_gz"]).decode()
    assert "<html" in html.lower()


@pytest_twisted.ensureDeferred
async def test_private_addresses_are_refused_without_the_setting(demo, crawl, rows):
    stats = await crawl(demo.sources_path, NEWS_ALLOW_PRIVATE=False)
    assert rows("SELECT count(*) AS n FROM articles")[0]["n"] == 0
    assert all(not s.requests for s in demo.servers.values())
    assert stats.get("news/discover/harbour-times/listing_failed", 0) > 0
