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
from urllib.parse import urljoin, urlsplit

from lxml import etree

NOT_ARTICLE_PATH = re.compile(
    r"/(tags?|topics?|category|categories|section|authors?|page|search|login|register|"
    r"subscribe|account|about|contact|privacy|terms|cookies?|feed|rss|newsletters?|"
    r"video|videos|gallery|galleries|podcasts?|live|events?|jobs|careers|advertise)(/|$)"
    r"|\.(jpe?g|png|gif|webp|svg|mp[34]|pdf|zip|xml|rss|atom|css|js|json)$",
    re.I,
)


@dataclass
class Entry:
    """A link found in a listing, with the hints the listing gives."""

    url: str
    title: str | None = None
    published: str | None = None
    authors: list[str] = field(default_factory=list)

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
        entries.append(Entry(urljoin(base_url, link), _child_text(el, "title"), published, authors))
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


def parse_sitemap(data: bytes, base_url: str) -> Sitemap:
    """A sitemap or sitemap index; Google News sitemaps give title and date.

    >>> sm = parse_sitemap(b'''<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
    ...  xmlns:news="http://www.google.com/schemas/sitemap-news/0.9"><url><loc>https://a.example/x</loc>
    ...  <news:news><news:publication_date>2024-05-01</news:publication_date>
    ...  <news:title>X</news:title></news:news></url></urlset>''', "https://a.example/sm.xml")
    >>> sm.kind, sm.entries
    ('urlset', [Entry(url='https://a.example/x', title='X', published='2024-05-01', authors=[])])
    """
    root = _root(data)
    if root is None or _local(root) not in ("urlset", "sitemapindex"):
        return Sitemap("", [])
    entries = []
    for el in root:
        if _local(el) not in ("url", "sitemap"):
            continue
        loc = _child_text(el, "loc")
        if not loc:
            continue
        title = published = None
        for child in el:
            if _local(child) == "news":
                title = _child_text(child, "title")
                published = _child_text(child, "publication_date")
        entries.append(Entry(urljoin(base_url, loc), title, published))
    return Sitemap(_local(root), entries)


def robots_sitemaps(text: str, base_url: str) -> list[str]:
    """The ``Sitemap:`` lines of a robots.txt.

    >>> robots_sitemaps("User-agent: *\\nSitemap: /sm.xml\\nsitemap:https://b.example/x.xml", "https://a.example/robots.txt")
    ['https://a.example/sm.xml', 'https://b.example/x.xml']
    """
    urls = []
    for line in text.splitlines()[:5000]:
        key, _, value = line.partition(":")
        if key.strip().lower() == "sitemap" and value.strip():
            urls.append(urljoin(base_url, value.strip()))
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
