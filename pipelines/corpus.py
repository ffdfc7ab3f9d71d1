"""The SQLite corpus behind the store step: the only code that knows SQLite.

Written with sqlite-utils, in WAL mode, one transaction per batch: a process
killed at any moment leaves whole batches or nothing. Readers (Datasette, the
spider's look-ups) never block the writer.
"""

from __future__ import annotations

import fcntl
import gzip
import hashlib
import json
import os
import pwd
import sqlite3
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import sqlite_utils

from newsspider.items import ARTICLE_COLUMNS, Article

JSON_COLUMNS = ("authors", "tags", "provenance")
#: the response headers archived with a page (what reading it again needs),
#: each value cut at ARCHIVED_HEADER_CHARS
ARCHIVED_HEADERS = {
    "content-type", "content-language", "etag", "last-modified", "date", "expires",
    "cache-control", "age", "content-location", "link", "x-robots-tag",
}  # fmt: skip
ARCHIVED_HEADER_CHARS = 1024
COUNTS = ("new", "updated", "unchanged", "duplicates", "rejected", "errors")

# table -> (columns, primary key, indexes); the documented `articles` columns first.
SCHEMA: dict[str, tuple[dict[str, Any], str, list[list[str]]]] = {
    "articles": (
        {"id": int, **dict.fromkeys(ARTICLE_COLUMNS, str), "word_count": int, "duplicate_of": int,
         "free_access": int, "similarity": float, "fetched_url": str, "etag": str, "last_modified": str},
        "id",
        [["content_hash"], ["source", "published_utc"], ["fetched_url"], ["duplicate_of"]],
    ),
    "article_urls": (
        {"url": str, "article_id": int, "source": str, "first_seen": str}, "url", [["article_id"]]
    ),
    "article_bands": ({"article_id": int, "hash": int}, "", [["hash"], ["article_id"]]),
    "article_versions": (
        {"id": int, "article_id": int, "title": str, "body": str, "content_hash": str,
         "seen_from": str, "seen_until": str},
        "id",
        [["article_id"]],
    ),
    "pages": (
        {"article_id": int, "url": str, "fetched": str, "status": int, "headers": str,
         "html_gz": bytes, "hints": str, "options": str},
        "article_id",
        [],
    ),
    "listings": (
        {"url": str, "source": str, "kind": str, "etag": str, "last_modified": str,
         "fetched": str, "entries": int},
        "url",
        [],
    ),
    "runs": (
        {"id": int, "started": str, "finished": str, "finish_reason": str, "spider": str,
         "sources": str, **dict.fromkeys(COUNTS, int), "stats": str},
        "id",
        [],
    ),
    "rejects": (
        {"id": int, "run_id": int, "url": str, "source": str, "reason": str, "status": int,
         "at": str},
        "id",
        [["url"], ["run_id"]],
    ),
    "discovery": (
        {"run_id": int, "source": str, "outcome": str, "count": int, "examples": str,
         "detail": str},
        "",
        [["run_id", "source"]],
    ),
    # pages whose extraction ran past NEWS_PAGE_TIMEOUT: the hash of the HTML that did
    "timeouts": ({"url": str, "source": str, "html_hash": str, "reason": str, "at": str}, "url", []),
    "sources": (
        {"name": str, "homepage": str, "last_run": int, "last_crawled": str,
         "last_success": str, "articles_total": int, "new_last_run": int,
         "rejected_last_run": int, "errors_last_run": int, "consecutive_failures": int,
         "status": str, "last_error": str},
        "name",
        [],
    ),
}  # fmt: skip


def utcnow() -> str:
    return datetime.now(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


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
    url: str
    reason: str
    source: str = ""
    status: int | None = None
    #: a page that timed out: its HTML's `page_hash`, kept in `timeouts`
    html_hash: str | None = None

    @classmethod
    def of(cls, page, reason: str) -> Reject:
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
    articles: list[Article] = field(default_factory=list)
    rejects: list[Reject] = field(default_factory=list)
    touches: list[Touch] = field(default_factory=list)
    listings: list[Listing] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.articles) + len(self.rejects) + len(self.touches) + len(self.listings)


