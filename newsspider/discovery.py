"""Parse discovery documents: RSS/Atom feeds, sitemaps, robots.txt and
section pages. Pure functions over bytes; XML is parsed with entity
resolution and network access off.

    >>> rss = b'''<rss xmlns:dc="http://purl.org/dc/elements/1.1/"><channel><item>
    ... <title>Storm</title><link>https://a.example/2024/05/storm</link>
    ... <pubDate>Wed, 01 May 2024 07:30:00 GMT</pubDate><dc:creator>Ann Lee</dc:creator>
    ... </item></channel></rss>'''
    >>> feed_entries(rss, "https://a.example/rss")
    [Entry(url='https://a.example/2024/05/storm', title='Storm', published='Wed, 01 May 2024 07:30:00 GMT', authors=['Ann Lee'])]
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING
from urllib.parse import urljoin, urlsplit

if TYPE_CHECKING:
    from newsspider.sources import Source

from lxml import etree

NOT_ARTICLE_PATH = re.compile(
    r"/(tags?|topics?|category|categories|section|authors?|page|search|login|register|"
    r"subscribe|account|about|contact|privacy|terms|cookies?|feed|rss|newsletters?|"
    r"video|videos|gallery|galleries|podcasts?|live|events?|jobs|careers|advertise)(/|$)"
    r"|\.(jpe?g|png|gif|webp|svg|mp[34]|pdf|zip|xml|rss|atom|css|js|json)$",
    re.I,
)


def join_url(base: str, href: str) -> str | None:
    """`href` resolved against `base`, or None when it is no usable http(s)
    URL (a broken authority, a port out of range, another scheme).

    >>> join_url("https://a.example/news/", "story-1"), join_url("https://a.example/", "//b.example/x")
    ('https://a.example/news/story-1', 'https://b.example/x')
    >>> join_url("https://a.example/", "http://[::1"), join_url("https://a.example/", "http://a.example:99999/")
    (None, None)
    >>> join_url("https://a.example/", "mailto:x@a.example"), join_url("https://a.example/", "javascript:void(0)")
    (None, None)
    """
    try:
        url = urljoin(base, href.strip())
        parts = urlsplit(url)
        parts.port  # noqa: B018 -- raises on a port out of range
    except ValueError:
        return None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return None
    return url


def entry_verdict(source: Source, url: str | None, listed: bool) -> str | None:
    """None when `url` is to be fetched as an article of `source`, otherwise
    why not: ``malformed``, ``off_domain`` or ``off_pattern``.

    `listed` is True for the entries of the source's own feeds and news
    sitemaps: the publisher says they are articles, so only the source's
    `article_pattern` can overrule it. Links of section pages and general
    sitemaps (which also list tags, sections and authors) must look like
    an article URL when the source gives no pattern.

    >>> from newsspider.sources import Source
    >>> s = Source("a", "https://a.example/", allowed_domains=("a.example",))
    >>> entry_verdict(s, "https://a.example/p/x7k", listed=True) is None
    True
    >>> entry_verdict(s, "https://a.example/p/x7k", listed=False)
    'off_pattern'
    >>> entry_verdict(s, "https://b.example/2024/05/storm", listed=True), entry_verdict(s, None, True)
    ('off_domain', 'malformed')
    """
    if url is None:
        return "malformed"
    if not source.allows(url):
        return "off_domain"
    if source.article_pattern:
        return None if source.is_article_url(url) else "off_pattern"
    return None if listed or looks_like_article_url(url) else "off_pattern"


@dataclass
class Entry:
    """A link found in a listing, with the hints the listing gives. `url` is
    None when the listing's link was malformed (`raw` keeps what it said)."""

    url: str | None
    title: str | None = None
    published: str | None = None
    authors: list[str] = field(default_factory=list)
    raw: str | None = field(default=None, repr=False)

    @classmethod
    def of(cls, base: str, link: str, *args, **kwargs) -> Entry:
        """An entry for `link` as found in the listing at `base`."""
        return cls(join_url(base, link), *args, raw=link, **kwargs)

    def hints(self, via: str) -> dict:
        return {
            k: v
            for k, v in (
                ("title", self.title),
                ("published", self.published),
                ("authors", self.authors),
                ("via", via),
            )
            if v
        }


def _parser() -> etree.XMLParser:
    return etree.XMLParser(
        recover=True,
        resolve_entities=False,
        no_network=True,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
    )


def _root(data: bytes):
    try:
        return etree.fromstring(data.lstrip(), parser=_parser())
    except (etree.XMLSyntaxError, ValueError):
        return None


def _local(el) -> str:
    tag = el.tag if isinstance(el.tag, str) else ""
    return tag.rsplit("}", 1)[-1].lower()


