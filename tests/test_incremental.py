"""Scheduled runs over a site that changes between them: what each run
fetched and stored."""

from __future__ import annotations

import json
import os
import time

import pytest_twisted

from newsspider.urls import canonicalize_url


def site_file(demo, article):
    return demo.servers[article.site].root / article.url.split("/", 3)[3]


def touch_later(path):
    """Give an edited file a clearly newer mtime (HTTP dates have 1 s resolution)."""
    later = time.time() + 5
    os.utime(path, (later, later))


def paths(demo, site=None):
    return [p for name, s in demo.servers.items() if site in (None, name) for p in s.requests]


def change_the_site(demo):
    """An edited article, a removed one, a new one in the feed, a failing source."""
    ht = [a for a in demo.expected.articles if a.site == "harbour-times"]
    edited, removed, template = ht[0], ht[1], ht[2]
    path = site_file(demo, edited)
    path.write_text(
        path.read_text().replace(edited.must_contain[0], "The council revised this report.")
    )
    touch_later(path)
    site_file(demo, removed).unlink()
    new_path = site_file(demo, template).with_name("a-brand-new-story.html")
    new_url = template.url.rsplit("/", 1)[0] + "/a-brand-new-story.html"
    html = site_file(demo, template).read_text().replace(template.title, "A brand new story")
    html = html.replace(template.must_contain[0], "Something new happened today.")
    new_path.write_text(html.replace(template.url, new_url))  # its own canonical link
    rss = demo.servers["harbour-times"].root / "rss.xml"
    rss.write_text(
        rss.read_text().replace("<item>", f"<item><link>{new_url}</link></item><item>", 1)
    )
    touch_later(rss)
    demo.servers["metro-wire"].routes.update(
        {p: (503, {}, b"down") for p in ("/", "/news/", "/robots.txt", "/news/index.html")}
    )
    for server in demo.servers.values():
        server.requests.clear()
    return edited, removed, new_url


@pytest_twisted.ensureDeferred
async def test_second_run_stores_what_changed_and_keeps_the_rest(demo, crawl, rows):
    await crawl(demo.sources_path)
    first = {r["url"]: r for r in rows("SELECT * FROM articles")}
    edited, removed, new_url = change_the_site(demo)

    await crawl(demo.sources_path, NEWS_REFRESH_EVERY=0)

    after = {r["url"]: r for r in rows("SELECT * FROM articles")}
    assert set(after) == set(first) | {canonicalize_url(new_url)}  # nothing lost
    old, new = first[canonicalize_url(edited.url)], after[canonicalize_url(edited.url)]
    assert "The council revised this report." in new["body"] and new["modified"]
    (version,) = rows("SELECT * FROM article_versions")
    assert version["body"] == old["body"] and version["article_id"] == old["id"]
    assert (
        after[canonicalize_url(removed.url)]["body"] == first[canonicalize_url(removed.url)]["body"]
    )
    (run,) = rows("SELECT * FROM runs WHERE id = 2")
    assert (run["new"], run["updated"]) == (1, 1)
    assert (
        run["unchanged"] == len([a for a in demo.expected.articles if a.site != "metro-wire"]) - 2
    )
    rejects = {
        r["url"]: r["reason"] for r in rows("SELECT url, reason FROM rejects WHERE run_id = 2")
    }
    assert rejects[removed.url] == "http 404"


@pytest_twisted.ensureDeferred
async def test_a_failing_source_is_flagged(demo, crawl, rows):
    await crawl(demo.sources_path)
    change_the_site(demo)
    await crawl(demo.sources_path)
    health = {r["name"]: r for r in rows("SELECT * FROM sources")}
    assert health["metro-wire"]["status"] == "failing"
    assert health["metro-wire"]["consecutive_failures"] == 1
    assert health["metro-wire"]["last_success"] is not None
    assert health["harbour-times"]["status"] == "ok"


@pytest_twisted.ensureDeferred
async def test_unchanged_pages_answer_304_and_only_move_last_seen(demo, crawl, rows):
    await crawl(demo.sources_path)
    before = {r["url"]: r["last_seen"] for r in rows("SELECT url, last_seen FROM articles")}
    for server in demo.servers.values():
        server.requests.clear()
    time.sleep(1.1)  # last_seen has 1 s resolution

    stats = await crawl(demo.sources_path, NEWS_REFRESH_EVERY=0)

    assert stats.get("news/store/new", 0) == 0 and stats.get("news/store/updated", 0) == 0
    assert stats["downloader/response_status_count/304"] >= len(before)
    after = {r["url"]: r["last_seen"] for r in rows("SELECT url, last_seen FROM articles")}
    assert all(after[u] > before[u] for u in before)
    assert rows("SELECT count(*) AS n FROM article_versions")[0]["n"] == 0


@pytest_twisted.ensureDeferred
async def test_a_run_with_nothing_due_fetches_no_article(demo, crawl, rows):
    await crawl(demo.sources_path)
    for server in demo.servers.values():
        server.requests.clear()
    await crawl(demo.sources_path)
    articles = {"/" + a.url.split("/", 3)[3] for a in demo.expected.articles}
    assert not articles & set(paths(demo))
    listing_304 = [r for r in rows("SELECT stats FROM runs WHERE id = 2")]
    stats = json.loads(listing_304[0]["stats"])
    assert stats.get("news/discover/harbour-times/not_modified", 0) >= 1
