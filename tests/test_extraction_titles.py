"""Rules for picking the headline."""

from __future__ import annotations

import pytest

from newsspider.extraction.titles.choose import (
    choose_title,
    host_key,
    is_site_name,
    strip_site_name,
)


@pytest.mark.parametrize(
    ("title", "site", "host", "headline"),
    [
        ("Rain floods town | Daily Planet", "Daily Planet", "", "Rain floods town"),
        ("Daily Planet – Rain floods town", "Daily Planet", "", "Rain floods town"),
        ("Rain floods town - www.DailyPlanet.com", None, "dailyplanet", "Rain floods town"),
        ("Rain floods town | Harper's Magazine", None, "harpers", "Rain floods town"),
        ("Opinion | Why rain matters", None, "", "Why rain matters"),
    ],
)
def test_strip_site_name(title, site, host, headline):
    assert strip_site_name(title, site, host=host) == headline


def test_no_guessing_keeps_a_headline_with_a_dash():
    title = "Office 365 – HBDI – die Dritte"
    assert strip_site_name(title, guess=False) == title


@pytest.mark.parametrize(
    ("url", "key"),
    [
        ("https://www.daily-planet.co.uk/a", "dailyplanet"),
        ("https://news.example.com/x", "example"),
    ],
)
def test_host_key(url, key):
    assert host_key(url) == key


@pytest.mark.parametrize(
    ("piece", "ok"),
    [
        ("Beige.de", True),
        ("Beige", True),
        ("Provence Travel Guide", False),
        ("Beige walls are back", False),
    ],
)
def test_is_site_name_by_host(piece, ok):
    assert is_site_name(piece, host="beige") is ok


@pytest.mark.parametrize(
    ("candidates", "url", "headline"),
    [
        # a logo h1 naming the site is no headline
        (
            [
                ("Beige", "h1"),
                ("Provence Travel Guide", "og:title"),
                ("Provence Travel Guide — Beige", "title"),
            ],
            "https://beige.de/x",
            "Provence Travel Guide",
        ),
        # og:title keeps a dash that is part of the headline
        (
            [
                ("Office 365 – HBDI – die Dritte", "og:title"),
                ("Office 365 – HBDI – die Dritte | Dami Blog", "title"),
            ],
            "https://dami.example/x",
            "Office 365 – HBDI – die Dritte",
        ),
        # og:title loses the suffix the <title> shows as the site's name
        (
            [("Streit ums Holz - Aussen", "og:title"), ("Streit ums Holz - Aussen", "title")],
            "https://example.org/x",
            "Streit ums Holz",
        ),
        # HTML entities in JSON-LD
        ([("Rain &#8211; and sun", "jsonld")], None, "Rain – and sun"),
        # the site's name guessed by trafilatura must not hide every candidate
        (
            [("»frag.jetzt«", "h1"), ("»frag.jetzt« – ARSnova", "title")],
            "https://arsnova.example/x",
            "»frag.jetzt«",
        ),
    ],
)
def test_choose_title(candidates, url, headline):
    assert choose_title(candidates, None, url)[0] == headline


@pytest.mark.parametrize(
    ("candidates", "headline"),
    [
        # the h1 as shown wins over metadata titles worded for search engines
        (
            [
                ("Storms: what the week brings", "og:title"),
                ("Storms: what the week brings", "title"),
                ("Heavy storms expected all week", "h1"),
            ],
            "Heavy storms expected all week",
        ),
        # a kicker glued before the headline in the h1: the metadata title shows the headline
        (
            [("Rain floods the old town", "og:title"), ("Weather Rain floods the old town", "h1")],
            "Rain floods the old town",
        ),
        # a kicker in the metadata title: the h1 shows the headline
        (
            [("Weather: Rain floods the old town", "og:title"), ("Rain floods the old town", "h1")],
            "Rain floods the old town",
        ),
        # an h1 sharing no word with the titles that confirm each other is no headline
        (
            [
                ("Rain floods the old town", "og:title"),
                ("Rain floods the old town | Planet", "title"),
                ("Press releases", "h1"),
            ],
            "Rain floods the old town",
        ),
        # trafilatura's title (a copy of the h1) confirms nothing
        (
            [
                ("Heavy rain floods the old town Posted by Ann on May 2", "h1"),
                ("Heavy rain floods the old town", "h1"),
                ("Heavy rain floods the old town - Weather blog", "title"),
                ("Heavy rain floods the old town Posted by Ann on May 2", "trafilatura"),
            ],
            "Heavy rain floods the old town",
        ),
    ],
)
def test_headline_as_shown(candidates, headline):
    assert choose_title(candidates, None, "https://example.org/x")[0] == headline


def test_blog_name_in_h1_and_title_tail():
    candidates = [
        ("Bake with Ann", "h1"),
        ("Lemon cake in ten minutes | Bake with Ann", "title"),
        ("Bake with Ann", "trafilatura"),
    ]
    assert choose_title(candidates, None, "https://cakes.example/x") == (
        "Lemon cake in ten minutes",
        "title",
    )


def test_section_before_headline_is_no_blog_name():
    candidates = [("Rain floods the old town", "h1"), ("News - Rain floods the old town", "title")]
    assert choose_title(candidates, None, "https://example.org/x")[0] == "Rain floods the old town"


def test_site_name_with_dash_is_recognised():
    assert is_site_name("Ann's Blog – Spring 08", "Ann's Blog -  Spring 08")
    assert not is_site_name("Results of the spring meeting in the old town hall", "x")