def _child_text(el, *names: str) -> str | None:
    for child in el:
        if _local(child) in names and child.text and child.text.strip():
            return " ".join(child.text.split())
    return None


def feed_entries(data: bytes, base_url: str) -> list[Entry]:
    """Entries of an RSS 2.0, RSS 1.0 (RDF) or Atom feed; [] if it is none."""
    root = _root(data)
    if root is None:
        return []
    entries = []
    for el in root.iter():
        kind = _local(el)
        if kind not in ("item", "entry"):
            continue
        link = _child_text(el, "link") if kind == "item" else _atom_link(el)
        link = link or el.get("{http://www.w3.org/1999/02/22-rdf-syntax-ns#}about")
        if not link:
            guid = next(
                (c for c in el if _local(c) == "guid" and c.get("isPermaLink") != "false"), None
            )
            link = guid.text.strip() if guid is not None and guid.text else None
        if not link:
            continue
        authors = [
            a
            for a in (
                _child_text(c, "name")
                if _local(c) == "author" and len(c)
                else (" ".join(c.text.split()) if c.text and c.text.strip() else None)
                for c in el
                if _local(c) in ("creator", "author")
            )
            if a
        ]
        published = _child_text(el, "pubdate", "published", "date", "issued", "updated")
        entries.append(Entry.of(base_url, link, _child_text(el, "title"), published, authors))
    return entries


def _atom_link(entry) -> str | None:
    links = [c for c in entry if _local(c) == "link" and c.get("href")]
    for link in links:
        if link.get("rel", "alternate") == "alternate" and "html" in link.get("type", "text/html"):
            return link.get("href")
    return links[0].get("href") if links else None


@dataclass
class Sitemap:
    kind: str  # "urlset" or "sitemapindex"; "" when not a sitemap
    entries: list[Entry]
    news: bool = False  # a Google News sitemap: its entries are the publisher's articles


def parse_sitemap(data: bytes, base_url: str) -> Sitemap:
    """A sitemap or sitemap index; Google News sitemaps give title and date.

    >>> sm = parse_sitemap(b'''<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
    ...  xmlns:news="http://www.google.com/schemas/sitemap-news/0.9"><url><loc>https://a.example/x</loc>
    ...  <news:news><news:publication_date>2024-05-01</news:publication_date>
    ...  <news:title>X</news:title></news:news></url></urlset>''', "https://a.example/sm.xml")
    >>> sm.kind, sm.news, sm.entries
    ('urlset', True, [Entry(url='https://a.example/x', title='X', published='2024-05-01', authors=[])])
    """
    root = _root(data)
    if root is None or _local(root) not in ("urlset", "sitemapindex"):
        return Sitemap("", [])
    entries, news = [], False
    for el in root:
        if _local(el) not in ("url", "sitemap"):
            continue
        loc = _child_text(el, "loc")
        if not loc:
            continue
        title = published = None
        for child in el:
            if _local(child) == "news":
                news = True
                title = _child_text(child, "title")
                published = _child_text(child, "publication_date")
        entries.append(Entry.of(base_url, loc, title, published))
    return Sitemap(_local(root), entries, news)


def robots_sitemaps(text: str, base_url: str) -> list[str]:
    """The ``Sitemap:`` lines of a robots.txt.

    >>> robots_sitemaps("User-agent: *\\nSitemap: /sm.xml\\nsitemap:https://b.example/x.xml\\nSitemap: http://[x", "https://a.example/robots.txt")
    ['https://a.example/sm.xml', 'https://b.example/x.xml']
    """
    urls = []
    for line in text.splitlines()[:5000]:
        key, _, value = line.partition(":")
        if key.strip().lower() == "sitemap" and value.strip():
            url = join_url(base_url, value)
            if url:
                urls.append(url)
    return urls


def looks_like_article_url(url: str) -> bool:
    """A guess for sources without an article pattern: a dated or slug-like
    path that is not a tag, author, search or media URL.

    >>> [looks_like_article_url(u) for u in ("https://a.example/2024/05/01/storm",
    ...  "https://a.example/local/big-storm-hits-the-coast", "https://a.example/local/",
    ...  "https://a.example/tag/storm-news-today", "https://a.example/news/story-123456.html")]
    [True, True, False, False, True]
    """
    path = urlsplit(url).path
    if NOT_ARTICLE_PATH.search(path) or path.rstrip("/").count("/") < 1:
        return False
    last = path.rstrip("/").rsplit("/", 1)[-1]
    return bool(
        re.search(r"/(19|20)\d{2}/", path) or last.count("-") >= 3 or re.search(r"\d{5,}", last)
    )
