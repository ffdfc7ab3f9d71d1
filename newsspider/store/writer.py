"""The corpus writer: the only code that writes the corpus's SQLite tables.

Written with sqlite-utils, in WAL mode, one transaction per batch: a process
killed at any moment leaves whole batches or nothing. Readers (Datasette, the
spider's look-ups) never block the writer.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import sqlite_utils

from newsspider.items import ARTICLE_COLUMNS, Article, Batch, Page, Touch
from newsspider.store import dedupe
from newsspider.store.clock import iso_utc, utcnow
from newsspider.store.health import record_health
from newsspider.store.lock import CorpusUnwritable, unwritable
from newsspider.store.schema import COUNTS, JSON_COLUMNS, ensure_schema

#: what a failed write raises: SQLite's errors (disk full, I/O error, "database
#: is locked", ...) and a value it cannot store
STORE_ERRORS = (sqlite3.Error, OSError, TypeError, ValueError)

#: the response headers archived with a page (what reading it again needs),
#: each value cut at ARCHIVED_HEADER_CHARS
ARCHIVED_HEADERS = {
    "content-type", "content-language", "etag", "last-modified", "date", "expires",
    "cache-control", "age", "content-location", "link", "x-robots-tag",
}  # fmt: skip
ARCHIVED_HEADER_CHARS = 1024


class Corpus:
    """The corpus writer (the README and data/metadata.yml describe the schema).
    What the store step writes through: `start_run`, `write` (a `Batch`),
    `finish_run`, `close`; another writer offers the same four."""

    def __init__(self, path: str | Path, near_duplicate: float = 0.6) -> None:
        path = Path(path)
        if problem := unwritable(path):
            raise CorpusUnwritable(problem)
        path.parent.mkdir(parents=True, exist_ok=True)
        self.db = sqlite_utils.Database(path)
        self.db.execute("PRAGMA busy_timeout = 10000")
        self.db.enable_wal()
        self.near_duplicate = near_duplicate
        self.ensure_schema()

    def close(self) -> None:
        self.db.close()

    def ensure_schema(self) -> None:
        ensure_schema(self.db)

    # -- runs -----------------------------------------------------------------

    def start_run(self, spider: str, sources: list[dict[str, str]]) -> int:
        with self.db.atomic():
            run = self.db["runs"].insert(
                {"started": utcnow(), "spider": spider,
                 "sources": json.dumps([s["name"] for s in sources]), **dict.fromkeys(COUNTS, 0)}
            )  # fmt: skip
            for s in sources:
                self.db["sources"].upsert({"name": s["name"], "homepage": s["homepage"]}, pk="name")
        return run.last_pk

    def finish_run(
        self,
        run_id: int,
        reason: str,
        counts: dict[str, int],
        stats: dict[str, Any],
        per_source: dict[str, dict[str, int]],
        discovery: list[dict[str, Any]] = (),
        causes: dict[str, str] | None = None,
    ) -> None:
        """Close the run's row, save its discovery ledger (`discovery` rows)
        and each source's health; `causes` names why a source failed."""
        now = utcnow()
        with self.db.atomic():
            self.db["discovery"].insert_all(
                {**row, "examples": json.dumps(row["examples"])} for row in discovery
            )
            self.db["runs"].update(
                run_id,
                {"finished": now, "finish_reason": reason, **counts,
                 "stats": json.dumps(stats, default=str, sort_keys=True)},
            )  # fmt: skip
            for name, c in per_source.items():
                record_health(self.db, name, run_id, now, c, (causes or {}).get(name))

    # -- writes ---------------------------------------------------------------

    @contextmanager
    def writing(self) -> Iterator[None]:
        """One write transaction that takes SQLite's write lock first, so that
        another writer is waited for (busy_timeout) instead of failing the
        batch at once, as a transaction that has read before it writes does."""
        self.db.execute("BEGIN IMMEDIATE")
        try:
            yield
            self.db.execute("COMMIT")
        except BaseException:
            self.db.rollback()
            raise

    def write(self, run_id: int, batch: Batch, archive: bool = True) -> list[str]:
        """Write one batch in one transaction; each article's outcome, in
        order: "new", "updated", "unchanged" or "duplicate"."""
        now = utcnow()
        with self.writing():
            outcomes = [self._write_article(a, archive) for a in batch.articles]
            for touch in batch.touches:
                self._touch(touch)
            for listing in batch.listings:
                self.db["listings"].upsert(
                    {**vars(listing), "fetched": iso_utc(listing.fetched)}, pk="url"
                )
            self.db["rejects"].insert_all(
                {"run_id": run_id, "url": r.url, "source": r.source, "reason": r.reason,
                 "status": r.status, "at": now}
                for r in batch.rejects
            )  # fmt: skip
            self.db["timeouts"].upsert_all(
                ({"url": r.url, "source": r.source, "html_hash": r.html_hash, "reason": r.reason,
                  "at": now} for r in batch.rejects if r.html_hash),
                pk="url",
            )  # fmt: skip
        return outcomes

    def _touch(self, touch: Touch) -> None:
        changes = {"last_seen": iso_utc(touch.seen)}
        if touch.etag or touch.last_modified:
            changes |= {"etag": touch.etag, "last_modified": touch.last_modified}
        self.db.execute(
            f"UPDATE articles SET {', '.join(f'{c} = ?' for c in changes)} "
            "WHERE url = ? OR fetched_url = ?",
            [*changes.values(), touch.url, touch.url],
        )

    def _write_article(self, article: Article, archive: bool) -> str:
        page, row = article.page, article_row(article)
        seen = iso_utc(page.fetched) if page.fetched else utcnow()
        old = self._row("SELECT * FROM articles WHERE url = ? LIMIT 1", [row["url"]])
        if old is None:
            original = dedupe.exact_copy_of(self.db, row["content_hash"])
            if original is not None:
                dedupe.alias(self.db, original, [row["url"], row["fetched_url"]], page.source, seen)
                return "duplicate"
            row["duplicate_of"], row["similarity"] = dedupe.near_copy_of(
                self.db, article.record, self.near_duplicate
            )
            row["first_seen"] = row["last_seen"] = seen
            article_id, outcome = self._insert("articles", row), "new"
        elif old["content_hash"] == row["content_hash"] and old["title"] == row["title"]:
            # same story: metadata may still be better extracted (a re-extraction,
            # a corrected byline), but history and first sighting stay
            keep = ("first_seen", "modified", "duplicate_of", "similarity")
            row |= {c: old[c] for c in keep} | {"last_seen": max(seen, old["last_seen"] or "")}
            self.db["articles"].update(old["id"], row)
            return "unchanged"
        else:
            article_id, outcome = self._new_version(old, row, seen), "updated"
        dedupe.index_bands(self.db, article_id, article.record.get("bands") or [])
        if archive:
            self._archive(article_id, page, article.html_gz or page.compressed())
        return outcome

    def _new_version(self, old: dict[str, Any], row: dict[str, Any], seen: str) -> int:
        """Keep the stored text as an earlier version and store `row` in its place."""
        self.db["article_versions"].insert(
            {"article_id": old["id"], "title": old["title"], "body": old["body"],
             "content_hash": old["content_hash"], "seen_from": old["first_seen"],
             "seen_until": old["last_seen"]}
        )  # fmt: skip
        row["first_seen"], row["last_seen"] = old["first_seen"], seen
        row["modified"] = row["modified"] or seen
        row["duplicate_of"], row["similarity"] = old["duplicate_of"], old["similarity"]
        self.db["articles"].update(old["id"], row)
        return old["id"]

    def _archive(self, article_id: int, page: Page, html_gz: bytes) -> None:
        self._insert(
            "pages",
            {"article_id": article_id, "url": page.final_url or page.url,
             "fetched": page.fetched and iso_utc(page.fetched),
             "status": page.status, "headers": json.dumps(archived_headers(page.headers)),
             "html_gz": html_gz, "hints": json.dumps(page.hints, default=str),
             "options": json.dumps(page.options)},
            replace_on="article_id",
        )  # fmt: skip

    # The statements run for every stored article are written out here rather
    # than through sqlite-utils' insert/upsert, which look the table's columns
    # up and open a savepoint each time: a third of the store's time.

    def _insert(self, table: str, row: dict[str, Any], replace_on: str | None = None) -> int:
        """INSERT `row` (an upsert on the unique column `replace_on`); its rowid."""
        columns = ", ".join(f'"{c}"' for c in row)
        sql = f'INSERT INTO "{table}" ({columns}) VALUES ({", ".join("?" for _ in row)})'
        if replace_on:
            updates = ", ".join(f'"{c}" = excluded."{c}"' for c in row if c != replace_on)
            sql += f' ON CONFLICT ("{replace_on}") DO UPDATE SET {updates}'
        return self.db.execute(sql, list(row.values())).lastrowid

    def _row(self, sql: str, params: list[Any]) -> dict[str, Any] | None:
        cursor = self.db.execute(sql, params)
        row = cursor.fetchone()
        return (
            None if row is None else dict(zip([d[0] for d in cursor.description], row, strict=True))
        )


