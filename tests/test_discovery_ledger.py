"""Discovery a user can trust: every URL a source's listings give is
requested or accounted for in the `discovery` table, with a reason."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import pytest_twisted
from badweb import BadWeb, article_html, redirect, rss, sources_toml, static

from newsspider.ledger import LISTED, OUTCOMES

ROOT = Path(__file__).resolve().parents[1]
#: article paths no URL heuristic takes for an article
PLAIN_PATHS = ["/news/articles/c0k8x", "/p/abc", "/story/123", "/news/slug.html", "/item?id=7"]


def serve_articles(site: BadWeb, paths: list[str]) -> list[str]:
    for path in paths:
        site.routes[path] = static(article_html(f"Story at {path}", seed=path).encode())
    return [site.url(p) for p in paths]


def discovery(rows, source: str) -> dict[str, int]:
    found = rows("SELECT outcome, count FROM discovery WHERE source = ?", [source])
    return {r["outcome"]: r["count"] for r in found}


def discovery_of_run(rows, run: int) -> dict[str, int]:
    found = rows("SELECT outcome, count FROM discovery WHERE run_id = ?", [run])
    return {r["outcome"]: r["count"] for r in found}


@pytest.fixture
def site():
    with BadWeb() as web:
        yield web


@pytest_twisted.ensureDeferred
async def test_a_new_users_source_stores_every_feed_entry(site, tmp_path, crawl, rows):
    """name, homepage and a feed, nothing else: the feed's word is enough."""
    urls = serve_articles(site, PLAIN_PATHS)
    site.routes["/feed.xml"] = static(rss(urls), ctype="application/rss+xml")
    sources = sources_toml(tmp_path / "s.toml", [
        {"name": "plain", "homepage": site.url("/"), "feeds": [site.url("/feed.xml")]}])  # fmt: skip
    await crawl(sources)
    stored = rows("SELECT url FROM articles")
    assert len(stored) == len(PLAIN_PATHS)
    counts = discovery(rows, "plain")
    assert (counts["feed_entries"], counts["requested"]) == (5, 5)


@pytest_twisted.ensureDeferred
async def test_a_feed_on_another_host_is_fetched(site, tmp_path, crawl, rows):
    """The feed lives on 127.0.0.2, outside allowed_domains: it is configured,
    so it is fetched; its entries on 127.0.0.1 are stored, one on its own
    host is off the source's domains."""
    urls = serve_articles(site, PLAIN_PATHS[:3])
    with BadWeb("127.0.0.2") as feeds:
        stray = serve_articles(feeds, ["/p/on-the-feed-host"])
        feeds.routes["/rss"] = static(rss(urls + stray), ctype="application/rss+xml")
        sources = sources_toml(tmp_path / "s.toml", [
            {"name": "split", "homepage": site.url("/"), "feeds": [feeds.url("/rss")],
             "allowed_domains": ["127.0.0.1"]}])  # fmt: skip
        await crawl(sources)
        assert "/rss" in feeds.requests
        assert "/p/on-the-feed-host" not in feeds.requests
    assert len(rows("SELECT url FROM articles")) == 3
    counts = discovery(rows, "split")
    assert (counts["requested"], counts["off_domain"]) == (3, 1)


@pytest_twisted.ensureDeferred
async def test_a_malformed_link_loses_nothing_else(site, tmp_path, crawl, rows):
    urls = serve_articles(site, PLAIN_PATHS[:3])
    site.routes["/feed.xml"] = static(
        rss(["http://[::1", *urls, "//[x"]), ctype="application/rss+xml"
    )
    site.routes["/"] = static(b'<a href="http://[::1/x">x</a><a href="/p/abc">a</a>')
    sources = sources_toml(tmp_path / "s.toml", [
        {"name": "bad", "homepage": site.url("/"), "feeds": [site.url("/feed.xml")],
         "article_pattern": "/(p|news|story)/"}])  # fmt: skip
    await crawl(sources)
    assert len(rows("SELECT url FROM articles")) == 3
    counts = discovery(rows, "bad")
    assert counts["malformed"] == 3
    assert counts["duplicate"] == 1  # /p/abc, on the homepage and in the feed
    (examples,) = rows("SELECT examples FROM discovery WHERE outcome = 'malformed'")
    assert "http://[::1" in json.loads(examples["examples"])


