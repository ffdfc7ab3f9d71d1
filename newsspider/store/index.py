"""The spider's read model: what is stored already, and the validators for
conditional requests.

`ReadModel` is the interface the spider and the dedupe step use; `CorpusIndex`
implements it over the SQLite corpus, read-only. Another implementation (a
shared cache for many crawling machines) implements its four look-ups and
inherits the rest.
"""

from __future__ import annotations

import gzip
import json
import sqlite3
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

from newsspider.items import TIMED_OUT, page_hash
from newsspider.store.clock import parse_utc

ARTICLE_FIELDS = ("first_seen", "last_seen", "etag", "last_modified")


@runtime_checkable
class ReadModel(Protocol):
    """Read-only look-ups of the corpus for the spider and the dedupe step."""

    def article(self, *urls: str) -> dict[str, Any] | None:
        """first_seen, last_seen, etag, last_modified of the article stored
        under any of `urls` (alias: True for an exact copy's URL)."""

    def near_candidates(
        self, bands: list[int], limit: int, chars: int
    ) -> tuple[int, list[tuple[int, str]]]:
        """The last article id now, and (id, first `chars` characters of the
        body) of the first `limit` articles sharing one of `bands` that are no
        near-copies themselves."""

    def timed_out(self, url: str) -> dict[str, Any] | None:
        """html_hash and at (the time) of the page at `url` whose extraction
        timed out, if one did."""

    def listing(self, url: str) -> dict[str, Any] | None:
        """kind, etag and last_modified of the feed or sitemap at `url`, if fetched before."""

    def close(self) -> None:
        """Release what the look-ups hold."""

    def timed_out_within(self, url: str, hours: float) -> bool:
        """Whether `url` timed out less than `hours` ago (skip it until then)."""
        row = self.timed_out(url)
        if row is None or hours <= 0:
            return False
        at = parse_utc(row["at"])
        return (datetime.now(UTC) - at).total_seconds() < hours * 3600

    def known_timeout(self, url: str, html: bytes) -> str | None:
        """The reject reason of a page fetched again unchanged after its
        extraction timed out (it is not extracted again); None otherwise."""
        row = self.timed_out(url)
        if row is None or row["html_hash"] != page_hash(html):
            return None
        return f"{TIMED_OUT} before, on {row['at']}, and the page has not changed"


class CorpusIndex(ReadModel):
    """The read model over the SQLite corpus, opened read-only. Works on a
    corpus that does not exist yet (every look-up finds nothing)."""

    def __init__(self, path: str | Path) -> None:
        self.conn = None
        if Path(path).exists():
            self.conn = sqlite3.connect(f"file:{Path(path).resolve()}?mode=ro", uri=True)
            self.conn.execute("PRAGMA busy_timeout = 10000")

    def close(self) -> None:
        if self.conn is not None:
            self.conn.close()

    def article(self, *urls: str) -> dict[str, Any] | None:
        if self.conn is None:
            return None
        for url in dict.fromkeys(urls):
            row = self.conn.execute(
                "SELECT first_seen, last_seen, etag, last_modified FROM articles "
                "WHERE url = ? OR fetched_url = ? LIMIT 1",
                [url, url],
            ).fetchone()
            if row:
                return dict(zip(ARTICLE_FIELDS, row, strict=True))
            if self.conn.execute("SELECT 1 FROM article_urls WHERE url = ?", [url]).fetchone():
                return {"alias": True}
        return None

    def near_candidates(
        self, bands: list[int], limit: int, chars: int
    ) -> tuple[int, list[tuple[int, str]]]:
        if self.conn is None:
            return 0, []
        upto = self.conn.execute("SELECT coalesce(max(id), 0) FROM articles").fetchone()[0]
        marks = ", ".join("?" for _ in bands)
        rows = self.conn.execute(
            f"SELECT a.id, substr(a.body, 1, ?) FROM articles a WHERE a.duplicate_of IS NULL "
            f"AND a.id <= ? AND a.id IN (SELECT article_id FROM article_bands WHERE hash IN ({marks})) "
            "ORDER BY a.id LIMIT ?",
            [chars, upto, *bands, limit],
        ).fetchall()
        return upto, rows

    def timed_out(self, url: str) -> dict[str, Any] | None:
        try:
            row = (
                self.conn
                and self.conn.execute(
                    "SELECT html_hash, at FROM timeouts WHERE url = ?", [url]
                ).fetchone()
            )
        except sqlite3.OperationalError:  # a corpus older than the table
            return None
        return dict(zip(("html_hash", "at"), row, strict=True)) if row else None

    def listing(self, url: str) -> dict[str, Any] | None:
        if self.conn is None:
            return None
        row = self.conn.execute(
            "SELECT kind, etag, last_modified FROM listings WHERE url = ?", [url]
        ).fetchone()
        return dict(zip(("kind", "etag", "last_modified"), row, strict=True)) if row else None

    def archived_pages(self, all_pages: bool, version: str):
        """(source, url, fetched, status, headers, html, hints, options) of each
        archived page whose article was extracted by another extractor version
        (every page with `all_pages`)."""
        if self.conn is None:
            return
        where = "" if all_pages else "WHERE a.extractor_version IS NOT ?"
        rows = self.conn.execute(
            "SELECT a.source, p.url, p.fetched, p.status, p.headers, p.html_gz, p.hints, p.options "
            f"FROM pages p JOIN articles a ON a.id = p.article_id {where} ORDER BY p.article_id",
            [] if all_pages else [version],
        )
        for source, url, fetched, status, headers, html_gz, hints, options in rows:
            yield source, url, fetched, status, json.loads(headers), gzip.decompress(html_gz), \
                json.loads(hints), json.loads(options)  # fmt: skip
