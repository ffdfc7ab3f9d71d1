"""Item classes and messages. The spider yields a `Page`; the extract step
turns it into an `Article`, which the later steps fill in and the store step
writes, in a `Batch` with the `Reject`s, `Touch`es and `Listing`s of the run.

All are plain dataclasses that pickle, so they can cross process (and host)
boundaries unchanged.
"""

from __future__ import annotations

import gzip
import hashlib
from dataclasses import dataclass, field
from typing import Any

#: gzip level of the archived HTML in `pages` (level 6 makes it 19% smaller
#: than level 1 on real news pages but takes three times as long)
ARCHIVE_LEVEL = 1


@dataclass
class Page:
    """One fetched article page, exactly as the spider saw it."""

    url: str  #: the URL as discovered (feed, sitemap, section page, manifest)
    source: str = ""
    final_url: str = ""  #: after redirects
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    html: bytes = b""
    fetched: str = ""  #: ISO 8601 UTC fetch time
    hints: dict[str, Any] = field(
        default_factory=dict
    )  #: listing hints: title, published, authors, via
    options: dict[str, Any] = field(default_factory=dict)  #: the source's extraction options
    error: str | None = None  #: why the page could not be fetched, if it could not
    id: str | None = None  #: caller's id (the `scrapy extract` manifest), copied through

    def compressed(self) -> bytes:
        """The HTML as archived: gzip.

        >>> gzip.decompress(Page(url="", html=b"<p>Hi</p>").compressed())
        b'<p>Hi</p>'
        """
        return gzip.compress(self.html, ARCHIVE_LEVEL)


#: The `articles` columns, in order (the README documents each). `id` is assigned by SQLite.
ARTICLE_COLUMNS = (
    "url",
    "source",
    "title",
    "kicker",
    "byline",
    "authors",
    "published",
    "published_utc",
    "modified",
    "language",
    "description",
    "section",
    "tags",
    "image",
    "body",
    "word_count",
    "content_hash",
    "duplicate_of",
    "first_seen",
    "last_seen",
    "provenance",
    "extractor_version",
    "free_access",
)


@dataclass
class Article:
    """An article on its way through the pipelines."""

    page: Page
    #: column -> value, filled step by step (keys from ARTICLE_COLUMNS)
    record: dict[str, Any] = field(default_factory=dict)
    #: the body's text blocks, before they are joined into `record["body"]`
    paragraphs: list[str] = field(default_factory=list)
    #: why this page cannot be stored (set by any step; validate drops it)
    error: str | None = None
    #: field -> [(value, origin), ...], every candidate the extract step found
    candidates: dict[str, list[tuple[Any, str]]] = field(default_factory=dict)
    #: field -> origin of the chosen value
    provenance: dict[str, str] = field(default_factory=dict)
    #: the page's HTML as archived, compressed by the extract step in a worker
    html_gz: bytes | None = None
    #: the stages of `newsspider.article.build_article` this article went
    #: through, each with what it counted (clean: the blocks it removed)
    done: dict[str, int] = field(default_factory=dict)


def output_record(article: Article, error: str | None = None) -> dict[str, Any]:
    """The article as one flat, JSON-ready record: every `articles` column
    (JSON columns as lists / objects), plus `id` and `error` when there are.

    >>> output_record(Article(page=Page(url="https://a.example/x", id="7"), record={"title": "T"}), "http 404")["error"]
    'http 404'
    """
    row: dict[str, Any] = {"id": article.page.id}
    row.update({c: article.record.get(c) for c in ARTICLE_COLUMNS})
    row["url"] = row["url"] or article.page.url
    row["source"] = row["source"] or article.page.source or None
    row["authors"] = row["authors"] or []
    row["tags"] = row["tags"] or []
    row["provenance"] = dict(article.provenance)
    row["first_seen"] = row["first_seen"] or article.page.fetched or None
    row["last_seen"] = row["last_seen"] or article.page.fetched or None
    if error or article.error:
        row["error"] = error or article.error
    return row


def dropped_article(item, exception) -> Article | None:
    """The article behind a dropped item, as far as it got (a step that drops
    one raises an exception that carries it: the `item_dropped` signal only
    carries the spider's original item).

    >>> page = Page(url="https://a.example/x")
    >>> dropped_article(page, ValueError("x")) is None, dropped_article(Article(page), None).page.url
    (True, 'https://a.example/x')
    """
    article = getattr(exception, "article", None)
    return article if isinstance(article, Article) else item if isinstance(item, Article) else None


#: the reason of a page whose extraction ran past the time limit (pipelines.extract)
TIMED_OUT = "extraction timed out"


def page_hash(html: bytes) -> str:
    """The hash that says a page is the one that timed out before.

    >>> page_hash(b"<p>x</p>")[:12]
    '31d8e07ec305'
    """
    return hashlib.sha256(html).hexdigest()


@dataclass
class Reject:
    """A page fetched (or not) and not stored, with the reason (a `rejects` row)."""

    url: str
    reason: str
    source: str = ""
    status: int | None = None
    #: a page that timed out: its HTML's `page_hash`, kept in `timeouts`
    html_hash: str | None = None

    @classmethod
    def of(cls, page: Page, reason: str) -> Reject:
        timed_out = reason.startswith(TIMED_OUT) and page.html
        return cls(page.url, reason, page.source, page.status,
                   page_hash(page.html) if timed_out else None)  # fmt: skip


@dataclass
class Touch:
    """An article or listing fetched again and not modified (HTTP 304)."""

    url: str
    seen: str
    etag: str | None = None
    last_modified: str | None = None


@dataclass
class Listing:
    """A feed or sitemap fetched, with the validators for the next request."""

    url: str
    source: str
    kind: str  # "feed", "urlset" or "sitemapindex"
    fetched: str
    etag: str | None = None
    last_modified: str | None = None
    entries: int = 0


@dataclass
class Batch:
    """What the store writes in one transaction."""

    articles: list[Article] = field(default_factory=list)
    rejects: list[Reject] = field(default_factory=list)
    touches: list[Touch] = field(default_factory=list)
    listings: list[Listing] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.articles) + len(self.rejects) + len(self.touches) + len(self.listings)