@pytest_twisted.ensureDeferred
async def test_section_links_are_capped_and_counted(site, tmp_path, crawl, rows):
    links = "".join(f'<a href="/2026/01/01/story-{i}">s</a>' for i in range(300))
    site.routes["/"] = static(f"<html><body>{links}</body></html>".encode())
    serve_articles(site, [f"/2026/01/01/story-{i}" for i in range(300)])
    sources = sources_toml(tmp_path / "s.toml", [{"name": "many", "homepage": site.url("/")}])
    await crawl(sources, NEWS_MAX_LISTING_LINKS=20)
    counts = discovery(rows, "many")
    assert (counts["section_links"], counts["requested"], counts["over_cap"]) == (300, 20, 280)
    assert len(site.requests) < 30


@pytest_twisted.ensureDeferred
async def test_a_redirect_to_a_requested_url_is_recorded(site, tmp_path, crawl, rows):
    (target,) = serve_articles(site, ["/p/final"])
    site.routes["/p/old"] = redirect(target)
    site.routes["/feed.xml"] = static(
        rss([target, site.url("/p/old")]), ctype="application/rss+xml"
    )
    sources = sources_toml(tmp_path / "s.toml", [
        {"name": "moved", "homepage": site.url("/"), "feeds": [site.url("/feed.xml")]}])  # fmt: skip
    await crawl(sources)
    assert len(rows("SELECT url FROM articles")) == 1
    counts = discovery(rows, "moved")
    assert counts["redirected_to_known"] == 1
    (row,) = rows("SELECT examples FROM discovery WHERE outcome = 'redirected_to_known'")
    assert json.loads(row["examples"]) == [site.url("/p/old")]


@pytest_twisted.ensureDeferred
async def test_known_off_pattern_and_blocked_are_counted(site, tmp_path, crawl, rows):
    urls = serve_articles(site, ["/news/one", "/news/two", "/about/us"])
    with BadWeb("127.0.0.2") as other:
        blocked = serve_articles(other, ["/news/elsewhere"])
        site.routes["/feed.xml"] = static(rss(urls + blocked), ctype="application/rss+xml")
        sources = sources_toml(tmp_path / "s.toml", [
            {"name": "mixed", "homepage": site.url("/"), "feeds": [site.url("/feed.xml")],
             "allowed_domains": ["127.0.0.1", "127.0.0.2"], "article_pattern": "/news/"}])  # fmt: skip
        guarded = {"NEWS_ALLOW_PRIVATE": False, "NEWS_ALLOW_HOSTS": [site.netloc]}
        await crawl(sources, **guarded)
        await crawl(sources, NEWS_REFRESH_WITHIN=0, **guarded)
        assert other.requests == []
    first, second = (discovery_of_run(rows, run) for run in (1, 2))
    assert (first["requested"], first["off_pattern"], first["blocked"]) == (3, 1, 1)
    assert (second["known"], second["requested"]) == (2, 1)  # the blocked one is tried again
    (reject,) = rows("SELECT reason FROM rejects WHERE run_id = 1")
    assert "NEWS_ALLOW_HOSTS" in reject["reason"] and "NEWS_ALLOW_PRIVATE" in reject["reason"]


def run_crawl(tmp_path: Path, sources: Path, *settings: str) -> subprocess.CompletedProcess:
    args = [a for s in settings for a in ("-s", s)]
    return subprocess.run(
        [sys.executable, "-m", "scrapy", "crawl", "news", "-a", f"sources={sources}",
         "-s", f"NEWS_DB={tmp_path / 'news.db'}", "-s", "RETRY_TIMES=0",
         *args],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
    )  # fmt: skip


