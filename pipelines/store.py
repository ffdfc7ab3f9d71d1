"""Store step: the only code that knows SQLite.

`Corpus` writes the corpus with sqlite-utils (WAL mode, one transaction per
batch, so a killed process leaves either a whole batch or none of it);
`StorePipeline` is the thin Scrapy side: it batches stored articles and
rejected pages and keeps the run's row.
"""

from __future__ import annotations

import gzip
import json
import logging
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import sqlite_utils
from scrapy import signals

from newsspider.items import ARTICLE_COLUMNS, Article, Page, output_record

logger = logging.getLogger(__name__)

JSON_COLUMNS = ("authors", "tags", "provenance")
ARTICLE_TYPES: dict[str, Any] = {c: str for c in ARTICLE_COLUMNS} | {
    "id": int,
    "word_count": int,
    "duplicate_of": int,
    "similarity": float,
}
SCHEMA_VERSION = 1


def utcnow() -> str:
    return datetime.now(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


@dataclass
class Reject:
    url: str
    reason: str
    source: str = ""
    status: int | None = None


def source_status(c: dict[str, int]) -> str:
    """A source's health after a run, from its counts.

    >>> source_status({"new": 3, "stored": 3}), source_status({"skipped": 40})
    ('ok', 'ok')
    >>> source_status({"stored": 1, "rejected": 9}), source_status({"rejected": 4})
    ('mostly rejected', 'failing')
    >>> source_status({"listing_failed": 2}), source_status({})
    ('failing', 'no articles')
    """
    stored, rejected = c.get("stored", 0), c.get("rejected", 0) + c.get("errors", 0)
    if stored or c.get("skipped", 0):
        return "mostly rejected" if rejected >= 5 and rejected > 2 * stored else "ok"
    if rejected or c.get("listing_failed", 0):
        return "failing"
    return "no articles"


class Corpus:
    """The SQLite corpus (see DESIGN.md for the schema)."""

    def __init__(self, path: str | Path) -> None:
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        self.db = sqlite_utils.Database(path)
        self.db.execute("PRAGMA busy_timeout = 10000")
        self.db.enable_wal()
        self.ensure_schema()

    def close(self) -> None:
        self.db.close()

    # -- schema ---------------------------------------------------------------

    def ensure_schema(self) -> None:
        db = self.db
        with db.atomic():
            if "articles" not in db.table_names():
                db["articles"].create(
                    {"id": int, **ARTICLE_TYPES, "fetched_url": str}, pk="id", not_null={"url"}
                )
                db["articles"].create_index(["url"], unique=True)
                db["articles"].create_index(["content_hash"])
                db["articles"].create_index(["source", "published_utc"])
                db["articles"].create_index(["fetched_url"])
            if "article_versions" not in db.table_names():
                db["article_versions"].create(
                    {
                        "id": int,
                        "article_id": int,
                        "title": str,
                        "body": str,
                        "content_hash": str,
                        "seen_from": str,
                        "seen_until": str,
                    },
                    pk="id",
                    foreign_keys=[("article_id", "articles", "id")],
                )
                db["article_versions"].create_index(["article_id"])
            if "pages" not in db.table_names():
                db["pages"].create(
                    {
                        "article_id": int,
                        "url": str,
                        "fetched": str,
                        "status": int,
                        "headers": str,
                        "html_gz": bytes,
                        "hints": str,
                        "options": str,
                    },
                    pk="article_id",
                    foreign_keys=[("article_id", "articles", "id")],
                )
            if "runs" not in db.table_names():
                db["runs"].create(
                    {
                        "id": int,
                        "started": str,
                        "finished": str,
                        "finish_reason": str,
                        "spider": str,
                        "sources": str,
                        "new": int,
                        "updated": int,
                        "unchanged": int,
                        "rejected": int,
                        "errors": int,
                        "stats": str,
                    },
                    pk="id",
                )
            if "rejects" not in db.table_names():
                db["rejects"].create(
                    {
                        "id": int,
                        "run_id": int,
                        "url": str,
                        "source": str,
                        "reason": str,
                        "status": int,
                        "at": str,
                    },
                    pk="id",
                    foreign_keys=[("run_id", "runs", "id")],
                )
                db["rejects"].create_index(["url"])
            if "sources" not in db.table_names():
                db["sources"].create(
                    {
                        "name": str,
                        "homepage": str,
                        "last_run": int,
                        "last_crawled": str,
                        "last_success": str,
                        "articles_total": int,
                        "new_last_run": int,
                        "rejected_last_run": int,
                        "errors_last_run": int,
                        "consecutive_failures": int,
                        "status": str,
                    },
                    pk="name",
                )
        if "articles_fts" not in db.table_names():
            db["articles"].enable_fts(
                ["title", "byline", "body"], create_triggers=True, tokenize="porter"
            )

    # -- reads ----------------------------------------------------------------

    def known_urls(self) -> set[str]:
        """Every URL an article was stored under (canonical and as fetched)."""
        rows = self.db.execute("SELECT url, fetched_url FROM articles").fetchall()
        return {u for row in rows for u in row if u}

    # -- runs -----------------------------------------------------------------

    def start_run(self, spider: str, sources: list[dict[str, str]]) -> int:
        with self.db.atomic():
            table = self.db["runs"].insert(
                {
                    "started": utcnow(),
                    "spider": spider,
                    "sources": json.dumps([s["name"] for s in sources]),
                    "new": 0,
                    "updated": 0,
                    "unchanged": 0,
                    "rejected": 0,
                    "errors": 0,
                }
            )
            for s in sources:
                self.db["sources"].upsert({"name": s["name"], "homepage": s["homepage"]}, pk="name")
        return table.last_pk

    def finish_run(
        self,
        run_id: int,
        reason: str,
        counts: dict[str, int],
        stats: dict[str, Any],
        per_source: dict[str, dict[str, int]],
    ) -> None:
        now = utcnow()
        with self.db.atomic():
            self.db["runs"].update(
                run_id,
                {
                    "finished": now,
                    "finish_reason": reason,
                    **counts,
                    "stats": json.dumps(stats, default=str, sort_keys=True),
                },
            )
            for name, c in per_source.items():
                self._source_health(name, run_id, now, c)

    def _source_health(self, name: str, run_id: int, now: str, c: dict[str, int]) -> None:
        table = self.db["sources"]
        row = next(table.rows_where("name = ?", [name]), None) or {"name": name}
        status = source_status(c)
        ok = status in ("ok", "mostly rejected")
        failures = 0 if ok else (row.get("consecutive_failures") or 0) + 1
        total = self.db.execute(
            "SELECT count(*) FROM articles WHERE source = ?", [name]
        ).fetchone()[0]
        table.upsert(
            {
                "name": name,
                "last_run": run_id,
                "last_crawled": now,
                "last_success": now if ok else row.get("last_success"),
                "articles_total": total,
                "new_last_run": c.get("new", 0),
                "rejected_last_run": c.get("rejected", 0),
                "errors_last_run": c.get("errors", 0),
                "consecutive_failures": failures,
                "status": status,
            },
            pk="name",
        )

    # -- writes ---------------------------------------------------------------

    def write(
        self, run_id: int, articles: list[Article], rejects: list[Reject], archive: bool = True
    ) -> dict[str, str]:
        """Write one batch in one transaction; the outcome per article URL
        ("new", "updated" or "unchanged")."""
        outcomes: dict[str, str] = {}
        now = utcnow()
        with self.db.atomic():
            for article in articles:
                outcomes[article.record["url"]] = self._write_article(article, archive)
            if rejects:
                self.db["rejects"].insert_all(
                    {
                        "run_id": run_id,
                        "url": r.url,
                        "source": r.source,
                        "reason": r.reason,
                        "status": r.status,
                        "at": now,
                    }
                    for r in rejects
                )
        return outcomes

    def _write_article(self, article: Article, archive: bool) -> str:
        page = article.page
        row = {c: article.record.get(c) for c in ARTICLE_COLUMNS}
        for c in JSON_COLUMNS:
            row[c] = json.dumps(
                article.provenance if c == "provenance" else row[c] or [], ensure_ascii=False
            )
        row["fetched_url"] = page.final_url or page.url
        seen = page.fetched or utcnow()
        table = self.db["articles"]
        old = next(table.rows_where("url = ?", [row["url"]], limit=1), None)
        row["duplicate_of"] = self._original_of(row["content_hash"], row["url"])
        if old is None:
            row["first_seen"] = row["last_seen"] = seen
            article_id = table.insert(row).last_pk
            outcome = "new"
        elif old["content_hash"] == row["content_hash"] and old["title"] == row["title"]:
            table.update(old["id"], {"last_seen": seen})
            return "unchanged"
        else:
            self.db["article_versions"].insert(
                {
                    "article_id": old["id"],
                    "title": old["title"],
                    "body": old["body"],
                    "content_hash": old["content_hash"],
                    "seen_from": old["first_seen"],
                    "seen_until": old["last_seen"],
                }
            )
            row["first_seen"], row["last_seen"] = old["first_seen"], seen
            row["modified"] = row["modified"] or seen
            table.update(old["id"], row)
            article_id, outcome = old["id"], "updated"
        if archive:
            self.db["pages"].upsert(
                {
                    "article_id": article_id,
                    "url": page.final_url or page.url,
                    "fetched": page.fetched,
                    "status": page.status,
                    "headers": json.dumps(page.headers),
                    "html_gz": gzip.compress(page.html, 6),
                    "hints": json.dumps(page.hints, default=str),
                    "options": json.dumps(page.options),
                },
                pk="article_id",
            )
        return outcome

    def _original_of(self, content_hash: str | None, url: str) -> int | None:
        if not content_hash:
            return None
        row = self.db.execute(
            "SELECT id FROM articles WHERE content_hash = ? AND url != ? AND duplicate_of IS NULL "
            "ORDER BY id LIMIT 1",
            [content_hash, url],
        ).fetchone()
        return row[0] if row else None


class StorePipeline:
    """Batches articles and rejects into the corpus; one `runs` row per crawl."""

    def __init__(self, crawler) -> None:
        settings = crawler.settings
        self.crawler = crawler
        self.path = settings.get("NEWS_DB")
        self.batch_size = settings.getint("NEWS_BATCH_SIZE")
        self.archive = settings.getbool("NEWS_ARCHIVE_HTML")
        self.corpus: Corpus | None = None
        self.run_id: int | None = None
        self.articles: list[Article] = []
        self.rejects: list[Reject] = []
        self.counts = {"new": 0, "updated": 0, "unchanged": 0, "rejected": 0, "errors": 0}
        self.per_source: dict[str, dict[str, int]] = {}
        self.last_flush = time.monotonic()
        crawler.signals.connect(self.item_dropped, signal=signals.item_dropped)
        crawler.signals.connect(self.item_error, signal=signals.item_error)
        crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def open_spider(self) -> None:
        spider = self.crawler.spider
        self.corpus = Corpus(self.path)
        sources = [{"name": s.name, "homepage": s.homepage} for s in getattr(spider, "sources", [])]
        self.run_id = self.corpus.start_run(spider.name, sources)
        for s in sources:
            self.per_source[s["name"]] = {}
        logger.info("Storing into %s (run %s)", self.path, self.run_id)

    def process_item(self, item):
        if not isinstance(item, Article):
            return item
        self.articles.append(item)
        if len(self.articles) + len(self.rejects) >= self.batch_size:
            self.flush()
        return output_record(item)  # what feed exports (-O out.jsonl) write

    def item_dropped(self, item, response, exception, spider=None) -> None:
        self._reject(item, str(exception), "rejected")

    def item_error(self, item, response, spider=None, failure=None) -> None:
        error = failure.value if failure is not None else "unknown"
        self._reject(item, f"error: {type(error).__name__}: {error}", "errors")

    def _reject(self, item, reason: str, counter: str) -> None:
        page = item.page if isinstance(item, Article) else item
        if not isinstance(page, Page):
            return
        self.rejects.append(Reject(page.url, reason, page.source, page.status))
        self._count(page.source, counter)
        self.crawler.stats.inc_value(f"news/store/{counter}")
        if len(self.articles) + len(self.rejects) >= self.batch_size:
            self.flush()

    def _count(self, source: str, outcome: str) -> None:
        if outcome in self.counts:
            self.counts[outcome] += 1
        per = self.per_source.setdefault(source, {})
        per[outcome] = per.get(outcome, 0) + 1

    def flush(self) -> None:
        if not (self.articles or self.rejects) or self.corpus is None:
            return
        articles, rejects = self.articles, self.rejects
        self.articles, self.rejects = [], []
        outcomes = self.corpus.write(self.run_id, articles, rejects, self.archive)
        for article in articles:
            outcome = outcomes[article.record["url"]]
            self._count(article.page.source, outcome)
            self._count(article.page.source, "stored")
            self.crawler.stats.inc_value(f"news/store/{outcome}")

    def close_spider(self) -> None:
        self.flush()

    def spider_closed(self, spider, reason: str) -> None:
        """Close the run's row once Scrapy knows why the crawl ended."""
        if self.corpus is None:
            return
        self.flush()  # rejects of requests that failed while closing
        stats = self.crawler.stats
        for name, per in self.per_source.items():
            per["skipped"] = stats.get_value(f"news/discover/{name}/skipped_known", 0)
            per["listing_failed"] = stats.get_value(f"news/discover/{name}/listing_failed", 0)
        self.corpus.finish_run(
            self.run_id, reason, dict(self.counts), stats.get_stats(), self.per_source
        )
        self.corpus.close()
        self.corpus = None


def known_urls(path: str | Path) -> set[str]:
    """The URLs stored in the corpus at `path` (empty if it does not exist yet)."""
    if not Path(path).exists():
        return set()
    corpus = Corpus(path)
    try:
        return corpus.known_urls()
    finally:
        corpus.close()


def run_summary(path: str | Path) -> dict[str, Any]:
    """What the latest run left in the corpus at `path`: article count,
    sources, and the latest run's rejects."""
    corpus = Corpus(path)
    try:
        db = corpus.db
        run = db.execute("SELECT max(id) FROM runs").fetchone()[0]
        return {
            "run": db["runs"].get(run) if run else {},
            "articles": db.execute("SELECT count(*) FROM articles").fetchone()[0],
            "sources": [
                r[0] for r in db.execute("SELECT DISTINCT source FROM articles ORDER BY 1")
            ],
            "rejects": list(db["rejects"].rows_where("run_id = ?", [run], order_by="id")),
            "unhealthy": list(db["sources"].rows_where("last_run = ? AND status != 'ok'", [run])),
        }
    finally:
        corpus.close()


class CorpusBusy(RuntimeError):
    """Another crawl holds the corpus lock."""


class CorpusLock:
    """An exclusive, non-blocking lock beside the corpus (``news.db.lock``),
    held by one crawl at a time; the OS drops it when the process dies, even
    by SIGKILL, so a killed run never blocks the next one."""

    def __init__(self, db_path: str | Path) -> None:
        self.path = Path(f"{db_path}.lock")
        self.fh = None

    def __enter__(self) -> CorpusLock:
        import fcntl
        import os

        self.path.parent.mkdir(parents=True, exist_ok=True)
        fh = self.path.open("a+")
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            fh.seek(0)
            holder = fh.read().strip() or "?"
            fh.close()
            raise CorpusBusy(
                f"another crawl (pid {holder}) is writing {self.path.with_suffix('')}"
            ) from None
        fh.seek(0)
        fh.truncate()
        fh.write(str(os.getpid()))
        fh.flush()
        self.fh = fh
        return self

    def __exit__(self, *exc) -> None:
        if self.fh is not None:
            self.fh.close()  # closing releases the lock
            self.fh = None