class Corpus:
    """The corpus writer (the README and data/metadata.yml describe the schema)."""

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
        db = self.db
        with db.atomic():
            for name, (columns, pk, indexes) in SCHEMA.items():
                table = db[name]
                if not table.exists():
                    table.create(columns, pk=pk or None, not_null={"url"} & set(columns))
                    for index in indexes:
                        table.create_index(index)
                else:  # a corpus from an older version gains new columns
                    missing = {c: t for c, t in columns.items() if c not in table.columns_dict}
                    for column, kind in missing.items():
                        table.add_column(column, kind)
            db["articles"].create_index(["url"], unique=True, if_not_exists=True)
        if not db["articles_fts"].exists():
            db["articles"].enable_fts(
                ["title", "byline", "body"], create_triggers=True, tokenize="porter"
            )

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
                self._source_health(name, run_id, now, c, (causes or {}).get(name))

    def _source_health(
        self, name: str, run_id: int, now: str, c: dict[str, int], cause: str | None
    ) -> None:
        table = self.db["sources"]
        row = next(table.rows_where("name = ?", [name]), None) or {"name": name}
        status = source_status(c)
        ok = status in ("ok", "mostly rejected")
        total = self.db.execute("SELECT count(*) FROM articles WHERE source = ?", [name]).fetchone()
        table.upsert(
            {"name": name, "last_run": run_id, "last_crawled": now,
             "last_success": now if ok else row.get("last_success"), "articles_total": total[0],
             "new_last_run": c.get("new", 0), "rejected_last_run": c.get("rejected", 0),
             "errors_last_run": c.get("errors", 0),
             "consecutive_failures": 0 if ok else (row.get("consecutive_failures") or 0) + 1,
             "status": status, "last_error": None if ok else cause},
            pk="name",
        )  # fmt: skip

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
                self.db["listings"].upsert(vars(listing), pk="url")
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
        changes = {"last_seen": touch.seen}
        if touch.etag or touch.last_modified:
            changes |= {"etag": touch.etag, "last_modified": touch.last_modified}
        self.db.execute(
            f"UPDATE articles SET {', '.join(f'{c} = ?' for c in changes)} "
            "WHERE url = ? OR fetched_url = ?",
            [*changes.values(), touch.url, touch.url],
        )

    def _write_article(self, article: Article, archive: bool) -> str:
        page, record = article.page, article.record
        row = {c: record.get(c) for c in ARTICLE_COLUMNS}
        row.update({c: json.dumps(row[c] or [], ensure_ascii=False) for c in JSON_COLUMNS})
        row["provenance"] = json.dumps(article.provenance, ensure_ascii=False, sort_keys=True)
        row["fetched_url"] = page.final_url or page.url
        row["etag"], row["last_modified"] = (
            header(page.headers, "ETag"),
            header(page.headers, "Last-Modified"),
        )
        seen = page.fetched or utcnow()
        articles = self.db["articles"]
        old = self._row("SELECT * FROM articles WHERE url = ? LIMIT 1", [row["url"]])
        if old is None:
            original = self._exact_copy_of(row["content_hash"])
            if original is not None:
                self._alias(original, [row["url"], row["fetched_url"]], page.source, seen)
                return "duplicate"
            row["duplicate_of"], row["similarity"] = self._near_copy_of(record)
            row["first_seen"] = row["last_seen"] = seen
            article_id, outcome = self._insert("articles", row), "new"
        elif old["content_hash"] == row["content_hash"] and old["title"] == row["title"]:
            # same story: metadata may still be better extracted (a re-extraction,
            # a corrected byline), but history and first sighting stay
            keep = ("first_seen", "modified", "duplicate_of", "similarity")
            row |= {c: old[c] for c in keep} | {"last_seen": max(seen, old["last_seen"] or "")}
            articles.update(old["id"], row)
            return "unchanged"
        else:
            self.db["article_versions"].insert(
                {"article_id": old["id"], "title": old["title"], "body": old["body"],
                 "content_hash": old["content_hash"], "seen_from": old["first_seen"],
                 "seen_until": old["last_seen"]}
            )  # fmt: skip
            row["first_seen"], row["last_seen"] = old["first_seen"], seen
            row["modified"] = row["modified"] or seen
            row["duplicate_of"], row["similarity"] = old["duplicate_of"], old["similarity"]
            articles.update(old["id"], row)
            article_id, outcome = old["id"], "updated"
        self._index_bands(article_id, record.get("bands") or [])
        if archive:
            self._archive(article_id, page, article.html_gz or page.compressed())
        return outcome

    def _exact_copy_of(self, content_hash: str | None) -> int | None:
        if not content_hash:
            return None
        row = self.db.execute(
            "SELECT id FROM articles WHERE content_hash = ? AND duplicate_of IS NULL "
            "ORDER BY id LIMIT 1",
            [content_hash],
        ).fetchone()
        return row[0] if row else None

    def _alias(self, article_id: int, urls: list[str], source: str, seen: str) -> None:
        for url in dict.fromkeys(urls):
            self.db["article_urls"].insert(
                {"url": url, "article_id": article_id, "source": source, "first_seen": seen},
                pk="url",
                ignore=True,
            )

    def _near_copy_of(self, record: dict[str, Any]) -> tuple[int | None, float | None]:
        """The earlier article this one is a near-copy of, with the similarity.
        The dedupe step compared it (in a worker) with the articles committed
        when it looked (`near_copy`); here only those written since are."""
        from pipelines.dedupe import NEAR_CANDIDATES, NEAR_CHARS, near_copy

        bands = record.get("bands") or []
        if not bands:
            return None, None
        found, found_sim, upto, compared = record.get("near_copy") or (None, None, 0, 0)
        if compared >= NEAR_CANDIDATES:
            return found, found_sim
        marks = ", ".join("?" for _ in bands)
        rows = self.db.execute(
            f"SELECT a.id, substr(a.body, 1, ?) FROM articles a WHERE a.duplicate_of IS NULL "
            f"AND a.id > ? AND a.id IN (SELECT article_id FROM article_bands WHERE hash IN ({marks})) "
            "ORDER BY a.id LIMIT ?",
            [NEAR_CHARS, upto, *bands, NEAR_CANDIDATES - compared],
        ).fetchall()
        later, later_sim = near_copy(record.get("body") or "", rows, self.near_duplicate)
        if found is not None and (later is None or found_sim >= later_sim):
            return found, found_sim
        return later, later_sim

    def _index_bands(self, article_id: int, bands: list[int]) -> None:
        self.db.execute("DELETE FROM article_bands WHERE article_id = ?", [article_id])
        self.db.conn.executemany(
            "INSERT INTO article_bands (article_id, hash) VALUES (?, ?)",
            [(article_id, h) for h in bands],
        )

    def _archive(self, article_id: int, page, html_gz: bytes) -> None:
        self._insert(
            "pages",
            {"article_id": article_id, "url": page.final_url or page.url, "fetched": page.fetched,
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


class CorpusIndex:
    """Read-only look-ups for the spider: what is stored, and the validators
    for conditional requests. Works on a corpus that does not exist yet."""

    def __init__(self, path: str | Path) -> None:
        self.conn = None
        if Path(path).exists():
            self.conn = sqlite3.connect(f"file:{Path(path).resolve()}?mode=ro", uri=True)
            self.conn.execute("PRAGMA busy_timeout = 10000")

    def close(self) -> None:
        if self.conn is not None:
            self.conn.close()

    def article(self, *urls: str) -> dict[str, Any] | None:
        """first_seen, last_seen, etag, last_modified of the article stored
        under any of `urls` (alias: True for an exact copy's URL)."""
        if self.conn is None:
            return None
        for url in dict.fromkeys(urls):
            row = self.conn.execute(
                "SELECT first_seen, last_seen, etag, last_modified FROM articles "
                "WHERE url = ? OR fetched_url = ? LIMIT 1",
                [url, url],
            ).fetchone()
            if row:
                return dict(
                    zip(("first_seen", "last_seen", "etag", "last_modified"), row, strict=True)
                )
            if self.conn.execute("SELECT 1 FROM article_urls WHERE url = ?", [url]).fetchone():
                return {"alias": True}
        return None

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

    def near_candidates(
        self, bands: list[int], limit: int, chars: int
    ) -> tuple[int, list[tuple[int, str]]]:
        """The last article id now, and (id, first `chars` characters of the
        body) of the first `limit` articles sharing one of `bands` that are no
        near-copies themselves."""
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
        """html_hash and at (the time) of the page at `url` whose extraction
        timed out, if one did."""
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

    def timed_out_within(self, url: str, hours: float) -> bool:
        """Whether `url` timed out less than `hours` ago (skip it until then)."""
        row = self.timed_out(url)
        if row is None or hours <= 0:
            return False
        at = datetime.fromisoformat(row["at"].replace("Z", "+00:00"))
        return (datetime.now(UTC) - at).total_seconds() < hours * 3600

    def known_timeout(self, url: str, html: bytes) -> str | None:
        """The reject reason of a page fetched again unchanged after its
        extraction timed out (it is not extracted again); None otherwise."""
        row = self.timed_out(url)
        if row is None or row["html_hash"] != page_hash(html):
            return None
        return f"{TIMED_OUT} before, on {row['at']}, and the page has not changed"

    def listing(self, url: str) -> dict[str, Any] | None:
        if self.conn is None:
            return None
        row = self.conn.execute(
            "SELECT kind, etag, last_modified FROM listings WHERE url = ?", [url]
        ).fetchone()
        return dict(zip(("kind", "etag", "last_modified"), row, strict=True)) if row else None


class CorpusUnwritable(RuntimeError):
    """This process cannot write the corpus or the folder it lives in."""


def unwritable(db_path: str | Path) -> str | None:
    """Why this process cannot write the corpus at `db_path` (None if it can),
    found before SQLite opens it: a connection that cannot write still leaves
    `-wal` and `-shm` files behind, read-only for the next run.

    >>> unwritable("/dev/null/news.db")
    '/dev/null is not a folder: give -s NEWS_DB a path in a folder'
    >>> import tempfile; unwritable(Path(tempfile.mkdtemp()) / "new" / "news.db") is None
    True
    """
    path, real = Path(db_path), Path(db_path).resolve()
    if real.is_dir():
        return f"{path} is a folder, not a database file: give -s NEWS_DB the file's path"
    files = [f for f in (real, *journal_files(real)) if f.exists()]
    blocked = [f for f in files if not os.access(f, os.R_OK | os.W_OK)]
    if blocked:
        names = " ".join(str(f) for f in blocked)
        return (
            f"cannot write {names} ({owner_and_mode(blocked[0])}): give {whoami()} read and "
            f"write access (e.g. sudo chown {whoami()} {names} && sudo chmod u+rw {names}), "
            "or use -s NEWS_DB=PATH"
        )
    folder = next(p for p in real.parents if p.exists())
    if not folder.is_dir():
        return f"{folder} is not a folder: give -s NEWS_DB a path in a folder"
    if not os.access(folder, os.W_OK | os.X_OK):
        return (
            f"cannot write in {folder} ({owner_and_mode(folder)}), where the corpus {path} "
            f"and its journal and lock files go: make it writable for {whoami()}, "
            "or use -s NEWS_DB=PATH"
        )
    return None


def journal_files(db: Path) -> list[Path]:
    """SQLite's files beside a WAL-mode database."""
    return [Path(f"{db}-wal"), Path(f"{db}-shm")]


def owner_and_mode(path: Path) -> str:
    st = path.stat()
    try:
        owner = pwd.getpwuid(st.st_uid).pw_name
    except KeyError:
        owner = str(st.st_uid)
    return f"owner {owner}, mode {stat.filemode(st.st_mode)}"


def whoami() -> str:
    try:
        return pwd.getpwuid(os.geteuid()).pw_name
    except KeyError:
        return str(os.geteuid())


class CorpusBusy(RuntimeError):
    """Another crawl holds the corpus lock."""


class CorpusLock:
    """An exclusive, non-blocking lock beside the corpus (``news.db.lock``),
    held by one crawl at a time; the OS drops it when the process dies, even
    by SIGKILL, so a killed run never blocks the next one.

    The lock belongs to the database file, not to one spelling of its path: a
    symlink, ``..`` or a relative path to the same file finds the same lock.
    """

    def __init__(self, db_path: str | Path) -> None:
        self.db_path = db_path
        self.path = lock_path(db_path)
        self.fh = None

    def __enter__(self) -> CorpusLock:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fh = self.path.open("a+")
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            fh.seek(0)
            holder = fh.read().strip() or "?"
            fh.close()
            raise CorpusBusy(f"another crawl (pid {holder}) is writing {self.db_path}") from None
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


def lock_path(db_path: str | Path) -> Path:
    """The lock file of the corpus at `db_path`: beside the real file, every
    symlink followed.

    >>> lock_path("/tmp/../tmp/news.db") == lock_path("/tmp/news.db")
    True
    """
    return Path(f"{Path(db_path).resolve()}.lock")


def run_summary(path: str | Path) -> dict[str, Any]:
    """What the latest run left in the corpus at `path`: its `runs` row, the
    article count, sources, its rejects and the sources not in good health."""
    corpus = Corpus(path)
    try:
        db = corpus.db
        run = db.execute("SELECT max(id) FROM runs").fetchone()[0]
        return {
            "run": db["runs"].get(run) if run else {},
            "articles": db["articles"].count,
            "sources": [
                r[0] for r in db.execute("SELECT DISTINCT source FROM articles ORDER BY 1")
            ],
            "rejects": list(db["rejects"].rows_where("run_id = ?", [run], order_by="id")),
            "unhealthy": list(db["sources"].rows_where("last_run = ? AND status != 'ok'", [run])),
            "discovery": list(db["discovery"].rows_where("run_id = ?", [run], order_by="rowid")),
        }
    finally:
        corpus.close()