def article_row(article: Article) -> dict[str, Any]:
    """The `articles` row of an article, before the writer's columns
    (first and last seen, duplicate_of, similarity)."""
    page, record = article.page, article.record
    row = {c: record.get(c) for c in ARTICLE_COLUMNS}
    row.update({c: json.dumps(row[c] or [], ensure_ascii=False) for c in JSON_COLUMNS})
    row["provenance"] = json.dumps(article.provenance, ensure_ascii=False, sort_keys=True)
    row["fetched_url"] = page.final_url or page.url
    row["etag"], row["last_modified"] = (
        header(page.headers, "ETag"),
        header(page.headers, "Last-Modified"),
    )
    return row


def archived_headers(headers: dict[str, str]) -> dict[str, str]:
    """The headers kept in `pages.headers`: those in ARCHIVED_HEADERS, each cut
    at ARCHIVED_HEADER_CHARS (a page may send thousands of others).

    >>> kept = archived_headers({"Content-Type": "text/html", "X-Filler": "1", "Link": "x" * 5000})
    >>> {k: v if k != "Link" else len(v) for k, v in kept.items()}
    {'Content-Type': 'text/html', 'Link': 1024}
    """
    return {
        k: v[:ARCHIVED_HEADER_CHARS] for k, v in headers.items() if k.lower() in ARCHIVED_HEADERS
    }


def header(headers: dict[str, str], name: str) -> str | None:
    """A response header, whatever its case.

    >>> header({"etag": '"x"'}, "ETag")
    '"x"'
    """
    return next((v for k, v in headers.items() if k.lower() == name.lower()), None)
