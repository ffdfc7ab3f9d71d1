r"""What `scrapy sources add` makes of a site: its feeds, sitemaps and
language, and an `article_pattern` inferred from the articles its listings
name. Pure functions over what was fetched (the command fetches through
Scrapy, so the address guard, robots.txt and the size caps apply).

    >>> articles = ["https://a.example/p/x7k2", "https://a.example/p/q9zz", "https://a.example/p/b3"]
    >>> links = ["https://a.example/", "https://a.example/p/", "https://a.example/tag/storm/"]
    >>> print(infer_pattern(articles, navigation_links(links, articles)))
    ^https?://[^/]+/p/(?:[^/?]+/)*[^/?]+(?:\?|$)
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from itertools import combinations
from urllib.parse import urlsplit

import courlan
from lxml import html as lxml_html
from trafilatura.feeds import FeedParameters, determine_feed

from newsspider.discovery import NOT_ARTICLE_PATH, Entry, join_url, looks_like_article_url
from newsspider.urls import canonicalize_url

#: feed paths tried when the page names no feed
FEED_PATHS = ("/feed", "/rss", "/rss.xml", "/feed.xml", "/atom.xml", "/index.xml")
#: sitemap paths tried when robots.txt names no sitemap
SITEMAP_PATHS = ("/sitemap.xml", "/news-sitemap.xml", "/sitemap_index.xml")
#: fewer example articles than this give no pattern
MIN_EXAMPLES = 2
HEAD = r"^https?://[^/]+"
#: the path ends, or a query begins (the pattern is searched in the whole URL)
END = r"(?:\?|$)"
DATE = re.compile(r"/(?:19|20)\d{2}/[01]?\d/")
SUFFIX = re.compile(r"\.(?:s?html?|php|aspx?)$")
ID = re.compile(r"\d{4,}")
#: the last segment's class for each feature; a last segment with none is [^/?]+
LAST = {"id": r"[^/?]*\d{4,}[^/?]*", "slug": r"[^/?]*-[^/?]*-[^/?]*"}
FEATURES = ("prefix", "date", "suffix", "id", "slug")


def page_feeds(page: str, url: str) -> list[str]:
    """The feeds a page names (``<link rel="alternate">``, or links that look
    like feeds), on the page's own domain.

    >>> page_feeds('<html><head><link rel="alternate" type="application/rss+xml" href="/rss.xml">'
    ...            '</head><body></body></html>', "https://www.a.example/")
    ['https://www.a.example/rss.xml']
    """
    base = f"{urlsplit(url).scheme}://{urlsplit(url).netloc}"
    domain = courlan.extract_domain(url) or urlsplit(url).hostname or ""
    return determine_feed(page, FeedParameters(base, domain, url))


def page_language(page: str) -> str | None:
    """The ISO 639-1 code of the page's ``<html lang>``, if any.

    >>> page_language('<html lang="en-GB"><body>x</body></html>'), page_language("<p>x</p>")
    ('en', None)
    """
    try:
        lang = lxml_html.fromstring(page).getroottree().getroot().get("lang") or ""
    except (ValueError, lxml_html.etree.ParserError):
        return None
    code = re.split(r"[-_]", lang.strip().lower())[0]
    return code if re.fullmatch(r"[a-z]{2}", code) else None


def page_links(page: str, url: str) -> list[str]:
    """The absolute http(s) links of a page, in order, once each.

    >>> page_links('<a href="/a">A</a><a href="mailto:x@a.example">m</a><a href="/a">A</a>', "https://a.example/")
    ['https://a.example/a']
    """
    try:
        root = lxml_html.fromstring(page)
    except (ValueError, lxml_html.etree.ParserError):
        return []
    links = (join_url(url, href) for href in root.xpath("//a/@href"))
    return list(dict.fromkeys(link for link in links if link))


def navigation_links(links: Iterable[str], articles: Iterable[str]) -> list[str]:
    """The links (of a homepage) that are no article: the site's root, the
    directories the articles sit in (sections), and tag, author, category
    and other pages that look like no article. An article pattern must match
    none of them.

    >>> navigation_links(["https://a.example/news/", "https://a.example/news/storm",
    ...                   "https://a.example/author/ann/", "https://a.example/news/quiet-day"],
    ...                  ["https://a.example/news/storm"])
    ['https://a.example/news/', 'https://a.example/author/ann/']
    """
    listed = {_path(a) for a in articles}
    sections = {d for path in listed for d in _directories(path)}
    return [
        link
        for link in links
        if (path := _path(link)) not in listed
        and (path in sections or NOT_ARTICLE_PATH.search(path))
    ]


def _path(url: str) -> str:
    return urlsplit(url).path or "/"


def _directories(path: str) -> Iterator[str]:
    """'/a/b/c' -> '/', '/a', '/a/', '/a/b', '/a/b/'."""
    segments = path.strip("/").split("/")
    yield "/"
    for n in range(1, len(segments)):
        yield "/" + "/".join(segments[:n])
        yield "/" + "/".join(segments[:n]) + "/"


def infer_pattern(articles: list[str], others: Iterable[str] = ()) -> str | None:
    r"""A regular expression that matches every URL of `articles` and none of
    `others`, built from what the articles share (a fixed first segment, a
    date path, a suffix, a numeric id, a hyphenated slug, and last their
    whole shape), the most general first; None when nothing separates them.

    >>> print(infer_pattern(["https://a.example/news/2024/05/01/storm.html",
    ...                      "https://a.example/sport/2024/06/12/match.html"], ["https://a.example/news/"]))
    ^https?://[^/]+/(?:[^/?]+/)*(?:19|20)\d{2}/[01]?\d/(?:[^/?]+/)*[^/?]+(?:\?|$)
    >>> print(infer_pattern(["https://a.example/story-123456", "https://a.example/other-234567"],
    ...                     ["https://a.example/local"]))
    ^https?://[^/]+/(?:[^/?]+/)*[^/?]*\d{4,}[^/?]*(?:\?|$)
    >>> infer_pattern(["https://a.example/a", "https://a.example/b"], ["https://a.example/c"]) is None
    True
    """
    urls = list(dict.fromkeys(articles))
    if len(urls) < MIN_EXAMPLES:
        return None
    others = list(others)
    for pattern in _candidates([_path(u) for u in urls]):
        regex = re.compile(pattern)
        if all(regex.search(u) for u in urls) and not any(regex.search(o) for o in others):
            return pattern
    return None


@dataclass
class _Shape:
    """What every article path shares."""

    prefix: list[str]
    features: list[str]
    suffix: str
    trail: str
    depth: int | None  # the number of segments, when all have the same
    segments: list[list[str]] = field(repr=False)


def _shape(paths: list[str]) -> _Shape:
    segments = [[s for s in p.split("/") if s] for p in paths]
    lasts = [s[-1] if s else "" for s in segments]
    prefix = []
    for column in zip(*(s[:-1] for s in segments), strict=False):
        if len(set(column)) > 1 or column[0].isdigit():
            break
        prefix.append(column[0])
    suffixes = {m.group() if (m := SUFFIX.search(last)) else "" for last in lasts}
    suffix = suffixes.pop() if len(suffixes) == 1 else ""
    present = {
        "prefix": bool(prefix),
        "date": all(DATE.search(p) for p in paths),
        "suffix": bool(suffix),
        "id": all(ID.search(last) for last in lasts),
        "slug": all(last.count("-") >= 2 for last in lasts),
    }
    trails = {p.endswith("/") and p != "/" for p in paths}
    depths = {len(s) for s in segments}
    return _Shape(prefix, [f for f in FEATURES if present[f]], suffix,
                  "/?" if len(trails) > 1 else "/" * trails.pop(),
                  depths.pop() if len(depths) == 1 else None, segments)  # fmt: skip


def _candidates(paths: list[str]) -> Iterator[str]:
    shape = _shape(paths)
    for size in range(1, len(shape.features) + 1):
        for combo in combinations(shape.features, size):
            if not {"id", "slug"} <= set(combo):
                yield _regex(shape, set(combo))
    if shape.depth:
        yield _full_shape(shape)


def _regex(shape: _Shape, combo: set[str]) -> str:
    prefix = "".join("/" + re.escape(s) for s in shape.prefix) if "prefix" in combo else ""
    date = r"/(?:[^/?]+/)*(?:19|20)\d{2}/[01]?\d" if "date" in combo else ""
    last = next((LAST[f] for f in ("id", "slug") if f in combo), "[^/?]+")
    if "suffix" in combo:
        last = last.removesuffix("+").removesuffix("*") + "*" + re.escape(shape.suffix)
    return f"{HEAD}{prefix}{date}/(?:[^/?]+/)*{last}{shape.trail}{END}"


def _full_shape(shape: _Shape) -> str:
    """Each segment: a literal when all paths agree, else a digits or a
    generic class; the last keeps the suffix."""
    parts = []
    for column in zip(*shape.segments, strict=True):
        if len(set(column)) == 1:
            parts.append(re.escape(column[0]))
        elif all(c.isdigit() for c in column):
            lengths = {len(c) for c in column}
            parts.append(rf"\d{{{lengths.pop()}}}" if len(lengths) == 1 else r"\d+")
        else:
            parts.append("[^/?]+")
    if shape.suffix and parts[-1] == "[^/?]+":
        parts[-1] = "[^/?]*" + re.escape(shape.suffix)
    return HEAD + "".join("/" + p for p in parts) + shape.trail + END


def article_urls(feeds: dict[str, list[Entry]], sitemaps: list[tuple[Entry, bool]]) -> list[str]:
    """The URLs the site says are articles: its feeds' and news sitemaps'
    entries; when it has neither, the entries of its other sitemaps that
    look like articles.

    >>> article_urls({"f": [Entry("https://a.example/p/1")]}, [(Entry("https://a.example/about"), False)])
    ['https://a.example/p/1']
    """
    listed = [e.url for entries in feeds.values() for e in entries]
    listed += [e.url for e, news in sitemaps if news]
    if not listed:
        listed = [e.url for e, _ in sitemaps if e.url and looks_like_article_url(e.url)]
    return list(dict.fromkeys(canonicalize_url(u) for u in listed if u))


def domains(urls: Iterable[str]) -> list[str]:
    """The registered domains of `urls` (their hosts when they have none),
    for `allowed_domains`, which includes subdomains.

    >>> domains(["https://www.bbc.co.uk/news", "https://feeds.bbci.co.uk/x", "http://127.0.0.1:8080/"])
    ['bbc.co.uk', 'bbci.co.uk', '127.0.0.1']
    """
    found = (
        courlan.extract_domain(u) or (urlsplit(u).hostname or "").removeprefix("www.") for u in urls
    )
    return list(dict.fromkeys(d for d in found if d))


def source_name(url: str) -> str:
    """A source name for a site: its domain, dots made dashes.

    >>> source_name("https://www.Harbour-Times.example/news"), source_name("https://www.bbc.co.uk/")
    ('harbour-times-example', 'bbc-co-uk')
    """
    return re.sub(r"[^a-z0-9]+", "-", domains([url.lower()])[0]).strip("-")


@dataclass
class Found:
    """What the probe of a site fetched: its page, the feeds that gave
    entries, the sitemaps that parsed (as named by robots.txt or found at a
    common path) and their entries, or why the page could not be read."""

    url: str
    page_url: str | None = None
    page: str = ""
    error: str | None = None
    feeds: dict[str, list[Entry]] = field(default_factory=dict)
    sitemaps: list[str] = field(default_factory=list)
    sitemap_entries: list[tuple[Entry, bool]] = field(default_factory=list)  # (entry, news)

    def proposal(self, name: str) -> dict:
        r"""The ``[[source]]`` table for the site, keys without a value left out.

        >>> found = Found("https://a.example/", "https://a.example/", '<html lang="de"><a href="/p/">P</a></html>',
        ...               feeds={"https://a.example/rss": [Entry("https://a.example/p/x1"), Entry("https://a.example/p/y2")]})
        >>> print(source_table(found.proposal("a")))
        [[source]]
        name = "a"
        homepage = "https://a.example/"
        feeds = ["https://a.example/rss"]
        allowed_domains = ["a.example"]
        article_pattern = '^https?://[^/]+/p/(?:[^/?]+/)*[^/?]+(?:\?|$)'
        languages = ["de"]
        """
        homepage = self.page_url or self.url
        articles = article_urls(self.feeds, self.sitemap_entries)
        pattern = infer_pattern(
            articles, navigation_links(page_links(self.page, homepage), articles)
        )
        language = page_language(self.page) if self.page else None
        table = {
            "name": name,
            "homepage": homepage,
            "feeds": list(self.feeds),
            "sitemaps": list(dict.fromkeys(self.sitemaps)),
            "allowed_domains": domains([homepage, *articles]),
            "article_pattern": pattern,
            "languages": [language] if language else [],
        }
        return {key: value for key, value in table.items() if value}


def toml_value(value: object) -> str:
    """A TOML value: a list, or a string (a literal one where that keeps a
    regex readable).

    >>> print(toml_value([r"/\\d+/", "a"]))
    ['/\\d+/', "a"]
    """
    if isinstance(value, list):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    text = str(value)
    if "\\" in text and "'" not in text:
        return f"'{text}'"
    return json.dumps(text)


def source_table(table: dict) -> str:
    """The TOML text of one ``[[source]]`` table.

    >>> print(source_table({"name": "a", "feeds": ["https://a.example/rss"], "article_pattern": r"/p/\\d+$"}))
    [[source]]
    name = "a"
    feeds = ["https://a.example/rss"]
    article_pattern = '/p/\\d+$'
    """
    return "\n".join(
        ["[[source]]", *(f"{key} = {toml_value(value)}" for key, value in table.items())]
    )
