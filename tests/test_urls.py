"""URL canonicalisation and canonical-link choice."""

from __future__ import annotations

import pytest

from newsspider.urls import canonicalize_url, choose_canonical, date_from_url


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("HTTP://Example.COM/a", "http://example.com/a"),
        ("https://example.com:443/a", "https://example.com/a"),
        ("http://example.com:8080/a", "http://example.com:8080/a"),
        ("https://example.com/a#comments", "https://example.com/a"),
        ("https://example.com/a?utm_source=rss&utm_medium=feed", "https://example.com/a"),
        ("https://example.com/a?id=7&fbclid=xyz&page=2", "https://example.com/a?id=7&page=2"),
        ("https://example.com", "https://example.com/"),
        ("  https://example.com/a  ", "https://example.com/a"),
    ],
)
def test_canonical_form(url, expected):
    assert canonicalize_url(url) == expected


@pytest.mark.parametrize(
    "url", ["https://Example.com/a?utm_source=x#top", "https://example.com/a?b=1&a=2"]
)
def test_canonicalisation_is_idempotent(url):
    once = canonicalize_url(url)
    assert canonicalize_url(once) == once


@pytest.mark.parametrize(
    ("canonical", "expected"),
    [
        (None, "https://a.example/story?id=1"),
        ("https://www.a.example/story-amp", "https://www.a.example/story-amp"),
        ("/", "https://a.example/story?id=1"),
        ("https://other.example/story", "https://a.example/story?id=1"),
        ("javascript:alert(1)", "https://a.example/story?id=1"),
    ],
)
def test_canonical_link_only_when_sane(canonical, expected):
    assert choose_canonical("https://a.example/story?id=1&utm_campaign=x", canonical) == expected


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://a.example/2024/3/5/x", "2024-03-05"),
        ("https://a.example/2024/13/05/x", None),
        ("https://a.example/news/2024-03-05/x", "2024-03-05"),
        ("https://a.example/id/12345678/x", None),
    ],
)
def test_dates_in_urls(url, expected):
    assert date_from_url(url) == expected
