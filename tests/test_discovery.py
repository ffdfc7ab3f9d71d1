"""Feeds, sitemaps and robots.txt parsing."""

from __future__ import annotations

import pytest

from newsspider.discovery import (
    feed_entries,
    looks_like_article_url,
    parse_sitemap,
    robots_sitemaps,
)

ATOM = b"""<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom">
<entry><title>Bridge opens</title><link rel="alternate" type="text/html" href="/2024/05/bridge"/>
<link rel="enclosure" href="/img.jpg"/><published>2024-05-01T08:00:00+02:00</published>
<author><name>Ann Lee</name></author></entry></feed>"""

RDF = b"""<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"
 xmlns:dc="http://purl.org/dc/elements/1.1/"><item rdf:about="https://a.example/2024/05/x">
<title>X</title><dc:date>2024-05-01</dc:date></item></rdf:RDF>"""

XXE = b"""<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<rss><channel><item><title>&xxe;</title><link>https://a.example/2024/05/x</link></item></channel></rss>"""


def test_atom_entries_use_the_alternate_link():
    (entry,) = feed_entries(ATOM, "https://a.example/feed.atom")
    assert entry.url == "https://a.example/2024/05/bridge"
    assert (entry.title, entry.published, entry.authors) == (
        "Bridge opens",
        "2024-05-01T08:00:00+02:00",
        ["Ann Lee"],
    )


def test_rdf_items_use_rdf_about():
    (entry,) = feed_entries(RDF, "https://a.example/rss")
    assert entry.url == "https://a.example/2024/05/x"
    assert entry.published == "2024-05-01"


def test_external_entities_are_not_resolved():
    (entry,) = feed_entries(XXE, "https://a.example/rss")
    assert "root:" not in (entry.title or "")


@pytest.mark.parametrize(
    "data", [b"", b"<html><body>not a feed</body></html>", b"\x00\xff garbage"]
)
def test_not_a_feed_gives_no_entries(data):
    assert feed_entries(data, "https://a.example/rss") == []


def test_sitemap_index_lists_sitemaps():
    sm = parse_sitemap(
        b'<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        b"<sitemap><loc>https://a.example/news.xml</loc></sitemap></sitemapindex>",
        "https://a.example/sitemap.xml",
    )
    assert sm.kind == "sitemapindex"
    assert [e.url for e in sm.entries] == ["https://a.example/news.xml"]


def test_a_broken_sitemap_is_not_a_sitemap():
    assert parse_sitemap(b"<html>oops</html>", "https://a.example/sitemap.xml").kind == ""


def test_robots_sitemap_lines():
    text = "User-agent: *\nDisallow: /private/\nSitemap: https://a.example/sitemap_index.xml\n"
    assert robots_sitemaps(text, "https://a.example/robots.txt") == [
        "https://a.example/sitemap_index.xml"
    ]


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://a.example/2024/05/01/storm-hits", True),
        ("https://a.example/world/europe-storm-hits-the-coast-hard", True),
        ("https://a.example/author/ann-lee-writes-here", False),
        ("https://a.example/", False),
        ("https://a.example/photo-of-the-storm.jpg", False),
    ],
)
def test_article_url_guess(url, expected):
    assert looks_like_article_url(url) is expected