def test_a_source_that_lists_nothing_fetchable_gets_a_warning(site, tmp_path):
    urls = serve_articles(site, ["/about/one", "/about/two"])
    site.routes["/feed.xml"] = static(rss(urls), ctype="application/rss+xml")
    site.routes["/"] = static(b"<html><body><p>Front page</p></body></html>")
    sources = sources_toml(tmp_path / "s.toml", [
        {"name": "offpat", "homepage": site.url("/"), "feeds": [site.url("/feed.xml")],
         "article_pattern": "/news/"}])  # fmt: skip
    done = run_crawl(tmp_path, sources, f"NEWS_ALLOW_HOSTS={site.netloc}", "LOG_LEVEL=WARNING")
    assert done.returncode == 0  # nothing failed: the source has nothing to give
    line = f"offpat: 2 feed entries, 0 requested: 2 off article_pattern, e.g. {urls[0]}"
    assert line in done.stdout
    assert line in done.stderr  # the log says it too (a WARNING line)


def test_a_run_with_no_network_says_why_and_fails(tmp_path):
    """Every source unreachable: each cause is named, errors are counted,
    the run is marked failed, exit status 1, and the demo is suggested."""
    with BadWeb() as closed:
        port = closed.port  # a port nobody listens on once the server is gone
    sources = sources_toml(tmp_path / "s.toml", [
        {"name": "refused", "homepage": f"http://127.0.0.1:{port}/",
         "feeds": [f"http://127.0.0.1:{port}/rss"]},
        {"name": "nodns", "homepage": "http://nowhere.invalid/"}])  # fmt: skip
    done = run_crawl(tmp_path, sources, f"NEWS_ALLOW_HOSTS=127.0.0.1:{port}", "LOG_LEVEL=ERROR")
    assert done.returncode == 1
    out = done.stdout
    assert f"source refused: failing: fetch failed: connection refused by 127.0.0.1:{port}" in out
    assert "source nodns: failing: fetch failed: cannot resolve host 'nowhere.invalid'" in out
    assert "scrapy demo" in out
    assert "every source failed: " in done.stderr
    import sqlite3

    with sqlite3.connect(tmp_path / "news.db") as conn:
        reason, errors = conn.execute("SELECT finish_reason, errors FROM runs").fetchone()
    assert (reason, errors) == ("failed", 5)  # feed, robots.txt and homepage; robots.txt, homepage


@pytest_twisted.ensureDeferred
async def test_every_listed_url_has_exactly_one_outcome(demo, crawl, rows):
    await crawl(demo.sources_path)
    for name in demo.servers:
        counts = discovery(rows, name)
        listed = sum(counts.get(k, 0) for k in LISTED)
        assert listed > 0
        assert sum(counts.get(k, 0) for k in OUTCOMES) == listed, counts


@pytest_twisted.ensureDeferred
async def test_two_sources_sharing_a_feed_each_read_it(site, tmp_path, crawl, rows):
    urls = serve_articles(site, PLAIN_PATHS[:2])
    site.routes["/feed.xml"] = static(rss(urls), ctype="application/rss+xml")
    shared = {"homepage": site.url("/"), "feeds": [site.url("/feed.xml")]}
    sources = sources_toml(
        tmp_path / "s.toml", [{"name": "one", **shared}, {"name": "two", **shared}]
    )
    await crawl(sources)
    one, two = discovery(rows, "one"), discovery(rows, "two")
    assert (one["feed_entries"], two["feed_entries"]) == (2, 2)
    assert one.get("requested", 0) + two.get("requested", 0) == 2
    assert one.get("duplicate", 0) + two.get("duplicate", 0) == 2
    assert len(rows("SELECT url FROM articles")) == 2
