"""Item classes. The spider yields a `Page`; the extract step turns it into
an `Article`, which the later steps fill in and the store step writes.

Both are plain dataclasses that pickle, so they can cross process (and,
later, host) boundaries unchanged.
"""

from __future__ import annotations

import gzip
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
